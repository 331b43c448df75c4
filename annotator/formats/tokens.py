"""The canonical export's tokens, as offsets and as JSON.

Tokens are ``annotator.text.tokenize.spacy_bounds``: the one tokenizer, in spaCy's whitespace
convention (a token's ``ws`` is one following space, any other whitespace is a token of its
own), so ``Doc(vocab, words, spaces)`` rebuilds the exact text.

Exporting writes some thirty token objects per document. ``annotator._tokens`` (C, built when
the package is installed) finds them, cuts them at span edges (``--align split``) and writes
their JSON without a Python object per token. It stays because the best pure-Python path
measured (one regular expression, offsets by ``accumulate``, one ``orjson.dumps``) exports
at about 9x plain ``orjson.dumps`` of the records, against the 3x allowed: finding the tokens
and making their objects cost about 3x each (docs/export.md has the figures). Without it (no
compiler at install time, or ``ANNOTATOR_PURE_PYTHON=1``) the tokenizer and
``annotator.formats.alignment`` do the same work: they are the reference, and tests hold the
two equal, byte for byte.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Sequence
from functools import cache
from typing import Any

from annotator.text.tokenize import SEPARATORS_IN_NUMBERS, mark_ranges, spacy_bounds

# starts, ends, and true (1) where one space follows: the tokenizer's or the compiled module's
Bounds = tuple[list[int], list[int], Sequence[int]]


def as_dicts(
    text: str, starts: list[int], ends: list[int], ws: Sequence[int]
) -> list[dict[str, Any]]:
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
def compiled() -> Any:
    """``annotator._tokens`` ready to use, or None when it was not built (or is switched off
    with ``ANNOTATOR_PURE_PYTHON=1``)."""
    if os.environ.get("ANNOTATOR_PURE_PYTHON", "").strip().lower() not in ("", "0", "no", "false"):
        return None
    try:
        _tokens = importlib.import_module("annotator._tokens")
    except ImportError:
        return None
    _tokens.configure(_marks_bitmap(), SEPARATORS_IN_NUMBERS)
    return _tokens


def bounds(text: str) -> Bounds:
    """The canonical tokens' offsets: ``(starts, ends, ws)``."""
    module = compiled()
    if module is None:
        return spacy_bounds(text)
    bounds: Bounds = module.bounds(text)
    return bounds
