"""A gazetteer learned from accepted spans that knows how often it would be right.

Every accepted span of up to ``MAX_WORDS`` tokens becomes a phrase under the label it was
given most often (the first one on a tie). Marking a phrase once says little about its other
occurrences: the name علي marked 13 times is the word علي (often the preposition على written
with ي) 1,631 times. So the gazetteer also counts every occurrence of its phrases in accepted
documents, marked or not, and suggests a phrase only where its precision (how many of its
occurrences carried its label) reaches a threshold (``MIN_PRECISION`` unless the suggester
is given another); that precision is the suggestion's
confidence. Matching is phrases.py's: the one tokenizer's tokens, folded without merging ى
into ي, proclitics outside ("والبوكمال" -> "البوكمال").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.annotations.model import DocRecord
from annotator.problems import Problem, UserError
from annotator.store.journal import load_journal
from annotator.suggest.phrases import Key, PhraseIndex, Words, split_phrase

MAX_WORDS = 8
# A one-word phrase shorter than this is a particle or preposition (من، في، عن) marked by
# mistake, and would be suggested in every sentence.
MIN_LETTERS = 3
SOURCE = "gazetteer"
# Suggested only when at least half of a phrase's occurrences in accepted documents were
# marked with its label.
MIN_PRECISION = 0.5

Found = tuple[int, int, str, str, float]  # start, end, label, source, confidence


@dataclass(slots=True)
class _Entry:
    labels: Counter[str] = field(default_factory=Counter)
    seen: int = 0  # occurrences counted in accepted documents, marked or not

    def best(self) -> tuple[str, int]:
        return self.labels.most_common(1)[0]

    def precision(self) -> float:
        marked = self.best()[1]
        return marked / max(self.seen, sum(self.labels.values()))


class Gazetteer:
    def __init__(self) -> None:
        # Every learned phrase under its most frequent label; ``find`` filters by precision.
        self._index = PhraseIndex()
        self._entries: dict[Key, _Entry] = {}

    def __len__(self) -> int:
        """How many phrases it has learned (whatever their precision)."""
        return len(self._entries)

    def learn(self, text: str, label: str) -> None:
        key = _key(text)
        if key is None:
            return
        entry = self._entries.setdefault(key, _Entry())
        before = entry.best()[0] if entry.labels else None
        entry.labels[label] += 1
        after = entry.best()[0]
        if after != before:
            self._index.put_key(key, after, SOURCE)

    def unlearn(self, text: str, label: str) -> None:
        """Take back one ``learn(text, label)``: an accepted suggestion undone, a span deleted.
        The phrase keeps its most frequent remaining label, or leaves the gazetteer."""
        key = _key(text)
        entry = self._entries.get(key) if key is not None else None
        if key is None or entry is None or not entry.labels[label]:
            return
        before = entry.best()[0]
        entry.labels[label] -= 1
        if entry.labels[label] == 0:
            del entry.labels[label]
        if not entry.labels:
            del self._entries[key]
            self._index.remove_key(key)
            return
        after = entry.best()[0]
        if after != before:
            self._index.put_key(key, after, SOURCE)

    def count(self, text: str, times: int = 1) -> None:
        """An accepted document: every occurrence of a learned phrase in ``text``, marked or
        not, counts towards that phrase's precision. Count each document once (``times=-1``
        takes a count back)."""
        for _, _, phrase in self._index.matches(Words(text)):
            self._entries[phrase.key].seen += times

    def learn_records(self, records: Iterable[DocRecord]) -> None:
        """Learn every span of every record a reviewer has not rejected, then count the
        phrases' occurrences in the accepted ones (so a phrase learned from a later record
        is counted in the earlier ones too)."""
        accepted = []
        for record in records:
            if record.status == "rejected":
                continue
            for span in record.spans:
                self.learn(span.text, span.label)
            if record.status == "accepted":
                accepted.append(record.text)
        for text in accepted:
            self.count(text)

    def precision(self, text: str) -> tuple[str, float] | None:
        """The label ``text`` would be suggested as and how often it was right, if learned."""
        key = _key(text)
        entry = self._entries.get(key) if key is not None else None
        return (entry.best()[0], entry.precision()) if entry else None

    def matches(
        self, words: Words, leave_out: Iterable[tuple[str, str]] | None = None
    ) -> list[tuple[int, int, str, float]]:
        """(start, end, label, precision) of every occurrence of a learned phrase.

        ``leave_out``: the (text, label) of the spans this very document was learned with,
        its occurrences counted too; the figures are then what they would be had it never
        been learned, which is what a model must see of a document it trains on."""
        found = list(self._index.matches(words))
        if leave_out is None:
            return [(s, e, p.label, self._entries[p.key].precision()) for s, e, p in found]
        own_seen = Counter(p.key for _, _, p in found)
        own_marked = Counter((key, label) for text, label in leave_out if (key := _key(text)))
        out = []
        for start, end, phrase in found:
            entry = self._entries[phrase.key]
            labels = +Counter(
                {label: n - own_marked[phrase.key, label] for label, n in entry.labels.items()}
            )
            if labels:
                label, marked = labels.most_common(1)[0]
                seen = max(entry.seen - own_seen[phrase.key], labels.total())
                out.append((start, end, label, marked / seen))
        return out

    def find(self, words: Words, min_precision: float = MIN_PRECISION) -> list[Found]:
        """The suggestions: occurrences of phrases at least ``min_precision`` precise, with
        that precision as their confidence."""
        return [
            (start, end, label, SOURCE, round(precision, 3))
            for start, end, label, precision in self.matches(words)
            if precision >= min_precision
        ]

    def to_json(self) -> list[list[object]]:
        """Every phrase with its label counts and occurrences (a model keeps its gazetteer)."""
        return [
            [list(words), list(gaps), dict(entry.labels), entry.seen]
            for (words, gaps), entry in self._entries.items()
        ]

    @classmethod
    def from_json(cls, data: list[list[Any]]) -> Gazetteer:
        gazetteer = cls()
        for words, gaps, labels, seen in data:
            key = (tuple(words), tuple(gaps))
            entry = _Entry(Counter(labels), seen)
            gazetteer._entries[key] = entry
            gazetteer._index.put_key(key, entry.best()[0], SOURCE)
        return gazetteer


def _key(text: str) -> Key | None:
    """The phrase ``text`` is learned as, or None when it is not worth learning."""
    words, gaps = split_phrase(text)
    if not words or len(words) > MAX_WORDS:
        return None
    if len(words) == 1 and sum(c.isalpha() for c in words[0]) < MIN_LETTERS:
        return None
    return words, gaps


def gazetteer_from_journals(paths: Iterable[Path]) -> tuple[Gazetteer, list[Problem]]:
    """A gazetteer of every span in these journals (the latest record per document), and the
    bad lines met; UserError when a journal does not exist."""
    gazetteer = Gazetteer()
    problems: list[Problem] = []
    records: list[DocRecord] = []
    for path in paths:
        if not Path(path).is_file():
            raise UserError(f"{path}: no such journal for --gazetteer")
        contents = load_journal(Path(path))
        problems += contents.problems
        records += contents.records.values()
    gazetteer.learn_records(records)
    return gazetteer, problems
