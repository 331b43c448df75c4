"""Crash-test worker, run as a subprocess and killed with SIGKILL at random moments.

``write JOURNAL``: append numbered changes forever, from the number given on stdin, printing
each number after ``Journal.append`` returned (an acknowledged change). ``compact JOURNAL``:
compact it once. Both import first, print ``ready`` and wait for a line on stdin, so the test can
start the next worker while it checks the last one, and kill at a moment it chose.
"""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.annotations.model import DocRecord, Span
from annotator.store.compaction import compact
from annotator.store.journal import Journal

TEXT = "قصفت الطائرات الإسرائيلية مواقع في البوكمال.\r\nوقال المرصد إن 38 عنصرا قتلوا. " * 8


def change(number: int) -> DocRecord:
    """Change ``number``: a document among seven, with the number inside the record."""
    return DocRecord(
        id=f"doc{number % 7}",
        text=TEXT,
        spans=[Span.of(TEXT, 36, 44, "SITE"), Span.of(TEXT, 0, number % 40 + 4, "ACTOR")],
        status="in_progress",
        annotator="ali",
        seconds=float(number),
        extra={"change": number},
    )


def main() -> None:
    mode, path = sys.argv[1], Path(sys.argv[2])
    print("ready", flush=True)
    start = sys.stdin.readline()
    if mode == "compact":
        compact(path)
        print("done", flush=True)
        return
    number = int(start)
    with Journal.open(path) as journal:
        while True:
            journal.append(change(number))
            sys.stdout.write(f"{number}\n")
            sys.stdout.flush()
            number += 1


if __name__ == "__main__":
    main()
