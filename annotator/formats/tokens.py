"""The canonical export's tokens, as offsets and as JSON.

Tokens follow ``annotator.text.tokenize`` plus spaCy's whitespace convention: a token's ``ws`` is
one following space, and any other whitespace (a line break, a second space) is a token of its
own, so ``Doc(vocab, words, spaces)`` rebuilds the exact text.

Exporting writes some thirty token objects per document. ``annotator._tokens`` (C, built when
the package is installed) finds them, cuts them at span edges (``--align split``) and writes
their JSON without a Python object per token; without it (no compiler at install time, or
``ANNOTATOR_PURE_PYTHON=1``) the pure-Python code here and in ``annotator.formats.alignment``
does the same work, more slowly. That code is the reference: tests hold the two equal, byte
for byte.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from functools import cache

from annotator.text.tokenize import SEPARATORS_IN_NUMBERS, mark_ranges, token_pattern

Bounds = tuple[list[int], list[int], bytes]  # starts, ends, and 1 where one space follows


@cache
def _pieces() -> re.Pattern[str]:
    return re.compile(f"({token_pattern()}|\\s+)( ?)")


def _add_region(text: str, start: int, stop: int, starts, ends, ws) -> None:
    pos = start
    for tok, space in _pieces().findall(text, start, stop):
        starts.append(pos)
        pos += len(tok)
        ends.append(pos)
        ws.append(1 if space else 0)
        pos += len(space)


def python_bounds(text: str) -> Bounds:
    """The tokens' offsets, by the regular expression of ``annotator.text.tokenize``.

    Most space-separated chunks are one plain word or number (``isalpha``/``isdecimal``) and
    become a token directly; the regular expression runs only over runs of other chunks
    (punctuation, harakat, line breaks, extra spaces), each taken with the space after it, so
    the result is the same as running it over the whole text.
    """
    starts: list[int] = []
    ends: list[int] = []
    ws = bytearray()
    pos = 0
    region = -1  # where the pending run of chunks for the regular expression starts
    chunks = text.split(" ")
    last = len(chunks) - 1
    for n, chunk in enumerate(chunks):
        end = pos + len(chunk)
        if chunk.isalpha() or chunk.isdecimal():
            if region >= 0:
                _add_region(text, region, pos, starts, ends, ws)
                region = -1
            starts.append(pos)
            ends.append(end)
            ws.append(n != last)
        elif region < 0:
            region = pos
        pos = end + 1
    if region >= 0:
        _add_region(text, region, len(text), starts, ends, ws)
    return starts, ends, bytes(ws)


def as_dicts(text: str, starts: list[int], ends: list[int], ws: Sequence[int]) -> list[dict]:
    """The tokens as the canonical JSON objects ``{"text", "start", "end", "id", "ws"}``."""
    return [
        {"text": text[start:end], "start": start, "end": end, "id": i, "ws": bool(space)}
        for i, (start, end, space) in enumerate(zip(starts, ends, ws, strict=True))
    ]


def _marks_bitmap() -> bytes:
    bits = bytearray(0x110000 // 8)
    for first, last in mark_ranges():
        for cp in range(first, last + 1):
            bits[cp >> 3] |= 1 << (cp & 7)
    return bytes(bits)


@cache
def compiled():
    """``annotator._tokens`` ready to use, or None when it was not built (or is switched off
    with ``ANNOTATOR_PURE_PYTHON=1``)."""
    if os.environ.get("ANNOTATOR_PURE_PYTHON", "").strip().lower() not in ("", "0", "no", "false"):
        return None
    try:
        from annotator import _tokens
    except ImportError:
        return None
    _tokens.configure(_marks_bitmap(), SEPARATORS_IN_NUMBERS)
    return _tokens


def bounds(text: str) -> Bounds:
    """The canonical tokens' offsets: ``(starts, ends, ws)``."""
    module = compiled()
    return python_bounds(text) if module is None else module.bounds(text)
