"""The lines of a JSON Lines file, numbered and placed, as every reader of one takes them.

A UTF-8 byte order mark at the start of the file (Windows editors save one) is not part of the
first line: a journal or an export saved that way reads as it did before, as a corpus, an
import or a patterns file does.

Every ``YIELD_EVERY`` lines the reading thread gives the interpreter up for a moment. A
thread reading a journal beside the UI thread (the loading screens) otherwise kept it for up
to 300 ms at a time, measured on a 2-core machine with a 0.5 ms switch interval: a key
pressed then waited as long. Giving it up costs no measurable time (a review of 3 x 20,000
records read in 2.6 s either way).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import BinaryIO

BOM = b"\xef\xbb\xbf"
YIELD_EVERY = 64


def numbered_lines(f: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(number from 1, byte offset in the file, bytes with their newline) of each line of
    ``f`` from where it is (the start of the file)."""
    offset = 0
    for number, raw in enumerate(f, 1):
        if not number % YIELD_EVERY:
            time.sleep(0)  # another thread may run now (see above)
        start = offset
        offset += len(raw)
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM) :]
            start += len(BOM)
        yield number, start, raw
