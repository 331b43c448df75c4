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
    keys_a = {(s.start, s.end, s.label) for s in a}
    keys_b = {(s.start, s.end, s.label) for s in b}
    # [tp, fp, fn] per label, in the order true positives, then misses, then extras name them.
    counts: dict[str, list[int]] = {}
    for keys, slot in ((keys_a & keys_b, 0), (keys_a - keys_b, 2), (keys_b - keys_a, 1)):
        for _, _, label in keys:
            found = counts.get(label)
            if found is None:
                found = counts[label] = [0, 0, 0]
            found[slot] += 1
    return {label: Counts(*c) for label, c in counts.items()}


def overlap_matches(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[Span, Span]]:
    """The one-to-one overlap matching described in the module docstring."""
    pairs = []
    b_by_label = _by_label(b)
    for label, spans_a in _by_label(a).items():
        spans_b = b_by_label.get(label)
        if not spans_b:
            continue
        candidates = []
        for i, x in enumerate(spans_a):
            x_start, x_end = x.start, x.end
            for j, y in enumerate(spans_b):
                y_start, y_end = y.start, y.end
                # The characters both share (min of the ends - max of the starts), inline: this
                # runs for every pair of same-label spans of every document.
                shared = (x_end if x_end < y_end else y_end) - (
                    x_start if x_start > y_start else y_start
                )
                if shared > 0:
                    candidates.append((-shared, x_start, x_end, y_start, y_end, i, j))
        if len(candidates) > 1:
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
    # [tp, fp, fn] per label, labels in the order a, then b, first name them.
    counts: dict[str, list[int]] = {}
    for spans, slot in ((a, 2), (b, 1)):
        for span in spans:
            found = counts.get(span.label)
            if found is None:
                found = counts[span.label] = [0, 0, 0]
            found[slot] += 1
    for x, _ in overlap_matches(a, b):
        found = counts[x.label]
        found[0] += 1
        found[1] -= 1
        found[2] -= 1
    return {label: Counts(*c) for label, c in counts.items()}


def total(per_label: dict[str, Counts]) -> Counts:
    return sum(per_label.values(), Counts())


def label_confusions(a: Sequence[Span], b: Sequence[Span]) -> Counter[tuple[str, str]]:
    """``(label in a, label in b)`` for spans on the same range with different labels.

    Labels both gave a range are exact matches, not confusions. The labels left on a range
    are paired in name order (``a``'s ACTOR, SITE against ``b``'s QUOTE gives one pair
    ACTOR→QUOTE; SITE is then simply unmatched).
    """
    keys_a = {(s.start, s.end, s.label) for s in a}
    keys_b = {(s.start, s.end, s.label) for s in b}
    # The labels of a range that the other did not give it are those of the keys only one
    # of the two has: exact matches never need looking at.
    only_a: dict[tuple[int, int], list[str]] = {}
    for start, end, label in keys_a - keys_b:
        only_a.setdefault((start, end), []).append(label)
    out: Counter[tuple[str, str]] = Counter()
    if not only_a:
        return out
    only_b: dict[tuple[int, int], list[str]] = {}
    for start, end, label in keys_b - keys_a:
        only_b.setdefault((start, end), []).append(label)
    for rng, labels_a in only_a.items():
        labels_b = only_b.get(rng)
        if labels_b:
            out.update(zip(sorted(labels_a), sorted(labels_b), strict=False))
    return out
