"""How good each source of suggestions is: precision, recall and F1 per label and per source
against gold (exact spans: same start, end and label).

A suggested span carries its source (``rule:quote:colon``, ``pattern:p.jsonl:3``,
``gazetteer``, ``model:crf``), and keeps it once accepted, so this scores a journal of
suggestions (``annotator suggest``) or an annotator's journal alike. Sources are grouped by
kind (``rule``, ``pattern``, ``gazetteer``), models by name (``model:crf``); spans with no
source are ``hand``. A source's recall counts the gold spans of the labels it suggests at
all: a rule that only ever suggests QUOTE is not charged with every missed ACTOR.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.annotations.model import DocRecord, Span

Key = tuple[int, int, str]


@dataclass(slots=True)
class Counts:
    correct: int = 0
    suggested: int = 0
    gold: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.suggested if self.suggested else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "suggested": self.suggested,
            "gold": self.gold,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(slots=True)
class Evaluation:
    documents: int = 0
    by_label: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    by_source: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    overall: Counts = field(default_factory=Counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "overall": self.overall.to_json(),
            "labels": {k: v.to_json() for k, v in sorted(self.by_label.items())},
            "sources": {k: v.to_json() for k, v in sorted(self.by_source.items())},
        }


def source_kind(span: Span) -> str:
    kind, _, rest = span.source.partition(":")
    if not kind:
        return "hand"
    return f"model:{rest.partition(':')[0]}" if kind == "model" else kind


def evaluate(
    predicted: Mapping[str, DocRecord],
    gold: Mapping[str, DocRecord],
    sources: Iterable[str] | None = None,
) -> Evaluation:
    """Score the documents of ``predicted`` that ``gold`` has accepted; with ``sources``
    (kinds: ``rule``, ``model``, ``model:crf``...), only spans from those sources count."""
    wanted = set(sources) if sources is not None else None
    result = Evaluation()
    gold_by_label: dict[str, int] = defaultdict(int)
    found_by_source: dict[str, list[tuple[Key, bool]]] = defaultdict(list)
    for doc_id, reference in gold.items():
        record = predicted.get(doc_id)
        if reference.status != "accepted" or record is None or record.text != reference.text:
            continue
        result.documents += 1
        truth = {span.key() for span in reference.spans if not span.stale}
        for key in truth:
            gold_by_label[key[2]] += 1
        spans: dict[Key, str] = {}
        for span in record.spans:
            kind = source_kind(span)
            if wanted is None or kind in wanted or kind.partition(":")[0] in wanted:
                spans.setdefault(span.key(), kind)
        for key, kind in spans.items():
            found_by_source[kind].append((key, key in truth))
            result.by_label[key[2]].suggested += 1
            result.by_label[key[2]].correct += key in truth
    for label, n in gold_by_label.items():
        result.by_label[label].gold = n
    for kind, found in found_by_source.items():
        counts = result.by_source[kind]
        counts.suggested = len(found)
        counts.correct = sum(right for _, right in found)
        counts.gold = sum(gold_by_label[label] for label in {key[2] for key, _ in found})
    for counts in result.by_label.values():
        result.overall.correct += counts.correct
        result.overall.suggested += counts.suggested
        result.overall.gold += counts.gold
    return result
