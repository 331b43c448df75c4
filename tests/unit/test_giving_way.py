"""Long reads and scans give the interpreter up now and then (``annotator.giving_way``) when
they run beside the UI thread, so that it answers keys: the lines of a JSON Lines file, the
record checks of a journal read line by line, and the tokenizer's first scan of every code
point. In the main thread (a command) they never do."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import TypeVar

import pytest

from annotator import giving_way
from annotator.annotations.model import DocRecord, Span
from annotator.giving_way import EVERY
from annotator.store.journal import Journal, load_journal
from annotator.text import tokenize
from annotator.text.jsonl import numbered_lines

TEXT = "قصفت الطائرات البوكمال."
T = TypeVar("T")


def in_a_worker(work: Callable[[], T]) -> T:
    """``work()`` run in a thread of its own, as a loading screen's worker runs it."""
    done: list[T] = []
    worker = threading.Thread(target=lambda: done.append(work()))
    worker.start()
    worker.join()
    return done[0]


@pytest.fixture
def given_up(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Each time the interpreter was given up (the seconds slept: 0)."""
    slept: list[float] = []
    monkeypatch.setattr(giving_way.time, "sleep", slept.append)
    return slept


def test_reading_lines_gives_the_interpreter_up_every_so_many(given_up: list[float]) -> None:
    lines = 3 * EVERY + 5
    read = in_a_worker(lambda: list(numbered_lines(io.BytesIO(b"{}\n" * lines))))
    assert len(read) == lines
    assert given_up == [0, 0, 0]


def test_in_the_main_thread_nothing_is_given_up(given_up: list[float]) -> None:
    assert len(list(numbered_lines(io.BytesIO(b"{}\n" * 3 * EVERY)))) == 3 * EVERY
    assert given_up == []


def test_checking_every_record_of_a_journal_gives_it_up_every_so_many(
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
    slept: list[float] = []
    monkeypatch.setattr(giving_way.time, "sleep", slept.append)
    ids = in_a_worker(lambda: [r.id for r in records.values()])
    assert ids == [f"d{n}" for n in range(count)]
    assert slept == [0, 0]


def test_the_tokenizers_first_scan_gives_it_up_at_every_block_of_code_points(
    given_up: list[float],
) -> None:
    pattern, marks = tokenize.token_pattern(), tokenize.mark_ranges()
    tokenize.token_pattern.cache_clear()
    tokenize.mark_ranges.cache_clear()
    given_up.clear()  # the first build above, if this process had not built them yet
    try:
        assert in_a_worker(tokenize.token_pattern) == pattern  # built again, the same
        assert tokenize.mark_ranges() == marks
    finally:
        tokenize.token_pattern.cache_clear()
        tokenize.mark_ranges.cache_clear()
    blocks = -(-len(tokenize._ASSIGNED) // tokenize._BLOCK)
    assert given_up == [0] * (2 * blocks)  # the marks' scan, then the letters'
