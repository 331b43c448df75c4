"""Arabic-aware tokens with exact offsets, for token formats (CoNLL, HF, spaCy) and agreement.

Rules, in order of precedence at each position:

* a **number** is a run of digits (Latin 0-9, Arabic-Indic ٠-٩, Extended ٠-٩ and any other
  Unicode decimal digit); a separator ``. , ، ٫ ٬ :`` *between two digits* stays inside it, so
  ``1،10`` (a time in the sample article), ``3.5`` and ``١٬٠٠٠`` are one token each;
* a **word** is a run of letters plus everything that decorates letters: harakat and other
  combining marks (every Unicode category M character), tatweel, ZWNJ/ZWJ and ``_``; a word
  stops where digits start, so the conjunction in ``و14`` is its own token ``و`` and the
  number ``14`` stays whole;
* anything else that is not whitespace (punctuation ، ؛ ؟ . « » " ( ) - / …, symbols, emoji)
  is a token of **one character**.

Whitespace separates tokens and is never part of one. No character is dropped, normalised or
moved: ``text[token.start:token.end] == token.text`` for every token, offsets are code points.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from pyarabic import araby

SEPARATORS_IN_NUMBERS = ".,،٫٬:"
SENTENCE_FINAL = frozenset(".؟?!…۔")
# Closing marks that belong to the sentence they follow (`قال: "انتهى."` ends after the quote).
_CLOSERS = frozenset("\"'»”’)]}›")


@cache
def mark_ranges() -> tuple[tuple[int, int], ...]:
    """Inclusive code point ranges of what decorates letters inside a word: every combining
    mark (categories Mn, Mc, Me), harakat and tatweel, ZWNJ and ZWJ. Built on first use (the
    scan takes a moment) so merely starting the program does not pay."""
    points = [
        cp
        # Marks live in planes 0-3 and 14; the other planes are unassigned or private use.
        for cp in (*range(0x40000), *range(0xE0000, 0xF0000))
        if unicodedata.category(chr(cp))[0] == "M"
    ]
    # Harakat are marks already and tatweel a letter; they are named so the Arabic-specific
    # intent is visible (pyarabic is the reference list).
    points += map(ord, "".join(araby.TASHKEEL) + araby.TATWEEL + "\u200c\u200d")
    ranges: list[tuple[int, int]] = []
    for cp in sorted(set(points)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return tuple(ranges)


@cache
def token_pattern() -> str:
    """One token, without the whitespace around it, as a regular expression."""
    marks = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in mark_ranges()
    )
    marks = f"[{marks}]"
    letter = "[^\\W\\d]"
    # Letters run in one tight loop; the large class of marks is tried only where letters stop.
    word = f"(?:{letter}|{marks}){letter}*(?:{marks}+{letter}*)*"
    number = f"\\d+(?:[{re.escape(SEPARATORS_IN_NUMBERS)}]\\d+)*"
    return f"{number}|{word}|[^\\s]"


@cache
def _token_re() -> re.Pattern[str]:
    return re.compile(token_pattern())


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    ws: bool  # followed by whitespace


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` in order; see the module docstring for the rules."""
    n = len(text)
    tokens = []
    append = tokens.append
    for m in _token_re().finditer(text):
        start, end = m.span()
        append(Token(m.group(), start, end, end < n and text[end].isspace()))
    return tokens


def sentences(text: str, tokens: list[Token]) -> list[range]:
    """Token index ranges of sentences: a new one starts after a line break in the text, or
    after sentence-final punctuation (``. ؟ ? ! …``) and any closing quotes or brackets glued
    to it. Every token is in exactly one sentence; ranges are in order and never empty."""
    out: list[range] = []
    begin = 0
    for i in range(1, len(tokens) + 1):
        if i == len(tokens):
            out.append(range(begin, i))
            break
        prev, tok = tokens[i - 1], tokens[i]
        if "\n" in text[prev.end : tok.start] or "\r" in text[prev.end : tok.start]:
            out.append(range(begin, i))
            begin = i
            continue
        glued = prev.end == tok.start
        if glued and (tok.text in SENTENCE_FINAL or tok.text in _CLOSERS):
            continue
        if _ends_sentence(tokens, begin, i):
            out.append(range(begin, i))
            begin = i
    return out


def _ends_sentence(tokens: list[Token], begin: int, i: int) -> bool:
    """Whether the tokens before index ``i`` end with final punctuation plus glued closers."""
    j = i - 1
    while j > begin and tokens[j].text in _CLOSERS and tokens[j - 1].end == tokens[j].start:
        j -= 1
    return tokens[j].text in SENTENCE_FINAL
