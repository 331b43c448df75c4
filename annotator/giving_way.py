"""Loops that read many records give the interpreter up now and then when they run beside
the UI thread (a loading screen's worker), so that it answers keys.

A thread waiting for the interpreter asks its holder to let go only after a whole switch
interval passes with no switch at all. A loop that reads a file lets go at every read and
takes the interpreter straight back, a switch each time, so the waiting thread never asks,
and the OS rarely wakes it in time to take its turn: reading 3 journals of 20,000 records
kept it from the UI thread for up to 300 ms at a time, and checking a journal of 100,000
records (a ``pread`` per line) for up to 0.9 s, on this 2-core machine. A sleep of zero
every few dozen records hands it over (it lasts about 60 us: long enough for the waiting
thread to wake and take it; a bare ``sched_yield`` is not). In the main thread (the
commands, which have no UI thread to answer) nothing is given up: a load of 100,000 lines
would take 0.1 s longer for nobody.
"""

from __future__ import annotations

import threading
import time

EVERY = 64
_MAIN = threading.main_thread()


def give_way(count: int, every: int = EVERY) -> None:
    """Call with a count that goes up by one per record (or per larger piece of work, with a
    smaller ``every``): every ``every``-th, another thread may run."""
    if not count % every and threading.current_thread() is not _MAIN:
        time.sleep(0)
