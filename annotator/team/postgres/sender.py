"""Sending in the background: the app appends to its journal (on disk before the next key) and
pokes the sender, which sends what is new from a thread of its own. Without the server the app
goes on; the sender says how many changes wait and tries again every few seconds.

Every change waiting when the sender wakes goes in one statement (one round trip, one durable
commit). The notifications for a lead's screen leave from a thread and a connection of their
own (``notify.Notifier``): on the sender's connection each would hold the next change back
behind the cluster's one NOTIFY lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from annotator.problems import UserError
from annotator.team.postgres.connection import connect
from annotator.team.postgres.notify import Notifier
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
    state, from the sender's thread, and ``on_arrived`` (a benchmark's clock) the byte of the
    journal up to which the server has acknowledged every line, each time a send moves it."""

    def __init__(
        self, url: str, journal: Path, on_status: Callable[[SyncStatus], None] | None = None
    ) -> None:
        self.url = url
        self.journal = journal
        self.on_status = on_status
        self.on_arrived: Callable[[int], None] | None = None
        self._notifier = Notifier(url)
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
        deadline = time.monotonic() + timeout
        self._stopping = True
        self._wake.set()
        self._thread.join(timeout)
        self._notifier.close(max(0.0, deadline - time.monotonic()))
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
            # Read before sending: a stop asked for during this send sends once more, for
            # what was written while this one was on its way.
            stopping = self._stopping
            self._send_once()
            if stopping:
                break
        if self._conn is not None:
            self._conn.close()

    def _send_once(self) -> None:
        online, refused = True, ""
        acknowledged = self._state.offset
        try:
            if self._conn is None or self._conn.closed:
                self._conn = connect(self.url)
            sent = send(self._conn, self.journal, self._state, notify=self._notifier.tell)
            self._conflicts += sent.conflicts
            if self.on_arrived is not None and self._state.offset != acknowledged:
                self.on_arrived(self._state.offset)
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
