"""Long reading in a worker thread while a screen answers keys (a loading screen).

Measured on the review of 3 x 20,000 records (bench/keys.py), two things made a key wait:

- The cyclic garbage collector. Reading builds millions of objects that live as long as the
  app; each collection the allocations set off walks every tracked object of its generations
  while holding the GIL, so the UI thread waited up to 0.6 s (first generations) and 0.9 to
  1.3 s (full collections) in one load. The collector is paused while the reading runs, and
  what was read is then frozen out of later collections (``gc.freeze``; it is still freed by
  reference counting: none of it forms cycles).
- The interpreter's switch interval. A thread that computes keeps the GIL for 5 ms before it
  must hand it over, and the UI thread gives it up each time its event loop waits, so a key
  that takes several turns of the loop waited 5 ms for each. While the reading runs the
  interval is 0.5 ms.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

# Seconds a computing thread holds the GIL before the UI thread may take it, while reading.
SWITCH_INTERVAL = 0.0005


@contextmanager
def reading_beside_the_screen() -> Iterator[None]:
    """Run the body (in a worker thread) with the collector paused and a short switch
    interval; on leaving, what it built is frozen out of collections and both are restored."""
    collecting, interval = gc.isenabled(), sys.getswitchinterval()
    gc.disable()
    sys.setswitchinterval(min(interval, SWITCH_INTERVAL))
    try:
        yield
    finally:
        gc.freeze()
        sys.setswitchinterval(interval)
        if collecting:
            gc.enable()
