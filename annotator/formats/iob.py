"""IOB2 tags for the token formats (conll, hf), and spans back from tags.

IOB2 cannot nest: when aligned spans share a token, ``annotator.text.iob`` decides which is
kept (the label first in ``--prefer``, else the longest, then the earliest) and every other
one is reported as dropped, never silently. ``--columns`` writes one tag column per group of
labels instead (``QUOTE:ACTOR,SITE``: quotes in one, actors and sites in another), so an
ACTOR inside a QUOTE keeps its tags.
"""

from __future__ import annotations

from annotator.annotations.model import DocRecord, quoted
from annotator.formats.alignment import Aligned, align_spans, split_tokens
from annotator.formats.common import ExportOptions, exportable_spans
from annotator.formats.report import ExportReport, SpanIssue
from annotator.text.iob import flat
from annotator.text.iob import tags as iob_tags
from annotator.text.tokenize import Token


def flat_spans(
    record: DocRecord, tokens: list[Token], options: ExportOptions, report: ExportReport
) -> tuple[list[Token], list[list[Aligned]]]:
    """The tokens to write (cut at span edges under ``--align split``) and, for each tag
    column (one unless ``--columns`` asks for more), the record's spans aligned to them that
    the column holds, without overlaps, in token order. Every span left out is reported."""
    spans = exportable_spans(record, report) if record.spans else []
    groups = options.columns or ((),)  # () holds every label
    if not spans:
        return tokens, [[] for _ in groups]
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    if options.align == "split":
        ws: list[int] = [t.ws for t in tokens]
        cut = split_tokens(record.id, record.text, spans, starts, ends, ws, report, False)
        if cut is not None:
            starts, ends, ws = cut
            tokens = [
                Token(record.text[start:end], start, end, bool(w))
                for start, end, w in zip(starts, ends, ws, strict=True)
            ]
    aligned = align_spans(record.id, record.text, spans, starts, ends, options.align, report)
    layers = [_column(record, aligned, group, options.prefer, report) for group in groups]
    placed = {label for group in groups for label in group}
    for a in aligned:
        if placed and a.span.label not in placed:
            reason = f"its label is in no --columns group ({_columns(groups)})"
            report.add(SpanIssue(record.id, a.original or a.span, "column", reason, "dropped"))
    return tokens, layers


def _column(
    record: DocRecord,
    aligned: list[Aligned],
    group: tuple[str, ...],
    prefer: tuple[str, ...],
    report: ExportReport,
) -> list[Aligned]:
    """The spans of ``group``'s labels (every label when empty) one tag column can hold."""
    members = [a for a in aligned if not group or a.span.label in group]
    kept, dropped = flat([(a.first, a.last, a.span.label) for a in members], prefer)
    for index, clash in dropped:
        c = members[clash].span
        report.add(
            SpanIssue(
                record.id,
                members[index].original or members[index].span,
                "overlap",
                f"shares tokens with {c.label} [{c.start}, {c.end}) {c.text!r} and IOB "
                "tags cannot nest",
                f"dropped ({_kept_because(prefer)})",
            )
        )
    report.spans += len(kept)
    return [members[i] for i in kept]


def _columns(groups: tuple[tuple[str, ...], ...]) -> str:
    return ":".join(",".join(group) for group in groups)


def _kept_because(prefer: tuple[str, ...]) -> str:
    if prefer:
        return f"the span kept comes first in --prefer {','.join(prefer)}, or is longer"
    return "the longer span is kept"


def tags(n_tokens: int, spans: list[Aligned]) -> list[str]:
    return iob_tags(n_tokens, [(a.first, a.last, a.span.label) for a in spans])


def tag_names(labels: tuple[str, ...]) -> list[str]:
    """IOB2 tag names in id order: ``O`` is 0, then ``B-``/``I-`` for each label."""
    out = ["O"]
    for label in labels:
        out += ["B-" + label, "I-" + label]
    return out


def decode(tag_list: list[str]) -> tuple[list[tuple[int, int, str]], list[tuple[int, str]]]:
    """Spans ``(first, last inclusive, label)`` from IOB2 tags, and ``(token index, problem)``.

    A stray ``I-X`` (IOB1 style, or after a different label) starts a span and is reported;
    a tag that is not ``O``, ``B-X`` or ``I-X`` is read as ``O`` and reported.
    """
    spans: list[list[int]] = []  # [first, last] while a span may still grow
    labels: list[str] = []
    problems: list[tuple[int, str]] = []
    current: list[int] | None = None
    for i, tag in enumerate(tag_list):
        prefix, _, label = tag.partition("-")
        if tag == "O" or not label or prefix not in ("B", "I"):
            if tag != "O":
                problems.append(
                    (i, f"tag {quoted(tag)} is not IOB2 (O, B-LABEL, I-LABEL); read as O")
                )
            current = None
            continue
        if prefix == "I" and current is not None and labels[-1] == label:
            current[1] = i
            continue
        if prefix == "I":
            problems.append(
                (
                    i,
                    f"{quoted(tag)} does not continue a {quoted(label)} span; "
                    "read as the start of one",
                )
            )
        current = [i, i]
        spans.append(current)
        labels.append(label)
    return [
        (first, last, label) for (first, last), label in zip(spans, labels, strict=True)
    ], problems
