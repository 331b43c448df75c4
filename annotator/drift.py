"""Re-anchoring a record's spans when the corpus text changed after it was annotated.

Nothing moves silently and nothing is guessed. A span moves to a new place only when that place
is unambiguous: its text occurs exactly once in both the old and the new text, or else its text
together with the old text around it (growing context on both sides, the left, or the right) occurs
exactly once in the new text. Every other span is kept with ``stale=True``, its old ``text`` and
its offsets clamped into the new text, for the annotator to fix. ``annotator validate`` reports
every stale span, and gold data must not include one until the annotator has fixed it.

The record itself is flagged: ``status`` becomes ``"flagged"`` and ``extra["drift"]`` keeps the
previous status, hash and text (the text the spans were made on) and what happened to each span.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.corpus import printable
from annotator.model import DocRecord, Span, text_hash

CONTEXTS = (8, 32, 128)


def _unique(haystack: str, needle: str) -> int:
    """The index of the only occurrence of ``needle``, or -1 if it is absent or repeated."""
    first = haystack.find(needle)
    if first < 0 or haystack.find(needle, first + 1) >= 0:
        return -1
    return first


def anchor(span: Span, old: str, new: str) -> int:
    """Where ``span.text`` unambiguously is in ``new`` (its start), or -1."""
    if not span.text:
        return -1
    found = _unique(new, span.text)
    # Once in the new text is enough only if it was once in the old text too: otherwise the
    # occurrence the span was on may be the one that was deleted.
    if found >= 0 and _unique(old, span.text) >= 0:
        return found
    if new.find(span.text) < 0:
        return -1
    for size in CONTEXTS:
        left = old[max(0, span.start - size) : max(0, span.start)]
        right = old[max(0, span.end) : span.end + size]
        for before, after in ((left, right), (left, ""), ("", right)):
            if not before and not after:
                continue
            found = _unique(new, before + span.text + after)
            if found >= 0:
                return found + len(before)
    return -1


def _clamp(value: int, length: int) -> int:
    return min(max(value, 0), length)


def reconcile(record: DocRecord, current_text: str) -> tuple[DocRecord, list[str]]:
    """``record`` brought onto ``current_text``, and a message for each thing that changed.

    When the text is unchanged the record is returned as it is with no messages.
    """
    if record.text == current_text:
        return record, []
    spans: list[Span] = []
    moved: list[dict[str, Any]] = []
    stale: list[dict[str, Any]] = []
    messages: list[str] = []
    for span in sorted(record.spans):
        where = f"{printable(span.label)} {span.text!r} at {span.start}-{span.end}"
        start = anchor(span, record.text, current_text)
        if start < 0:
            low = _clamp(span.start, len(current_text))
            high = max(low, _clamp(span.end, len(current_text)))
            spans.append(replace(span, start=low, end=high, stale=True))
            stale.append({"label": span.label, "text": span.text, "start": span.start})
            messages.append(f"{where}: not found unambiguously in the new text; marked stale")
            continue
        end = start + len(span.text)
        spans.append(replace(span, start=start, end=end, stale=False))
        if (start, end) != (span.start, span.end):
            moved.append({"label": span.label, "text": span.text, "from": span.start, "to": start})
            messages.append(f"{where}: re-anchored at {start}-{end}")
    summary = (
        f"{printable(record.id)}: the corpus text changed since it was annotated; document "
        f"flagged, {len(spans) - len(stale)} of {len(spans)} span(s) kept or re-anchored, "
        f"{len(stale)} marked stale"
    )
    drift = {
        "previous_status": record.status,
        "previous_text_hash": record.text_hash or text_hash(record.text),
        "previous_text": record.text,
        "moved": moved,
        "stale": stale,
    }
    updated = replace(
        record,
        text=current_text,
        text_hash=text_hash(current_text),
        spans=spans,
        status="flagged",
        extra={**record.extra, "drift": drift},
    )
    return updated, [summary, *messages]
