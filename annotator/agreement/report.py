"""The agreement report over a set of documents: every figure, per pair and per label."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.agreement.alpha import nominal_alpha, units_of
from annotator.agreement.documents import DocAnnotations
from annotator.agreement.iob import iob_tags_at
from annotator.agreement.kappa import cohen_kappa
from annotator.agreement.links import LinkReport
from annotator.agreement.matching import (
    Counts,
    exact_counts,
    label_confusions,
    overlap_counts,
    total,
)
from annotator.text.tokenize import token_bounds


@dataclass(slots=True)
class PairReport:
    a: str
    b: str
    documents: int = 0  # documents both have a record of
    tokens: int = 0
    exact: dict[str, Counts] = field(default_factory=dict)  # per label
    overlap: dict[str, Counts] = field(default_factory=dict)
    tag_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def exact_total(self) -> Counts:
        return total(self.exact)

    @property
    def overlap_total(self) -> Counts:
        return total(self.overlap)

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.tag_pairs)

    def to_json(self) -> dict[str, Any]:
        labels = sorted(set(self.exact) | set(self.overlap))
        return {
            "a": self.a,
            "b": self.b,
            "documents": self.documents,
            "tokens": self.tokens,
            "exact": self.exact_total.to_json(),
            "overlap": self.overlap_total.to_json(),
            "per_label": {
                label: {
                    "exact": self.exact.get(label, Counts()).to_json(),
                    "overlap": self.overlap.get(label, Counts()).to_json(),
                }
                for label in labels
            },
            "kappa": self.kappa,
            "confusion": [
                {"a": la, "b": lb, "count": n} for (la, lb), n in sorted(self.confusion.items())
            ],
        }


@dataclass(frozen=True, slots=True)
class DocScore:
    doc_id: str
    exact_f1: float | None  # mean over the pairs with a defined F1
    overlap_f1: float | None
    spans: dict[str, int]  # spans per annotator who has a record of the document

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.doc_id,
            "exact_f1": self.exact_f1,
            "overlap_f1": self.overlap_f1,
            "spans": self.spans,
        }


@dataclass(slots=True)
class AgreementReport:
    annotators: tuple[str, ...]
    documents: int  # documents at least one annotator has a record of
    compared: int  # documents at least two annotators have a record of
    pairs: list[PairReport]
    alpha: float | None
    alpha_units: int  # tokens coded by at least two annotators
    lowest: list[DocScore]
    problems: list[str] = field(default_factory=list)
    # Relations, attributes and document labels (annotator.agreement.links).
    links: LinkReport | None = None

    def to_json(self) -> dict[str, Any]:
        out = {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "compared": self.compared,
            "pairs": [p.to_json() for p in self.pairs],
            "alpha": {"value": self.alpha, "units": self.alpha_units},
            "lowest": [d.to_json() for d in self.lowest],
            "problems": self.problems,
        }
        if self.links is not None and not self.links.empty():
            out.update(self.links.to_json())
        return out


def _mean(values: list[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def _add(into: dict[str, list[int]], counts: dict[str, Counts]) -> float | None:
    """Add ``counts`` to the running ``[tp, fp, fn]`` per label of a pair; their F1."""
    tp = fp = fn = 0
    for label, c in counts.items():
        found = into.get(label)
        if found is None:
            into[label] = [c.tp, c.fp, c.fn]
        else:
            found[0] += c.tp
            found[1] += c.fp
            found[2] += c.fn
        tp, fp, fn = tp + c.tp, fp + c.fp, fn + c.fn
    return Counts(tp, fp, fn).f1


def agreement_report(
    docs: Sequence[DocAnnotations],
    annotators: Sequence[str],
    worst: int = 10,
    problems: Sequence[str] = (),
) -> AgreementReport:
    """Every figure over ``docs``. A pair is compared on the documents both have a record
    of; alpha counts an annotator without a record of a document as missing there.
    ``worst`` is how many lowest-agreement documents to list (by mean pairwise exact F1;
    documents nobody marked anything in have no F1 and are not listed)."""
    pairs = {(a, b): PairReport(a, b) for a, b in combinations(annotators, 2)}
    # Each pair's exact and overlap [tp, fp, fn] per label, summed as plain integers.
    sums: dict[tuple[str, str], tuple[dict[str, list[int]], dict[str, list[int]]]] = {
        key: ({}, {}) for key in pairs
    }
    units: Counter[tuple[str, ...]] = Counter()
    scores = []
    compared = 0
    links = LinkReport(tuple(annotators))
    for doc in docs:
        links.add(doc.doc_id, doc.records)
        present = [name for name in annotators if name in doc.spans]
        if len(present) < 2:
            continue
        compared += 1
        starts, ends = token_bounds(doc.text)
        tags = {name: iob_tags_at(starts, ends, doc.spans[name]) for name in present}
        units.update(units_of(tags[name] for name in present))
        exact_f1s, overlap_f1s = [], []
        for a, b in combinations(present, 2):
            pair = pairs[(a, b)]
            exact_sums, overlap_sums = sums[(a, b)]
            spans_a, spans_b = doc.spans[a], doc.spans[b]
            exact_f1s.append(_add(exact_sums, exact_counts(spans_a, spans_b)))
            overlap_f1s.append(_add(overlap_sums, overlap_counts(spans_a, spans_b)))
            pair.documents += 1
            pair.tokens += len(starts)
            pair.tag_pairs.update(zip(tags[a], tags[b], strict=True))
            confusions = label_confusions(spans_a, spans_b)
            if confusions:
                pair.confusion.update(confusions)
        scores.append(
            DocScore(
                doc.doc_id,
                _mean(exact_f1s),
                _mean(overlap_f1s),
                {name: len(doc.spans[name]) for name in present},
            )
        )
    for key, (exact_sums, overlap_sums) in sums.items():
        pairs[key].exact = {label: Counts(*c) for label, c in exact_sums.items()}
        pairs[key].overlap = {label: Counts(*c) for label, c in overlap_sums.items()}
    ranked = sorted(
        (s for s in scores if s.exact_f1 is not None),
        key=lambda s: (s.exact_f1, s.overlap_f1 if s.overlap_f1 is not None else 1.0),
    )
    return AgreementReport(
        annotators=tuple(annotators),
        documents=len(docs),
        compared=compared,
        pairs=list(pairs.values()),
        alpha=nominal_alpha(units),
        alpha_units=sum(n for unit, n in units.items() if len(unit) >= 2),
        lowest=ranked[:worst],
        problems=list(problems),
        links=links,
    )
