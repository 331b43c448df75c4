"""Tolerant matching for Arabic: a normalised copy of a text plus the way back to its offsets.

Suggestions are found in a copy of the text without harakat and tatweel, with one alef, one
yeh, heh for teh marbuta and ASCII digits (pyarabic's normalisation, applied character by
character). Every match is then mapped back, so a suggested span always points into the text
exactly as stored and never normalises it.

Normalisation here only ever keeps, replaces or deletes a character, never expands one (the
presentation-form lam-alef ligatures, which would, are left as they are), so the way back is
cheap: the positions where characters were deleted.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from pyarabic import araby

from annotator.text.tokenize import INVISIBLE

# Arabic, Arabic Supplement and Arabic Extended-A: where every variant we fold lives.
_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF))
# Folds pyarabic has no function for: alef maqsura and the Persian yeh to yeh, keheh to kaf,
# Arabic-Indic and Persian digits to ASCII.
_EXTRA_FOLDS: dict[str, str] = {
    araby.ALEF_MAKSURA: araby.YEH,
    "\u06cc": araby.YEH,
    "\u06a9": "\u0643",
    **{chr(0x0660 + d): str(d) for d in range(10)},
    **{chr(0x06F0 + d): str(d) for d in range(10)},
}


def _fold(ch: str) -> str:
    if ch in _EXTRA_FOLDS:
        return _EXTRA_FOLDS[ch]
    out: str = araby.strip_tatweel(araby.strip_diacritics(araby.strip_tashkeel(ch)))
    if not out:
        return ""
    out = araby.normalize_hamza(out, method="tasheel")
    out = araby.normalize_alef(araby.normalize_teh(out))
    return _EXTRA_FOLDS.get(out, out)


def _build_table() -> dict[int, str | None]:
    # Invisible marks (an LRM before every word of scraped newswire, the joiners, the BOM)
    # are nothing to matching: rules and phrases find words whatever marks sit in or before.
    table: dict[int, str | None] = dict.fromkeys(map(ord, INVISIBLE))
    for low, high in _ARABIC_BLOCKS:
        for code in range(low, high + 1):
            ch = chr(code)
            folded = _fold(ch)
            if folded == ch or len(folded) > 1:
                continue
            table[code] = folded or None
    return table


_TABLE = _build_table()
# For telling words apart rather than finding variants of one: alef maqsura stays, so the
# preposition على is never the name علي (the gazetteer and the model key words this way).
_TABLE_DISTINCT = {k: v for k, v in _TABLE.items() if k != ord(araby.ALEF_MAKSURA)}
_DELETED = re.compile("[" + "".join(chr(c) for c, v in sorted(_TABLE.items()) if v is None) + "]+")


def _translator(table: dict[int, str | None]) -> Callable[[str], str]:
    """``text.translate(table)``, faster: CPython translates a text that is not ASCII one
    character at a time through the table, which cost a third of the built-in rules' time.
    Deleting is one regular expression; replacing is one ``str.replace`` per character of the
    table the text holds (a few). Every replacement is a character the table leaves alone, so
    replacing one after another gives what translating at once gives."""
    deleted = re.compile(
        "[" + "".join(re.escape(chr(c)) for c, v in table.items() if v is None) + "]+"
    )
    replaced = {chr(c): v for c, v in table.items() if v is not None}
    if any(ord(v) in table for v in replaced.values()):
        raise ValueError("a replacement the table would change again")
    present = re.compile("[" + "".join(map(re.escape, replaced)) + "]")

    def translate(text: str) -> str:
        text = deleted.sub("", text)
        for ch in set(present.findall(text)):
            text = text.replace(ch, replaced[ch])
        return text

    return translate


_folding = _translator(_TABLE)
_folding_distinct = _translator(_TABLE_DISTINCT)


def fold(text: str) -> str:
    """The normalised form of ``text`` (patterns and gazetteer entries are stored this way)."""
    return _folding(text)


def fold_distinct(text: str) -> str:
    """``fold`` without the one fold that merges distinct short words: ى stays ى."""
    return _folding_distinct(text)


@dataclass(frozen=True, slots=True)
class Normalized:
    """``text`` normalised, and where each of its positions came from in ``original``."""

    original: str
    text: str
    # For each run of deleted characters: the normalised position it sits before, and the
    # total number of characters deleted up to and including that run.
    _run_at: tuple[int, ...]
    _deleted: tuple[int, ...]

    def to_original(self, position: int) -> int:
        """The original offset of normalised ``position`` (0..len(text) inclusive).

        Deleted characters just before ``position`` (the harakat of the letter before it)
        count as before it, so a match ``[a, b)`` maps to a range that keeps every letter's
        marks with it: ``[to_original(a), to_original(b))``.
        """
        runs = bisect_right(self._run_at, position)
        return position + (self._deleted[runs - 1] if runs else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` of the normalised match ``[start, end)``."""
        return self.to_original(start), self.to_original(end)


def normalize(text: str) -> Normalized:
    run_at: list[int] = []
    deleted: list[int] = []
    total = 0
    for run in _DELETED.finditer(text):
        # The normalised position of this run: original start minus what was deleted before.
        run_at.append(run.start() - total)
        total += run.end() - run.start()
        deleted.append(total)
    return Normalized(text, fold(text), tuple(run_at), tuple(deleted))
