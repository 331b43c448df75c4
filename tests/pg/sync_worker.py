"""An annotator process for the offline test: each line on stdin is one change, appended to
its journal (on disk) and handed to the sender, as the app does; it prints ``saved N`` once
the change is on disk and every status the sender reports. ``quit`` sends what waits and
prints the last status."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import Journal
from annotator.team.postgres.sender import Sender, SyncStatus

TEXT = "قصفت الطائرات البوكمال ودير الزور والميادين."
WORDS = ["الطائرات", "البوكمال", "دير الزور", "الميادين"]


# The sender's thread and the main one both print: a line is written whole or not at all.
_PRINTING = threading.Lock()


def say(line: str) -> None:
    with _PRINTING:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def said(status: SyncStatus) -> None:
    say(f"status: {status.line() or 'sent'}")


def main(url: str, path: Path) -> None:
    name = path.stem
    with Journal.open(path) as journal:
        sender = Sender(url, path, said)
        sender.start()
        for number, line in enumerate(sys.stdin):
            if line.strip() == "quit":
                break
            word = WORDS[number % len(WORDS)]
            start = TEXT.index(word)
            record = DocRecord(
                id=f"doc{number % 5}",
                text=TEXT,
                spans=[Span.of(TEXT, start, start + len(word), "SITE")],
                status="in_progress",
                annotator=name,
            )
            journal.append(record)
            sender.poke()
            say(f"saved {number}")
        final = sender.stop(timeout=60)
        say(f"final: {final.line() or 'sent'}")


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]))
