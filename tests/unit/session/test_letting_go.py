"""``let_go`` empties what the reading of a review needed only for itself, one entry at a
time, and what those entries alone held is freed."""

from __future__ import annotations

import weakref

from annotator.annotations.model import DocRecord, Span
from annotator.session.letting_go import let_go
from annotator.store.journal import Journal, load_journal

TEXT = "قصفت الطائرات البوكمال."


class Held:
    """Something only a container holds (weakly referenceable, to see it freed)."""


def test_mappings_and_lists_are_emptied_and_what_only_they_held_is_freed():
    mapping = {n: Held() for n in range(100)}
    listed = [Held() for _ in range(100)]
    seen = [weakref.ref(h) for h in (*mapping.values(), *listed)]
    let_go(mapping, listed)
    assert mapping == {} and listed == []
    assert all(ref() is None for ref in seen)


def test_a_journals_records_read_for_a_review_are_emptied_one_by_one(tmp_path):
    path = tmp_path / "amal.jsonl"
    start = TEXT.index("البوكمال")
    with Journal.open(path) as journal:
        for doc_id in ("a", "b", "c"):
            span = Span.of(TEXT, start, start + 8, "SITE")
            journal.append(DocRecord(id=doc_id, text=TEXT, spans=[span], annotator="amal"))
    records = load_journal(path, every_record=True).records
    assert list(records) == ["a", "b", "c"]
    let_go(records)
    assert len(records) == 0 and "a" not in records
