"""Offsets in UTF-16 code units, as JavaScript tools (doccano) count them, and back to the
code points annotator counts: a character outside the Basic Multilingual Plane (most emoji,
𝔸) is one code point and two units. Arabic text is all in the BMP, where both counts agree.
"""

from __future__ import annotations

import re
from bisect import bisect_left

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class Utf16Offsets:
    """Where a text's two-unit characters are, to convert its offsets either way."""

    __slots__ = ("astral", "length", "units")

    def __init__(self, text: str) -> None:
        # Most texts have none: one search, then no list is built.
        found = _ASTRAL.search(text) is not None
        self.astral = [m.start() for m in _ASTRAL.finditer(text)] if found else []
        self.units = [p + k for k, p in enumerate(self.astral)]  # their offsets in units
        self.length = len(text) + len(self.astral)  # the text's length in units

    def to_units(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset``."""
        return offset + bisect_left(self.astral, offset) if self.astral else offset

    def to_code_point(self, unit: int) -> int | None:
        """The code-point offset of UTF-16 ``unit``; None when it falls between the two
        halves of one character."""
        k = bisect_left(self.units, unit)
        if k and self.units[k - 1] + 1 == unit:
            return None
        return unit - k
