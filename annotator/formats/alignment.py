"""Span-to-token alignment for the token formats, under the policy the user chose.

A span is aligned when it starts where a token starts and ends where a token ends. Otherwise
(an edge inside a token, e.g. the proclitic و in ``والقوات``, or on whitespace) the policy
decides, and every case is reported, never silent:

* ``split`` (the default): the export's tokens are cut at each span edge inside a token
  (``والقوات`` becomes ``و`` + ``القوات``) and the span keeps its exact offsets; in the
  canonical jsonl a space a span starts or ends on becomes a token of its own, so every span
  goes out as annotated. IOB formats cannot tag whitespace: there a span edge on whitespace is
  trimmed to the nearest token (a span over whitespace alone is dropped);
* ``expand``: the span grows (or trims edge whitespace) to cover every token it touches;
* ``contract``: the span shrinks to the tokens wholly inside it, dropped if there are none;
* ``fail``: nothing is written; the command lists every misaligned span.

Under ``expand``, ``contract`` and ``fail`` a span that touches no token at all (only
whitespace) is dropped.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from annotator.annotations.model import Span
from annotator.formats.report import ExportReport, SpanIssue, SplitEvent

POLICIES = ("split", "expand", "contract", "fail")
DEFAULT_POLICY = "split"


class Aligned(NamedTuple):
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
            report.add(SpanIssue(doc_id, span, "misaligned", "covers no token", "dropped"))
            continue
        if starts[i] == span.start and ends[j] == span.end:
            out.append(Aligned(span, i, j))
            continue
        reason = _describe(text, starts, ends, span, i, j)
        if policy in ("expand", "split"):
            # Under split only whitespace edges are left here: trimming them is expanding.
            moved = _moved(text, span, starts[i], ends[j])
            out.append(Aligned(moved, i, j, span))
            action = f"[{moved.start}, {moved.end}) {moved.text!r}"
            if policy == "expand":
                action = "expanded to " + action
            else:
                action = f"tagged as {action} (whitespace cannot be tagged)"
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
        report.add(SpanIssue(doc_id, span, "misaligned", reason, action))
    return out


def split_tokens(
    doc_id: str,
    text: str,
    spans: list[Span],
    starts: list[int],
    ends: list[int],
    ws: Sequence[int],
    report: ExportReport,
    spaces: bool,
) -> tuple[list[int], list[int], list[int]] | None:
    """The tokens (``starts``, ``ends``, ``ws``: true where a space follows) cut at every span
    edge that falls inside one, so each span keeps its exact offsets, as new ``(starts, ends,
    ws)``; None when nothing needs cutting. Every span that caused a cut is reported
    (``split``).

    A piece before a cut has ``ws`` False, so spaCy's ``Doc(words, spaces)`` still rebuilds
    the text. With ``spaces`` (the canonical jsonl's spaCy tokens, where ``ws`` stands for one
    space) a span that starts on such a space, or ends just after it, makes the space a token
    of its own.
    """
    n = len(starts)
    cuts: dict[int, set[int]] = {}
    detached: set[int] = set()  # tokens whose following space becomes a token
    for index, span in enumerate(spans):
        events: list[SplitEvent] = []
        for edge, role in ((span.start, "starts"), (span.end, "ends")):
            k = bisect_right(ends, edge)  # the first token ending after the edge
            if k < n and starts[k] < edge:
                cuts.setdefault(k, set()).add(edge)
                events.append((index, role, "cut", edge, starts[k], ends[k]))
                continue
            if role == "starts":
                if not spaces or (k < n and starts[k] == edge):
                    continue  # aligned
                space = edge
            else:
                if not spaces or (k and ends[k - 1] == edge):
                    continue  # aligned
                space = edge - 1
            m = bisect_left(ends, space)
            if m < n and ends[m] == space and ws[m]:
                detached.add(m)
                events.append((index, role, "space", space, starts[m], ends[m]))
        if events:
            report.add_split(doc_id, text, span, tuple(events))
    if not cuts and not detached:
        return None
    # Tokens between the changed ones are copied a slice at a time.
    new_starts: list[int] = []
    new_ends: list[int] = []
    new_ws: list[int] = []
    done = 0
    for k in sorted(cuts.keys() | detached):
        new_starts += starts[done:k]
        new_ends += ends[done:k]
        new_ws += ws[done:k]
        start, end = starts[k], ends[k]
        for cut in sorted(cuts.get(k, ())):
            new_starts.append(start)
            new_ends.append(cut)
            new_ws.append(False)
            start = cut
        if k in detached:
            new_starts += (start, end)
            new_ends += (end, end + 1)
            new_ws += (False, False)
        else:
            new_starts.append(start)
            new_ends.append(end)
            new_ws.append(ws[k])
        done = k + 1
    new_starts += starts[done:]
    new_ends += ends[done:]
    new_ws += ws[done:]
    return new_starts, new_ends, new_ws
