"""Telling listeners (a lead's screen, ``db watch``) that progress moved, after the change
that moved it is committed, in a transaction of its own that does not wait for the disk.

A NOTIFY takes one lock for the whole cluster from before its transaction's commit is
written until the transaction ends: had it been sent inside the changes' durable
transactions, every one of them would commit after the other, each waiting for its own
flush. A notification is a hint to read the figures again (the figures themselves are
durable), so losing one in a crash costs nothing a new read would not mend.

Even on its own, a notifying transaction waits its turn for that lock behind every other
client's: measured with 8 annotators on 2 cores, 8-9 ms a time (median), longer than the
change it announces. ``Notifier`` so sends them from a thread and a connection of its own:
a claim or a change returns once it is durable, and what moved while the last notification
was on its way goes in the next one, together.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

import psycopg

from annotator.problems import UserError
from annotator.team.postgres.connection import connect

CHANNEL = "annotator_progress"


def notify_progress(conn: psycopg.Connection[Any], doc_ids: Iterable[str]) -> None:
    """Notify CHANNEL once per document (one round trip: pipelined)."""
    moved = list(dict.fromkeys(doc_ids))
    if not moved:
        return
    with conn.pipeline(), conn.transaction():
        conn.execute("SET LOCAL synchronous_commit TO off")
        for doc_id in moved:
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, doc_id))


class Notifier:
    """Notifies CHANNEL of the documents it is ``tell``-ed about, from its own thread and its
    own connection to ``url`` (made when first needed). Without the server the hints are
    dropped: a listener hears the server went away and reads the figures again anyway."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._moved: dict[str, None] = {}  # in the order they moved, each once
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = False
        self._thread: threading.Thread | None = None

    def tell(self, doc_ids: Iterable[str]) -> None:
        """Progress moved on ``doc_ids`` (committed): notify (returns at once)."""
        with self._lock:
            self._moved.update(dict.fromkeys(doc_ids))
            if not self._moved or self._stopping:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="annotator-notify", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def close(self, timeout: float = 5.0) -> None:
        """Send what waits (for at most ``timeout`` seconds), then stop."""
        with self._lock:
            self._stopping = True
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        conn: psycopg.Connection[Any] | None = None
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                with self._lock:
                    moved, self._moved = list(self._moved), {}
                    stopping = self._stopping
                if moved:
                    conn = self._send(conn, moved)
                if stopping:
                    return
        finally:
            if conn is not None:
                conn.close()

    def _send(
        self, conn: psycopg.Connection[Any] | None, moved: list[str]
    ) -> psycopg.Connection[Any] | None:
        """The connection to use next time (None: made again then)."""
        try:
            if conn is None or conn.closed or conn.broken:
                conn = connect(self.url)
            notify_progress(conn, moved)
        except (psycopg.Error, UserError, OSError):
            if conn is not None:
                conn.close()
            return None
        return conn
