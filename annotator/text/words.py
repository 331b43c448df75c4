"""Word boundaries for snapping selections and moving by word, Arabic-aware.

A word is a run of letters, combining marks (harakat), digits and tatweel. Everything else,
spaces and punctuation such as ، ؛ ؟ « » " ( ), separates words. Offsets are code-point
indices of the exact text.

The invisible marks the tokenizer passes over (ZWNJ, ZWJ, LRM, RLM, ALM, BOM:
``annotator.text.tokenize.INVISIBLE``) belong to a word only between two of its letters: a
ZWNJ inside a Persian or Urdu word keeps the word whole, while the LRM that scraped newswire
puts before every word, or a mark after one, stays outside whatever is snapped to words, so a
span never starts or ends with a mark.
"""

from __future__ import annotations

import unicodedata

from annotator.text.tokenize import INVISIBLE


def is_word_char(ch: str) -> bool:
    """A letter, combining mark or digit: what a word is made of (invisible marks aside)."""
    # Tatweel U+0640 is category Lm, harakat are Mn: both are covered here; the marks are Cf.
    return unicodedata.category(ch)[0] in "LMN"


def in_word(text: str, i: int) -> bool:
    """Whether ``text[i]`` is part of a word: a word character, or an invisible mark with
    word characters on both sides (through any run of marks)."""
    if text[i] not in INVISIBLE:
        return is_word_char(text[i])
    before = i - 1
    while before >= 0 and text[before] in INVISIBLE:
        before -= 1
    if before < 0 or not is_word_char(text[before]):
        return False
    after = i + 1
    while after < len(text) and text[after] in INVISIBLE:
        after += 1
    return after < len(text) and is_word_char(text[after])


def without_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without invisible marks at its edges (matching reads through them)."""
    while start < end and text[start] in INVISIBLE:
        start += 1
    while end > start and text[end - 1] in INVISIBLE:
        end -= 1
    return start, end


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word containing ``text[offset]``, or None when that character is not in a word.

    On marks before a word (a BOM, an LRM), the word right after them: the caret there is on
    that word's first letter, and the label must take the word, not the marks."""
    while 0 <= offset < len(text) and text[offset] in INVISIBLE and not in_word(text, offset):
        offset += 1
    if not 0 <= offset < len(text) or not in_word(text, offset):
        return None
    start = offset
    while start > 0 and in_word(text, start - 1):
        start -= 1
    end = offset + 1
    while end < len(text) and in_word(text, end):
        end += 1
    return start, end


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` trimmed of separators and marks at its edges, then grown to whole
    words.

    A range holding no word character at all is returned unchanged, so a lone comma can
    still be selected.
    """
    lo, hi = start, end
    while lo < hi and not in_word(text, lo):
        lo += 1
    while hi > lo and not in_word(text, hi - 1):
        hi -= 1
    if lo == hi:
        return start, end
    while lo > 0 and in_word(text, lo - 1):
        lo -= 1
    while hi < len(text) and in_word(text, hi):
        hi += 1
    return lo, hi


def next_word_start(text: str, offset: int) -> int:
    """The start of the first word after the one at ``offset``; ``len(text)`` if none."""
    i = offset
    while i < len(text) and in_word(text, i):
        i += 1
    while i < len(text) and not in_word(text, i):
        i += 1
    return i


def previous_word_start(text: str, offset: int) -> int:
    """The start of the word before ``offset`` (or of the word ``offset`` is inside); 0 if none."""
    i = offset
    while i > 0 and not in_word(text, i - 1):
        i -= 1
    while i > 0 and in_word(text, i - 1):
        i -= 1
    return i


def step_edge(text: str, offset: int, delta: int) -> int:
    """``offset`` moved by one character forward (+1) or back (-1), never stopping between
    a letter and its combining marks (harakat), so an edge never splits a letter."""
    offset = min(max(offset + delta, 0), len(text))
    while 0 < offset < len(text) and unicodedata.category(text[offset]) in ("Mn", "Me"):
        offset = min(max(offset + delta, 0), len(text))
    return offset


def extend_by_word(text: str, anchor: int | None, cursor: int, forward: bool) -> tuple[int, int]:
    """(anchor, cursor) after one Shift+Ctrl step of a selection that covers the characters
    from ``anchor`` to ``cursor``, both included (``anchor`` None: nothing selected yet).
    Each step takes one word, as editors do: forward, the cursor lands on the last letter of
    the word ahead (landing on the next word's first letter would select that word too);
    backward, on the first letter of the word behind, leaving out the character the cursor
    stood on when the selection began. Going against the selection gives back one word."""
    if forward:
        if anchor is not None and cursor < anchor:
            return anchor, min(next_word_start(text, cursor), anchor)
        i = cursor if anchor is None else cursor + 1
        while i < len(text) and not in_word(text, i):
            i += 1
        while i < len(text) and in_word(text, i):
            i += 1
        return (cursor if anchor is None else anchor), max(i - 1, cursor)
    if anchor is None:
        return max(cursor - 1, 0), previous_word_start(text, cursor)
    if cursor <= anchor:
        return anchor, previous_word_start(text, cursor)
    i = previous_word_start(text, cursor)
    while i > 0 and not in_word(text, i - 1):
        i -= 1
    return anchor, max(i - 1, anchor)
