"""Checking every record of a journal read line by line (a ``pread`` each) gives the
interpreter up every ``EVERY`` records, so the UI thread beside the loading runs."""

from __future__ import annotations

import pytest

from annotator import giving_way
from annotator.annotations.model import DocRecord, Span
from annotator.giving_way import EVERY
from annotator.store.journal import Journal, load_journal

TEXT = "قصفت الطائرات البوكمال."


def test_checking_every_record_gives_the_interpreter_up_every_so_many(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "amal.jsonl"
    start = TEXT.index("البوكمال")
    count = 2 * EVERY + 3
    with Journal.open(path) as journal:
        for n in range(count):
            span = Span.of(TEXT, start, start + 8, "SITE")
            journal.append(DocRecord(id=f"d{n}", text=TEXT, spans=[span], annotator="amal"))
    records = load_journal(path).records  # lines placed, records not built yet
    given_up: list[float] = []
    monkeypatch.setattr(giving_way.time, "sleep", given_up.append)
    assert [r.id for r in records.values()] == [f"d{n}" for n in range(count)]
    assert given_up == [0, 0]
