"""A gazetteer learned from accepted spans: what was marked once is suggested where it recurs.

Every accepted span of up to ``MAX_WORDS`` words becomes a phrase (longer ones are quotes,
which do not recur). A phrase marked with different labels takes the label it was given most
often (the first one on a tie). Matching is the phrase matching of phrases.py: whole words,
tolerant of harakat and letter variants, proclitics outside ("والبوكمال" -> "البوكمال").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.problems import Problem, UserError
from annotator.store.journal import load_journal
from annotator.suggest.phrases import PhraseIndex, Words, split_phrase
from annotator.text.normalize import Normalized

MAX_WORDS = 8
# A one-word phrase shorter than this is a particle or preposition (من، في، عن) marked by
# mistake, and would be suggested in every sentence.
MIN_LETTERS = 3
SOURCE = "gazetteer"


class Gazetteer:
    def __init__(self) -> None:
        self._index = PhraseIndex()
        self._labels: dict[tuple[tuple[str, ...], tuple[str, ...]], Counter[str]] = {}

    def __len__(self) -> int:
        return len(self._index)

    def learn(self, text: str, label: str) -> None:
        words, gaps = split_phrase(text)
        if not words or len(words) > MAX_WORDS:
            return
        if len(words) == 1 and sum(c.isalpha() for c in words[0]) < MIN_LETTERS:
            return
        counts = self._labels.setdefault((words, gaps), Counter())
        before = counts.most_common(1)[0][0] if counts else None
        counts[label] += 1
        after = counts.most_common(1)[0][0]
        if after != before:
            self._index.put(text, after, SOURCE)

    def unlearn(self, text: str, label: str) -> None:
        """Take back one ``learn(text, label)``: an accepted suggestion undone, a span deleted.
        The phrase keeps its most frequent remaining label, or leaves the gazetteer."""
        words, gaps = split_phrase(text)
        counts = self._labels.get((words, gaps))
        if not counts or not counts[label]:
            return
        before = counts.most_common(1)[0][0]
        counts[label] -= 1
        if counts[label] == 0:
            del counts[label]
        if not counts:
            del self._labels[words, gaps]
            self._index.remove(text)
            return
        after = counts.most_common(1)[0][0]
        if after != before:
            self._index.put(text, after, SOURCE)

    def learn_records(self, records: Iterable[DocRecord]) -> None:
        """Learn every span of every record a reviewer has not rejected."""
        for record in records:
            if record.status == "rejected":
                continue
            for span in record.spans:
                self.learn(span.text, span.label)

    def find(self, norm: Normalized, words: Words) -> list[tuple[int, int, str, str]]:
        return self._index.find(norm, words)


def gazetteer_from_journals(paths: Iterable[Path]) -> tuple[Gazetteer, list[Problem]]:
    """A gazetteer of every span in these journals (the latest record per document), and the
    bad lines met; UserError when a journal does not exist."""
    gazetteer = Gazetteer()
    problems: list[Problem] = []
    for path in paths:
        if not Path(path).is_file():
            raise UserError(f"{path}: no such journal for --gazetteer")
        contents = load_journal(Path(path))
        problems += contents.problems
        gazetteer.learn_records(contents.records.values())
    return gazetteer, problems
