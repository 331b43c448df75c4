"""IOB tags per token for one annotator's spans, on the export tokenisation.

A span covers every token it shares at least one character with. Spans may overlap (an
ACTOR inside a QUOTE) but a token carries one tag, so spans are placed longest first (ties:
earlier start, then label name); a span whose tokens are already (partly) taken by a longer
one is left out of the tags. The result is always a valid IOB sequence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotator.annotations.model import Span
from annotator.text.tokenize import Token

OUTSIDE = "O"


def iob_tags(tokens: Sequence[Token], spans: Sequence[Span]) -> list[str]:
    tags = [OUTSIDE] * len(tokens)
    if not spans:
        return tags
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start, s.label)):
        first = bisect_right(ends, span.start)  # first token ending after the span starts
        stop = bisect_left(starts, span.end)  # first token starting at or after its end
        if first >= stop or any(tag != OUTSIDE for tag in tags[first:stop]):
            continue
        tags[first] = "B-" + span.label
        tags[first + 1 : stop] = ["I-" + span.label] * (stop - first - 1)
    return tags
