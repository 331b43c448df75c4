"""Span-to-token alignment for the token formats, under the policy the user chose.

A span is aligned when it starts where a token starts and ends where a token ends. Otherwise
(an edge inside a token, e.g. the proclitic و in ``والقوات``, or on whitespace) it is reported,
never silently moved or dropped, and the policy decides:

* ``expand``: the span grows (or trims edge whitespace) to cover every token it touches;
* ``contract``: the span shrinks to the tokens wholly inside it, dropped if there are none;
* ``fail``: nothing is written; the command lists every misaligned span.

A span that touches no token at all (only whitespace) is dropped under every policy.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from annotator.export.report import ExportReport, SpanIssue
from annotator.model import Span

POLICIES = ("expand", "contract", "fail")


@dataclass(frozen=True, slots=True)
class Aligned:
    span: Span  # offsets on token boundaries; the original span when it was already aligned
    first: int  # index of the first token
    last: int  # index of the last token (inclusive, as spaCy and Prodigy count)
    original: Span | None = None  # the span as annotated, when the policy changed it


def _describe(text: str, starts: list[int], ends: list[int], span: Span, i: int, j: int) -> str:
    edges = []
    if starts[i] < span.start:
        edges.append(f"starts inside token {text[starts[i] : ends[i]]!r} [{starts[i]}, {ends[i]})")
    elif starts[i] > span.start:
        edges.append("starts on whitespace")
    if ends[j] > span.end:
        edges.append(f"ends inside token {text[starts[j] : ends[j]]!r} [{starts[j]}, {ends[j]})")
    elif ends[j] < span.end:
        edges.append("ends on whitespace")
    return " and ".join(edges)


def _moved(text: str, span: Span, start: int, end: int) -> Span:
    return Span(start, end, span.label, text[start:end], span.annotators, span.source)


def align_spans(
    doc_id: str,
    text: str,
    spans: list[Span],
    starts: list[int],
    ends: list[int],
    policy: str,
    report: ExportReport,
) -> list[Aligned]:
    """Aligned spans, in the order given; every change or drop is added to ``report``.

    ``starts``/``ends`` are the token offsets in order (tokens never overlap). Under ``fail``
    misaligned spans are reported and left out; the caller stops before writing anything.
    """
    out = []
    n = len(starts)
    for span in spans:
        i = bisect_right(ends, span.start)  # first token ending after the span starts
        j = bisect_left(starts, span.end) - 1  # last token starting before the span ends
        if i >= n or j < i:
            report.issues.append(
                SpanIssue(doc_id, span, "misaligned", "covers no token", "dropped")
            )
            continue
        if starts[i] == span.start and ends[j] == span.end:
            out.append(Aligned(span, i, j))
            continue
        reason = _describe(text, starts, ends, span, i, j)
        if policy == "expand":
            moved = _moved(text, span, starts[i], ends[j])
            out.append(Aligned(moved, i, j, span))
            action = f"expanded to [{moved.start}, {moved.end}) {moved.text!r}"
        elif policy == "contract":
            if starts[i] < span.start:
                i += 1
            if ends[j] > span.end:
                j -= 1
            if j < i:
                action = "dropped (no whole token inside it)"
            else:
                moved = _moved(text, span, starts[i], ends[j])
                out.append(Aligned(moved, i, j, span))
                action = f"contracted to [{moved.start}, {moved.end}) {moved.text!r}"
        else:
            action = "not exported (--align fail)"
        report.issues.append(SpanIssue(doc_id, span, "misaligned", reason, action))
    return out
