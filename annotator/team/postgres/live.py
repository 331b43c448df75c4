"""A lead's screen updated live: the server notifies ``annotator_progress`` whenever routing or
a change moves progress (a claim, a report, a review), and ``ProgressWatch`` hears it on a
connection of its own (LISTEN), so nothing asks the server again and again for figures."""

from __future__ import annotations

import threading
from collections.abc import Callable

import psycopg

from annotator.problems import UserError
from annotator.team.postgres.connection import connect
from annotator.team.postgres.notify import CHANNEL
from annotator.team.postgres.sender import RETRY_SECONDS

# How long one wait for a notification lasts before the watch looks whether it should stop.
_WAKE_SECONDS = 0.5


class ProgressWatch:
    """Calls ``on_change(doc_id)`` from its own thread each time progress moves on the server
    at ``url``; ``on_change(None)`` when listening starts or the server goes away (and when it
    is back), so the screen reads the figures again, or says the server is away."""

    def __init__(self, url: str, on_change: Callable[[str | None], None]) -> None:
        self.url = url
        self.on_change = on_change
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="annotator-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(5 * _WAKE_SECONDS)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                with connect(self.url) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.on_change(None)
                    while not self._stopping.is_set():
                        for note in conn.notifies(timeout=_WAKE_SECONDS):
                            self.on_change(note.payload)
            except (psycopg.Error, UserError, OSError):
                self.on_change(None)
                self._stopping.wait(RETRY_SECONDS)
