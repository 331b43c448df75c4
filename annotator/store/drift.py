"""Re-anchoring a record's spans when the corpus text changed after it was annotated.

Nothing moves silently and nothing is guessed. The old and new texts are aligned by a diff of
their words, spaces and punctuation; a span follows the text when it lies inside a run both
versions share, with at least ``MIN_CONTEXT`` shared characters around it in that run (so a lone
word matched inside a rewritten passage does not count). A span outside such a run moves only if
its text occurs exactly once in the old text and exactly once in the new one, counting only
occurrences whose edges are word edges wherever the span's were (annotator.text.words): a name
"قال" is never found inside "قالت". Every other span
is kept with ``stale=True``, its old ``text`` and its offsets clamped into the new text, for the
annotator to fix. ``annotator validate`` reports every stale span, and gold data must not include
one until the annotator has fixed it.

The record itself is flagged: ``status`` becomes ``"flagged"`` and ``extra["drift"]`` keeps the
previous status, the hash and length of the text the spans were made on, and what happened to
each span. Not that text itself: ``drift`` goes with every later save of the document, and a
change on a long article must not write the article again. The journal line that carried the
old text keeps it (until ``annotator compact``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Any

from annotator.annotations.model import DocRecord, Span, text_hash
from annotator.problems import printable
from annotator.text.words import in_word

MIN_CONTEXT = 16
_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)


def _tokens(text: str) -> tuple[list[str], list[int]]:
    """Words, runs of space and single other characters; their starts, then ``len(text)``."""
    found = [(m.group(), m.start()) for m in _TOKEN.finditer(text)]
    return [t for t, _ in found], [p for _, p in found] + [len(text)]


class Alignment:
    """The runs of text an old and a new version share, as (old start, new start, length)."""

    def __init__(self, old: str, new: str) -> None:
        old_tokens, old_at = _tokens(old)
        new_tokens, new_at = _tokens(new)
        blocks = SequenceMatcher(None, old_tokens, new_tokens).get_matching_blocks()
        self.runs = [(old_at[i], new_at[j], old_at[i + n] - old_at[i]) for i, j, n in blocks if n]
        self._starts = [run[0] for run in self.runs]

    def follow(self, start: int, end: int) -> int:
        """Where old ``[start, end)`` starts in the new text, or -1 if no shared run holds it
        with enough shared context around it."""
        k = bisect_right(self._starts, start) - 1
        if k < 0:
            return -1
        old_start, new_start, length = self.runs[k]
        if end > old_start + length or length - (end - start) < MIN_CONTEXT:
            return -1
        return new_start + start - old_start


def _word_edges(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether each edge of ``[start, end)`` is a word edge: not between two word characters."""

    def edge(i: int) -> bool:
        return not (0 < i < len(text) and in_word(text, i - 1) and in_word(text, i))

    return edge(start), edge(end)


def _fits(text: str, start: int, length: int, edges: tuple[bool, bool]) -> bool:
    """Whether ``text[start:start + length]`` has a word edge wherever ``edges`` asks one."""
    found = _word_edges(text, start, start + length)
    return all(got or not wanted for wanted, got in zip(edges, found, strict=True))


def _unique(haystack: str, needle: str, edges: tuple[bool, bool]) -> int:
    """The index of the only occurrence of ``needle`` with word edges where ``edges`` asks,
    or -1 if there is none or more than one."""
    found = -1
    at = haystack.find(needle)
    while at >= 0:
        if _fits(haystack, at, len(needle), edges):
            if found >= 0:
                return -1
            found = at
        at = haystack.find(needle, at + 1)
    return found


def anchor(span: Span, old: str, new: str, alignment: Alignment) -> int:
    """Where ``span.text`` unambiguously is in ``new`` (its start), or -1. A span whose edges
    were word edges lands only on word edges."""
    if not span.text:
        return -1
    length = len(span.text)
    edges = (False, False)
    if span.start >= 0 and old[span.start : span.end] == span.text:
        edges = _word_edges(old, span.start, span.end)
        start = alignment.follow(span.start, span.end)
        if (
            start >= 0
            and new[start : start + length] == span.text
            and _fits(new, start, length, edges)
        ):
            return start
    found = _unique(new, span.text, edges)
    # Once in the new text is enough only if it was once in the old text too: otherwise the
    # occurrence the span was on may be the one that was deleted.
    if found >= 0 and _unique(old, span.text, edges) >= 0:
        return found
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
    alignment = Alignment(record.text, current_text)
    for span in sorted(record.spans):
        where = f"{printable(span.label)} {span.text!r} at {span.start}-{span.end}"
        start = anchor(span, record.text, current_text, alignment)
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
        "previous_length": len(record.text),
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
