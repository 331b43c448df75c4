"""Whole-word phrase lookup over the project's one tokenizer, aware of Arabic proclitics.

Patterns files and the learned gazetteer both hold phrases: a label for a run of tokens
(``annotator.text.tokenize``), each compared in its folded form (``fold_distinct``: no
harakat, tatweel or invisible marks, one alef, but ى kept apart from ي). A phrase matches
where its tokens occur in a document's tokens with the same kind of gap between each two
(none, spaces and tabs, or anything holding a line break). The first token may carry the
proclitics the opt-in proclitic layer cuts off (``annotator.text.proclitics``: one of و ف,
then one of ب ل ك), which stay outside the match: "والبوكمال" gives "البوكمال"; the article
stays inside. When ل meets the article the alif is not written ("للبوكمال"); the match then
starts at the article's lam ("لبوكمال"), so the proclitic still stays out.

Offsets come from the tokens themselves, so every match is exact in the stored text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from annotator.text.normalize import fold_distinct
from annotator.text.proclitics import cuts
from annotator.text.tokenize import Token, tokenize

_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_ARTICLE = "ال"

# A phrase's identity: its folded tokens and the gaps between them.
Key = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Phrase:
    words: tuple[str, ...]  # folded tokens
    gaps: tuple[str, ...]  # "" (glued), " " (spaces) or the whitespace itself, between tokens
    label: str
    source: str

    @property
    def key(self) -> Key:
        return self.words, self.gaps


@lru_cache(maxsize=1 << 10)
def _gap(between: str) -> str:
    # Folded, so invisible marks between two tokens are no gap of their own.
    return _SPACES.sub(" ", fold_distinct(between))


@lru_cache(maxsize=1 << 16)
def word_key(token: str) -> str:
    """A token as phrases compare it (``fold_distinct``), cached: words recur."""
    return fold_distinct(token)


def _gaps(text: str, tokens: list[Token]) -> tuple[str, ...]:
    return tuple(_gap(text[left.end : right.start]) for left, right in pairwise(tokens))


def split_phrase(text: str) -> Key:
    """The folded tokens of ``text`` and the gaps between them; empty when it holds no word
    or number (punctuation alone is no phrase)."""
    tokens = [t for t in tokenize(text) if fold_distinct(t.text)]
    if not any(c.isalnum() for t in tokens for c in t.text):
        return (), ()
    return tuple(fold_distinct(t.text) for t in tokens), _gaps(text, tokens)


@lru_cache(maxsize=1 << 16)
def first_word_keys(word: str) -> tuple[tuple[str, int], ...]:
    """Every (folded rest, offset into ``word``) a phrase's first token may be: the token
    itself, and what remains after each proclitic the proclitic layer cuts off (never the
    article: it belongs to the name)."""
    keys = [(word_key(word), 0)]
    start = 0
    for cut in cuts(word):
        piece, rest = fold_distinct(word[start:cut]), fold_distinct(word[cut:])
        start = cut
        if piece == _ARTICLE:
            break
        keys.append((rest, cut))
        if piece == "ل" and rest.startswith("ل"):
            keys.append(("ا" + rest, cut))
    return tuple(keys)


class Words:
    """A document's tokens, found once and shared by every phrase index."""

    def __init__(self, text: str) -> None:
        self.tokens = [t for t in tokenize(text) if word_key(t.text)]
        self.keys = [word_key(t.text) for t in self.tokens]
        self.gaps = _gaps(text, self.tokens)


class PhraseIndex:
    """Phrases by their first token, for one pass over a document's tokens."""

    def __init__(self) -> None:
        self._by_first: dict[str, dict[Key, Phrase]] = defaultdict(dict)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def put(self, text: str, label: str, source: str) -> None:
        """Add ``text`` as a phrase, replacing the same words' earlier label; no words, no-op."""
        words, gaps = split_phrase(text)
        if words:
            self.put_key((words, gaps), label, source)

    def put_key(self, key: Key, label: str, source: str) -> None:
        same_first = self._by_first[key[0][0]]
        self._size += key not in same_first
        same_first[key] = Phrase(*key, label, source)

    def remove_key(self, key: Key) -> None:
        """Take out the phrase of ``key``, if it is there."""
        same_first = self._by_first.get(key[0][0]) if key[0] else None
        if same_first and same_first.pop(key, None) is not None:
            self._size -= 1
            if not same_first:
                del self._by_first[key[0][0]]

    def matches(self, words: Words) -> Iterator[tuple[int, int, Phrase]]:
        """(start, end, phrase) of every match, in the document's offsets."""
        by_first = self._by_first
        if not by_first:
            return
        tokens = words.tokens
        for index, token in enumerate(tokens):
            for key, cut in first_word_keys(token.text):
                same_first = by_first.get(key)
                if not same_first:
                    continue
                for phrase in same_first.values():
                    last = _match_rest(words, index, phrase)
                    if last is not None:
                        yield token.start + cut, tokens[last].end, phrase

    def find(self, words: Words) -> list[tuple[int, int, str, str]]:
        """(start, end, label, source) of every match."""
        return [(start, end, p.label, p.source) for start, end, p in self.matches(words)]


def _match_rest(words: Words, index: int, phrase: Phrase) -> int | None:
    """The index of ``phrase``'s last token when it starts at token ``index``, or None."""
    last = index + len(phrase.words) - 1
    if last >= len(words.keys):
        return None
    for offset in range(1, len(phrase.words)):
        at = index + offset
        if words.keys[at] != phrase.words[offset] or words.gaps[at - 1] != phrase.gaps[offset - 1]:
            return None
    return last
