"""Crash-test workers, forked from one warm interpreter and killed at a random moment.

``serve FD`` imports the storage code once, then answers requests on the Unix socket FD: each
request is one line and one file descriptor, the pipe its worker reports on. It forks a worker
for the request, waits for it to end and replies with its exit code (negative: the signal that
ended it), so the test knows the worker and its journal lock are gone. A fork of a process that
holds every import starts in a millisecond; a fresh interpreter needs a tenth of a second.

The requests:
``write JOURNAL START ACKS DELAY``: append numbered changes forever from START, reporting each
number once ``Journal.append`` returned (an acknowledged change); after ACKS of them, die
DELAY seconds later. ``compact JOURNAL [DELAY]``: compact it, report ``done`` and exit, unless
DELAY seconds ran out first.

The worker dies by its own interval timer: SIGALRM left at its default action is fatal, and the
kernel ends the process as it does for SIGKILL, wherever it is (inside ``write()`` too), with no
handler run and nothing flushed. The timer runs on the worker's own clock, so a loaded machine
delays the kill no more than the work, as a kill sent by the test after a sleep would be.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import traceback
from pathlib import Path
from typing import NoReturn

from annotator.annotations.model import DocRecord, Span
from annotator.store.compaction import compact
from annotator.store.journal import Journal

TEXT = "قصفت الطائرات الإسرائيلية مواقع في البوكمال.\r\nوقال المرصد إن 38 عنصرا قتلوا. " * 8


def change(number: int) -> DocRecord:
    """Change ``number``: a document among seven, the number its change id, every line of it
    known in advance (fixed span ids)."""
    return DocRecord(
        id=f"doc{number % 7}",
        text=TEXT,
        spans=[
            Span.of(TEXT, 36, 44, "SITE", id="site"),
            Span.of(TEXT, 0, number % 40 + 4, "ACTOR", id="actor"),
        ],
        status="in_progress",
        annotator="ali",
        seconds=float(number),
        change=str(number),
    )


def die_in(seconds: float) -> None:
    signal.setitimer(signal.ITIMER_REAL, seconds)


def write(path: Path, number: int, acks: int, delay: float, report: int) -> NoReturn:
    if acks == 0:
        die_in(delay)  # opening the journal (setting a torn line aside) is fair game too
    with Journal.open(path) as journal:
        while True:
            record = change(number)
            journal.append(record, change=record.change)
            os.write(report, b"%d\n" % number)
            number += 1
            acks -= 1
            if acks == 0:
                die_in(delay)


def run(request: list[str], report: int) -> None:
    mode, path = request[0], Path(request[1])
    if mode == "write":
        write(path, int(request[2]), int(request[3]), float(request[4]), report)
    if len(request) > 2:
        die_in(float(request[2]))
    compact(path)
    # Compaction is over: a timer still running would kill the worker after it said "done".
    die_in(0)
    os.write(report, b"done\n")


def serve(control: socket.socket) -> None:
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    replies = control.makefile("wb", buffering=0)
    while True:
        message, fds, _, _ = socket.recv_fds(control, 4096, 1)
        if not message:
            return  # the test is done
        (report,) = fds
        pid = os.fork()
        if pid == 0:
            try:
                run(message.decode().split(), report)
            except BaseException:
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        os.close(report)  # the worker holds the only copy: the test reads to its end
        _, status = os.waitpid(pid, 0)
        replies.write(b"%d\n" % os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[2])))
