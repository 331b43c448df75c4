"""Span matching between two annotators, and the counts and F1 it gives.

* **exact**: a span of ``a`` matches a span of ``b`` when start, end and label are all equal;
* **overlap**: same label and the ranges share at least one character. Matching is one to
  one: among all overlapping same-label pairs, the pair sharing the most characters is taken
  first (ties: earlier ``a`` span, then earlier ``b`` span), then the next among the spans
  still free, and so on (greedy, so one long span cannot match three short ones).

``a`` is the reference: ``fn`` counts spans of ``a`` without a match, ``fp`` spans of ``b``
without one. F1 is symmetric, so swapping the pair swaps only fp and fn.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.annotations.model import Span


def _ratio(num: int, den: int) -> float | None:
    # 0/0 is undefined, not perfect or zero: reported as null / "n/a".
    return num / den if den else None


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def to_json(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _by_label(spans: Sequence[Span]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = {}
    for span in spans:
        out.setdefault(span.label, []).append(span)
    return out


def exact_counts(a: Sequence[Span], b: Sequence[Span]) -> dict[str, Counts]:
    """Per label counts of exact matches (spans are compared by ``(start, end, label)``)."""
    keys_a = {s.key() for s in a}
    keys_b = {s.key() for s in b}
    tp = Counter(k[2] for k in keys_a & keys_b)
    fn = Counter(k[2] for k in keys_a - keys_b)
    fp = Counter(k[2] for k in keys_b - keys_a)
    return {label: Counts(tp[label], fp[label], fn[label]) for label in tp | fn | fp}


def overlap_matches(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[Span, Span]]:
    """The one-to-one overlap matching described in the module docstring."""
    pairs = []
    b_by_label = _by_label(b)
    for label, spans_a in _by_label(a).items():
        spans_b = b_by_label.get(label, ())
        candidates = []
        for i, x in enumerate(spans_a):
            for j, y in enumerate(spans_b):
                shared = min(x.end, y.end) - max(x.start, y.start)
                if shared > 0:
                    candidates.append((-shared, x.start, x.end, y.start, y.end, i, j))
        candidates.sort()
        used_a: set[int] = set()
        used_b: set[int] = set()
        for *_, i, j in candidates:
            if i not in used_a and j not in used_b:
                used_a.add(i)
                used_b.add(j)
                pairs.append((spans_a[i], spans_b[j]))
    return pairs


def overlap_counts(a: Sequence[Span], b: Sequence[Span]) -> dict[str, Counts]:
    """Per label counts of overlap matches."""
    tp = Counter(x.label for x, _ in overlap_matches(a, b))
    total_a = Counter(s.label for s in a)
    total_b = Counter(s.label for s in b)
    return {
        label: Counts(tp[label], total_b[label] - tp[label], total_a[label] - tp[label])
        for label in total_a | total_b
    }


def total(per_label: dict[str, Counts]) -> Counts:
    return sum(per_label.values(), Counts())


def label_confusions(a: Sequence[Span], b: Sequence[Span]) -> Counter[tuple[str, str]]:
    """``(label in a, label in b)`` for spans on the same range with different labels.

    Labels both gave a range are exact matches, not confusions. The labels left on a range
    are paired in name order (``a``'s ACTOR, SITE against ``b``'s QUOTE gives one pair
    ACTOR→QUOTE; SITE is then simply unmatched).
    """
    ranges_a: dict[tuple[int, int], set[str]] = {}
    for s in a:
        ranges_a.setdefault((s.start, s.end), set()).add(s.label)
    ranges_b: dict[tuple[int, int], set[str]] = {}
    for s in b:
        ranges_b.setdefault((s.start, s.end), set()).add(s.label)
    out: Counter[tuple[str, str]] = Counter()
    for rng, labels_a in ranges_a.items():
        labels_b = ranges_b.get(rng)
        if labels_b:
            out.update(zip(sorted(labels_a - labels_b), sorted(labels_b - labels_a), strict=False))
    return out
