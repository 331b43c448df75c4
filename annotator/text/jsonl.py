"""The lines of a JSON Lines file, numbered and placed, as every reader of one takes them.

A UTF-8 byte order mark at the start of the file (Windows editors save one) is not part of the
first line: a journal or an export saved that way reads as it did before, as a corpus, an
import or a patterns file does.
Every few dozen lines the reading thread gives the interpreter up (``giving_way``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from annotator.giving_way import give_way

BOM = b"\xef\xbb\xbf"


def numbered_lines(f: BinaryIO) -> Iterator[tuple[int, int, bytes]]:
    """(number from 1, byte offset in the file, bytes with their newline) of each line of
    ``f`` from where it is (the start of the file)."""
    offset = 0
    for number, raw in enumerate(f, 1):
        give_way(number)
        start = offset
        offset += len(raw)
        if number == 1 and raw.startswith(BOM):
            raw = raw[len(BOM) :]
            start += len(BOM)
        yield number, start, raw
