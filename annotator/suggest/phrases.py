"""Whole-word phrase lookup in normalised text, aware of Arabic proclitics.

Patterns files and the learned gazetteer both hold phrases: a label for a run of words. A
phrase matches where its words occur as whole words (never inside a longer word) with the
same separators between them (runs of spaces and tabs count as one space; a line break never
matches). The first word may carry the proclitics و ف ب ل ك (at most one of و ف, then at
most one of ب ل ك), which stay outside the match: "والبوكمال" gives "البوكمال". When ل
meets the article the alif is not written ("للبوكمال"); the match then starts at the article's
lam ("لبوكمال"), so the proclitic still stays out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from annotator.text.normalize import Normalized, fold

WORD = re.compile(r"\w+")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_CONJUNCTIONS = "وف"
_PREPOSITIONS = "بلك"
_PROCLITICS = frozenset(_CONJUNCTIONS + _PREPOSITIONS)
# A proclitic is only peeled off when what remains is a plausible word on its own.
_MIN_REST = 3


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]  # normalised
    gaps: tuple[str, ...]  # normalised separators between the words, spaces collapsed
    label: str
    source: str


def split_phrase(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The normalised words of ``text`` and the separators between them."""
    folded = fold(text)
    words = list(WORD.finditer(folded))
    gaps = tuple(_gap(folded[left.end() : right.start()]) for left, right in pairwise(words))
    return tuple(w.group() for w in words), gaps


def _gap(separator: str) -> str:
    return _SPACES.sub(" ", separator)


@lru_cache(maxsize=1 << 16)
def first_word_keys(word: str) -> tuple[tuple[str, int], ...]:
    """Every (word without proclitics, offset into ``word``) a phrase's first word may be."""
    keys = [(word, 0)]
    if word[0] not in _PROCLITICS:
        return tuple(keys)
    for conj in ("", *_CONJUNCTIONS):
        if conj and not word.startswith(conj):
            continue
        for prep in ("", *_PREPOSITIONS):
            cut = len(conj) + len(prep)
            if cut == 0 or not word.startswith(prep, len(conj)):
                continue
            rest = word[cut:]
            if len(rest) >= _MIN_REST:
                keys.append((rest, cut))
                if prep == "ل" and rest.startswith("ل"):
                    keys.append(("ا" + rest, cut))
    return tuple(keys)


class PhraseIndex:
    """Phrases by their first word, for one pass over a document's words."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[tuple[tuple[str, ...], tuple[str, ...]], Phrase]] = (
            defaultdict(dict)
        )
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def put(self, text: str, label: str, source: str) -> None:
        """Add ``text`` as a phrase, replacing the same words' earlier label; no words, no-op."""
        words, gaps = split_phrase(text)
        if not words:
            return
        same_first = self._by_first[words[0]]
        self._size += (words, gaps) not in same_first
        same_first[words, gaps] = Phrase(words, gaps, label, source)

    def remove(self, text: str) -> None:
        """Take out the phrase of ``text``'s words, if it is there."""
        words, gaps = split_phrase(text)
        same_first = self._by_first.get(words[0]) if words else None
        if same_first and same_first.pop((words, gaps), None) is not None:
            self._size -= 1
            if not same_first:
                del self._by_first[words[0]]

    def find(self, norm: Normalized, words: Words) -> list[tuple[int, int, str, str]]:
        """(start, end, label, source) of every match, in original offsets."""
        if not self._by_first:
            return []
        found = []
        by_first = self._by_first
        for index, (start, _, word) in enumerate(words.items):
            for key, cut in first_word_keys(word):
                same_first = by_first.get(key)
                if not same_first:
                    continue
                for phrase in same_first.values():
                    end = _match_rest(words, index, phrase)
                    if end is not None:
                        found.append((*norm.span(start + cut, end), phrase.label, phrase.source))
        return found


class Words:
    """The words of a normalised text, found once and shared by every phrase index."""

    def __init__(self, norm: Normalized) -> None:
        self.text = norm.text
        self.items = [(m.start(), m.end(), m.group()) for m in WORD.finditer(norm.text)]


def _match_rest(words: Words, index: int, phrase: Phrase) -> int | None:
    """The normalised end of ``phrase`` starting at word ``index``, or None."""
    items = words.items
    last = index + len(phrase.words) - 1
    if last >= len(items):
        return None
    for offset in range(1, len(phrase.words)):
        left, right = items[index + offset - 1], items[index + offset]
        if right[2] != phrase.words[offset]:
            return None
        if _gap(words.text[left[1] : right[0]]) != phrase.gaps[offset - 1]:
            return None
    return items[last][1]
