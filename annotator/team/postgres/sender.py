"""Sending in the background: the app appends to its journal (on disk before the next key) and
pokes the sender, which sends what is new from a thread of its own. Without the server the app
goes on; the sender says how many changes wait and tries again every few seconds."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from annotator.problems import UserError
from annotator.team.postgres.connection import connect
from annotator.team.postgres.outbox import load_state, waiting
from annotator.team.postgres.records import Connection, refusal, send

# Seconds between two tries to reach a server that did not answer (or refused).
RETRY_SECONDS = 2.0
# What the server answers when it refuses a change (not a lost connection).
REFUSALS = (psycopg.errors.InsufficientPrivilege, psycopg.errors.DataError,
            psycopg.errors.IntegrityError)  # fmt: skip


@dataclass(frozen=True, slots=True)
class SyncStatus:
    online: bool
    waiting: int
    conflicts: tuple[str, ...] = field(default=())
    # Why the server refused the changes (not a lost connection: trying again will not do).
    refused: str = ""

    def line(self) -> str:
        """What the status line says: nothing when every change has arrived."""
        if self.refused:
            return f"not sent ({self.waiting} waiting): {self.refused}"
        if not self.online:
            return f"offline: {self.waiting} change{'s' if self.waiting != 1 else ''} waiting"
        if self.waiting:
            return f"sending {self.waiting} change{'s' if self.waiting != 1 else ''}"
        return ""


class Sender:
    """Sends ``journal``'s new lines to the server at ``url`` whenever poked (and every
    RETRY_SECONDS while the server cannot be reached); ``on_status`` hears each change of
    state, from the sender's thread."""

    def __init__(
        self, url: str, journal: Path, on_status: Callable[[SyncStatus], None] | None = None
    ) -> None:
        self.url = url
        self.journal = journal
        self.on_status = on_status
        self._state = load_state(journal)
        self._wake = threading.Event()
        self._stopping = False
        self._conn: Connection | None = None
        self._conflicts: list[str] = []
        self.status = SyncStatus(online=True, waiting=waiting(journal, self._state))
        self._thread = threading.Thread(target=self._run, name="annotator-sender", daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.poke()

    def poke(self) -> None:
        """A change is on disk: send it (returns at once)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> SyncStatus:
        """Send what is waiting (for at most ``timeout`` seconds), then stop; the last status."""
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout)
        return self.status

    def _conn_lost(self) -> bool:
        return self._conn is None or self._conn.closed or self._conn.broken

    def _disconnect(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _run(self) -> None:
        while True:
            settled = self.status.online and not self.status.refused
            self._wake.wait(None if settled else RETRY_SECONDS)
            self._wake.clear()
            self._send_once()
            if self._stopping:
                break
        if self._conn is not None:
            self._conn.close()

    def _send_once(self) -> None:
        online, refused = True, ""
        try:
            if self._conn is None or self._conn.closed:
                self._conn = connect(self.url)
            self._conflicts += send(self._conn, self.journal, self._state).conflicts
        except (UserError, OSError):
            online = False
            self._disconnect()
        except psycopg.Error as exc:
            # Only a refusal of the change itself is said as one; anything else (a server
            # shutting down answers in many ways) is the server out of reach: tried again.
            if isinstance(exc, REFUSALS) and not self._conn_lost():
                refused = refusal(exc)
            else:
                online = False
            self._disconnect()
        status = SyncStatus(
            online, waiting(self.journal, self._state), tuple(self._conflicts), refused
        )
        if status != self.status:
            self.status = status
            if self.on_status is not None:
                self.on_status(status)
