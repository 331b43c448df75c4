"""IOB tags per token for one annotator's spans, on the tokenizer's tokens.

A span covers every token it shares at least one character with. Which of overlapping spans
are tagged is ``annotator.text.iob``'s choice, the one the token formats make too.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotator.annotations.model import Span
from annotator.text.iob import OUTSIDE, TokenRange, flat, tags
from annotator.text.tokenize import Token


def iob_tags(tokens: Sequence[Token], spans: Sequence[Span]) -> list[str]:
    return iob_tags_at([t.start for t in tokens], [t.end for t in tokens], spans)


def iob_tags_at(starts: Sequence[int], ends: Sequence[int], spans: Sequence[Span]) -> list[str]:
    """``iob_tags`` on tokens given by their starts and ends (``token_bounds``)."""
    ranges: list[TokenRange] = []
    for span in spans:
        first = bisect_right(ends, span.start)  # first token ending after the span starts
        stop = bisect_left(starts, span.end)  # first token starting at or after its end
        if first < stop:
            ranges.append((first, stop - 1, span.label))
    if not ranges:
        return [OUTSIDE] * len(starts)
    kept, _ = flat(ranges)
    return tags(len(starts), [ranges[i] for i in kept])
