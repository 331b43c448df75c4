"""The nesting rule applied to a document's spans: which overlaps the label set allows.

Two spans overlap when they share a character. Spans of one label never overlap. Spans of two
labels overlap only when one lies wholly inside the other and the label set lets the inner
label sit inside the outer (``LabelSet.may_nest``); two spans over the same characters nest
either way round. Anything else is a ``NestingViolation``: the review screen refuses to make
one and ``annotator validate`` reports each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.problems import printable


@dataclass(frozen=True, slots=True)
class NestingViolation:
    """Two spans that overlap against the rule; ``outer`` starts first (or is the longer)."""

    outer: Span
    inner: Span
    reason: str

    def __str__(self) -> str:
        return f"{_shown(self.outer)} and {_shown(self.inner)} overlap: {self.reason}"


def _shown(span: Span) -> str:
    return f"{printable(span.label)} [{span.start}, {span.end})"


def _reason(outer: Span, inner: Span, labels: LabelSet) -> str:
    """Why ``inner`` (starting within ``outer``) may not overlap it; "" when it may."""
    if outer.label == inner.label:
        return "spans of one label never overlap; delete or shorten one"
    if inner.end > outer.end:
        return "they cross; a span may only sit wholly inside another; move an edge"
    if labels.may_nest(inner.label, outer.label):
        return ""
    if (inner.start, inner.end) == (outer.start, outer.end) and labels.may_nest(
        outer.label, inner.label
    ):
        return ""
    return (
        f"the label set does not let {printable(inner.label)} sit inside "
        f"{printable(outer.label)}; delete or move one"
    )


def nesting_violations(spans: Iterable[Span], labels: LabelSet) -> list[NestingViolation]:
    """Every pair of ``spans`` that overlaps against the nesting rule, in reading order."""
    # By start, the longer first: each span is then compared with the earlier ones still open
    # at its start, which are exactly those it overlaps, each of them as the outer one.
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.label))
    found: list[NestingViolation] = []
    open_spans: list[Span] = []
    for span in ordered:
        open_spans = [o for o in open_spans if o.end > span.start]
        for outer in open_spans:
            reason = _reason(outer, span, labels)
            if reason:
                found.append(NestingViolation(outer, span, reason))
        open_spans.append(span)
    return found
