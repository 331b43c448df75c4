"""THE tokenizer: Arabic-aware tokens with exact offsets, for every token format (CoNLL, HF,
spaCy), agreement and suggestions. One regular expression decides them.

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

**Invisible marks** (LRM, RLM, ALM, ZWNJ, ZWJ, BOM; scraped wire text often carries an LRM
before every word) are nothing to ``tokenize``: no token starts or ends with one and none is
made of them alone, so CoNLL and HF never get a token that is only marks; between two word
characters they stay inside the word. ``spacy_bounds``, whose tokens must rebuild the text,
keeps them as the other characters (the compiled export tokens are held equal to it).

Two views of the same tokens: ``tokenize`` (the tokens, each flagged when any whitespace
follows it) and ``spacy_bounds`` (spaCy's convention, where a token's ``ws`` is one following
space and any other whitespace is a token of its own, so ``Doc(vocab, words, spaces)`` rebuilds
the exact text). ``annotator.text.proclitics`` splits proclitics off on top of either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, chain

from pyarabic import araby

from annotator.giving_way import give_way

SEPARATORS_IN_NUMBERS = ".,،٫٬:"
SENTENCE_FINAL = frozenset(".؟?!…۔")
# Closing marks that belong to the sentence they follow (`قال: "انتهى."` ends after the quote).
_CLOSERS = frozenset("\"'»”’)]}›")
# Planes that hold letters or marks; the others are unassigned or private use.
_ASSIGNED = (*range(0x40000), *range(0xE0000, 0xF0000))
_FIRST_ASTRAL = 0x10000
# Code points scanned between two chances for another thread to run (``_assigned_blocks``).
_BLOCK = 4096

# Invisible in text and nothing to ``tokenize`` (see the module docstring).
INVISIBLE = "\u200e\u200f\u061c\u200c\u200d\ufeff"

# (starts, ends, ws): token offsets in order, and True where one space follows the token.
Bounds = tuple[list[int], list[int], list[bool]]


def _runs(code_points: list[int]) -> list[tuple[int, int]]:
    """Sorted code points as inclusive ``(first, last)`` ranges."""
    ranges: list[tuple[int, int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    return ranges


def _assigned_blocks() -> Iterator[tuple[int, ...]]:
    """The assigned code points, a block at a time, giving the interpreter up between blocks.

    The patterns are first built where the tokenizer is first used, often a worker beside the
    UI thread (the annotate app's load): one search over every code point at once held the
    interpreter for 50 ms there, and a key pressed meanwhile waited as long."""
    for n, first in enumerate(range(0, len(_ASSIGNED), _BLOCK)):
        give_way(n, every=1)
        yield _ASSIGNED[first : first + _BLOCK]


@cache
def mark_ranges() -> tuple[tuple[int, int], ...]:
    """Inclusive code point ranges of what decorates letters inside a word: every combining
    mark (categories Mn, Mc, Me), harakat and tatweel, ZWNJ and ZWJ. Built on first use (the
    scan takes a moment) so merely starting the program does not pay."""
    points = [
        cp
        for block in _assigned_blocks()
        for cp in block
        if unicodedata.category(chr(cp))[0] == "M"
    ]
    # Harakat are marks already and tatweel a letter; they are named so the Arabic-specific
    # intent is visible (pyarabic is the reference list).
    points += map(ord, "".join(araby.TASHKEEL) + araby.TATWEEL + "\u200c\u200d")
    return tuple(_runs(sorted(set(points))))


def _char_class(ranges: list[tuple[int, int]]) -> str:
    return (
        "["
        + "".join(
            re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
            for a, b in ranges
        )
        + "]"
    )


def _blocks_of(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs of 4,096-code-point blocks that ``ranges`` touch: a class of a few ranges that
    a character outside them fails at once, before the long class of ``ranges`` (which the
    engine compares one range at a time) is tried."""
    blocks: list[tuple[int, int]] = []
    for a, b in ranges:
        first, last = a & ~0xFFF, b | 0xFFF
        if blocks and blocks[-1][1] >= first - 1:
            blocks[-1] = (blocks[-1][0], max(blocks[-1][1], last))
        else:
            blocks.append((first, last))
    return blocks


@cache
def token_pattern(hide_invisible: bool = False) -> str:
    """One token, without the whitespace around it, as a regular expression.

    A word character is a letter (``[^\\W\\d]``: alphanumeric or ``_``, not a decimal digit)
    or a mark, spelled out as one character class. Its characters outside the Basic
    Multilingual Plane get a class of their own, tried only at a character in a block that
    holds some: the regular expression engine looks those up one range at a time, and would
    at every word's end.
    With ``hide_invisible`` (``tokenize``), the invisible marks start, end or make no token;
    a run of them followed by a word character continues the word.
    """
    letters = [
        letter
        for block in _assigned_blocks()
        for letter in re.findall(r"[^\W\d]", "".join(map(chr, block)))
    ]
    marks = (cp for a, b in mark_ranges() for cp in range(a, b + 1))
    hidden = set(map(ord, INVISIBLE)) if hide_invisible else set()
    word_chars = _runs(sorted({*map(ord, letters), *marks} - hidden))
    bmp = _char_class([r for r in word_chars if r[1] < _FIRST_ASTRAL])
    astral_chars = [r for r in word_chars if r[0] >= _FIRST_ASTRAL]
    astral = _char_class(astral_chars)
    at_astral = f"(?={_char_class(_blocks_of(astral_chars))}){astral}"
    inner = f"{at_astral}|[{INVISIBLE}]+(?:{bmp}|{at_astral})" if hide_invisible else at_astral
    word = f"(?:{bmp}|{at_astral}){bmp}*(?:(?:{inner}){bmp}*)*"
    number = f"\\d+(?:[{re.escape(SEPARATORS_IN_NUMBERS)}]\\d+)*"
    other = f"[^\\s{INVISIBLE}]" if hide_invisible else "\\S"
    return f"{word}|{number}|{other}"


@cache
def _token_re() -> re.Pattern[str]:
    return re.compile(token_pattern(hide_invisible=True))


@cache
def _piece_re() -> re.Pattern[str]:
    """A token with the one space it may take, or a run of whitespace (spaCy's tokens)."""
    return re.compile(f"({token_pattern()}|\\s+)( ?)")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    ws: bool  # followed by whitespace


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` in order; see the module docstring for the rules."""
    n = len(text)
    return [
        Token(m.group(), m.start(), m.end(), m.end() < n and text[m.end()].isspace())
        for m in _token_re().finditer(text)
    ]


def token_bounds(text: str) -> tuple[Sequence[int], Sequence[int]]:
    """The starts and ends of ``tokenize``'s tokens, without building them: token-level
    agreement asks this of every document."""
    bounds = list(map(re.Match.span, _token_re().finditer(text)))
    if not bounds:
        return (), ()
    starts, ends = zip(*bounds, strict=True)
    return starts, ends


def spacy_bounds(text: str) -> Bounds:
    """The tokens in spaCy's convention, as offsets: a run of whitespace other than a token's
    one following space is a token too, so the tokens and their spaces rebuild ``text``."""
    pieces = _piece_re().findall(text)
    # Offsets from lengths, without a Python step per token: token, space, token, space...
    at = list(accumulate(map(len, chain.from_iterable(pieces)), initial=0))
    return at[0:-1:2], at[1::2], [space == " " for _, space in pieces]


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
