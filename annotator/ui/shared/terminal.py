"""Where the screen is drawn: Textual draws on stderr, so ``annotator annotate 2>err.log``
would draw into the file and leave the terminal blank."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

STDERR = 2


@contextmanager
def drawn_on_the_terminal() -> Iterator[None]:
    """While the app runs, stderr is the terminal when it was redirected and a terminal
    exists; afterwards it is the user's file again, so what is printed on exit (input
    problems, a save that failed) goes where they sent it."""
    if os.isatty(STDERR):
        yield
        return
    try:
        terminal = os.open("/dev/tty", os.O_WRONLY | os.O_NOCTTY)
    except OSError:  # no terminal at all (a pipe, a service): nothing to draw on anyway
        yield
        return
    sys.stderr.flush()
    saved = os.dup(STDERR)
    os.dup2(terminal, STDERR)
    os.close(terminal)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, STDERR)
        os.close(saved)
