"""Taking a journal (its lock) and reading it are two steps: a journal in use is refused at
once, before anything is read; one taken is read by ``load`` (in an app, while the first
screen shows) and then written as any journal."""

from __future__ import annotations

import re

import pytest

from annotator.annotations.model import DocRecord
from annotator.problems import UserError
from annotator.store.journal import Journal


def test_a_taken_journal_refuses_a_second_writer_before_it_is_read(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(DocRecord(id="a", text="نص"))
    held = Journal.take(path)
    try:
        with pytest.raises(UserError, match=re.escape("ali.jsonl is in use by process")):
            Journal.take(path)
        journal = held.load()
    except BaseException:
        held.release()
        raise
    with journal:
        assert list(journal.records) == ["a"]
        journal.append(DocRecord(id="b", text="نص آخر"))
        with pytest.raises(UserError, match="is in use by process"):
            Journal.open(path)
    with Journal.open(path) as reopened:
        assert list(reopened.records) == ["a", "b"]


def test_a_journal_released_unread_is_free_and_unchanged(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(DocRecord(id="a", text="نص"))
    before = path.read_bytes()
    Journal.take(path).release()
    assert path.read_bytes() == before
    with Journal.open(path) as journal:
        assert list(journal.records) == ["a"]


def test_a_torn_last_line_is_set_aside_when_a_taken_journal_is_loaded(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(DocRecord(id="a", text="نص"))
    with path.open("ab") as f:
        f.write(b'{"id": "b", "te')
    held = Journal.take(path)
    assert path.read_bytes().endswith(b'"te')  # nothing read or repaired yet
    with held.load() as journal:
        assert list(journal.records) == ["a"]
        assert journal.set_aside == 1
    assert path.read_bytes().endswith(b"\n")
