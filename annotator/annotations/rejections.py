"""Rejected suggestions, remembered in the document's record so they do not come back.

They live in ``record.extra["rejected_suggestions"]`` as ``{"start", "end", "label", "text"}``
objects: a key the record keeps on every round trip, beside the spans. An entry whose text no
longer matches the document (the corpus changed under it) no longer applies.
"""

from __future__ import annotations

from annotator.annotations.model import DocRecord, Span

KEY = "rejected_suggestions"


def rejected_keys(record: DocRecord) -> set[tuple[int, int, str]]:
    """The (start, end, label) of every suggestion rejected in ``record`` that still applies."""
    keys = set()
    entries = record.extra.get(KEY, [])
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        start, end, label, text = (entry.get(k) for k in ("start", "end", "label", "text"))
        if type(start) is not int or type(end) is not int or not isinstance(label, str):
            continue
        if 0 <= start < end <= len(record.text) and record.text[start:end] == text:
            keys.add((start, end, label))
    return keys


def remember_rejection(record: DocRecord, span: Span) -> None:
    """Add ``span`` to the record's rejected suggestions (once)."""
    entries = record.extra.get(KEY)
    if not isinstance(entries, list):
        entries = []
    entry = {"start": span.start, "end": span.end, "label": span.label, "text": span.text}
    if entry not in entries:
        entries.append(entry)
    record.extra[KEY] = entries
