"""Proclitics split off as tokens of their own, on top of the one tokenizer: opt-in, for a
learning model that wants ``و`` + ``ب`` + ``ال`` + ``قوات`` rather than ``وبالقوات``. Nothing
uses it by default; exports and agreement keep the tokenizer's tokens.

A word loses, from its start, at most one conjunction (و ف), then at most one preposition
(ب ل ك), then, after a preposition other than ل, the article ال; each piece takes the
harakat written on it. A piece is split off only when what remains is a plausible word of
at least three letters, so ``وصل`` and ``بلد`` stay whole. Without a morphological analyser
this is a guess (``فيلم`` loses ``ف``); the model that uses it learns around such cases.
Offsets stay exact: the pieces of a token are consecutive slices of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from annotator.text.tokenize import Token

_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_ARTICLE = "ال"
_MIN_REST = 3


def _after_marks(word: str, at: int) -> int:
    """``at`` moved past the combining marks (harakat) written on the letter before it."""
    while at < len(word) and unicodedata.category(word[at]) == "Mn":
        at += 1
    return at


def _letters(word: str, at: int) -> int:
    return sum(unicodedata.category(c)[0] == "L" for c in word[at:])


def cuts(word: str) -> list[int]:
    """Where ``word`` is cut into proclitics and the rest, as offsets inside it, in order."""
    out: list[int] = []
    at = 0
    preposition = ""
    for letters in (_CONJUNCTIONS, _PREPOSITIONS):
        if at < len(word) and word[at] in letters:
            end = _after_marks(word, at + 1)
            if _letters(word, end) < _MIN_REST:
                return out
            out.append(end)
            preposition = word[at] if letters == _PREPOSITIONS else ""
            at = end
    # After ل the article's alif is not written (للقوات), so only ب and ك take ال off.
    if preposition in ("ب", "ك") and word.startswith(_ARTICLE, at):
        end = _after_marks(word, at + len(_ARTICLE))
        if _letters(word, end) >= _MIN_REST:
            out.append(end)
    return out


def split_proclitics(tokens: Sequence[Token]) -> list[Token]:
    """``tokens`` with proclitics split off each word; a piece before a cut has ``ws`` False."""
    out: list[Token] = []
    for token in tokens:
        start = 0
        for cut in cuts(token.text):
            out.append(Token(token.text[start:cut], token.start + start, token.start + cut, False))
            start = cut
        out.append(Token(token.text[start:], token.start + start, token.end, token.ws))
    return out
