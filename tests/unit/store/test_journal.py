"""The journal: latest line wins, torn and bad lines reported and set aside, never lost."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.problems import UserError
from annotator.store.journal import Journal, journal_path, load_journal, rejected_path

TEXT = "قصفت الطائرات البوكمال."


def record(doc_id: str, label: str = "SITE", status: str = "in_progress") -> DocRecord:
    return DocRecord(
        id=doc_id, text=TEXT, spans=[Span.of(TEXT, 14, 22, label)], status=status, annotator="ali"
    )


def test_journal_path_names_the_annotator_file(tmp_path):
    assert journal_path(tmp_path, "ali") == tmp_path / "ali.jsonl"
    for bad in ("../x", "a/b", "", ".hidden"):
        with pytest.raises(UserError, match="cannot name a file"):
            journal_path(tmp_path, bad)


def test_missing_journal_loads_empty(tmp_path):
    contents = load_journal(tmp_path / "none.jsonl")
    assert contents.records == {} and contents.problems == [] and contents.lines == 0


def test_append_then_reload_latest_wins(tmp_path):
    path = tmp_path / "annotations" / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a", "SITE"))
        journal.append(record("b"))
        journal.append(record("a", "ACTOR", "accepted"))
        assert journal.records["a"].status == "accepted"
    contents = load_journal(path)
    assert list(contents.records) == ["b", "a"]  # ordered by each id's latest line
    assert contents.records["a"].spans[0].label == "ACTOR"
    assert contents.records["a"].status == "accepted"
    assert contents.lines == 3
    assert contents.problems == []
    for line in path.read_bytes().splitlines():
        assert orjson.loads(line)["v"] == 2
    with Journal.open(path) as again:
        assert again.records == contents.records
        again.append(record("b"))
        assert list(again.records) == ["a", "b"] == list(load_journal(path).records)


def test_torn_last_line_is_reported_moved_to_rejected_and_earlier_lines_load(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a"))
        journal.append(record("b"))
    whole = path.read_bytes()
    torn = orjson.dumps(record("c").to_json())[:40]
    path.write_bytes(whole + torn)

    contents = load_journal(path)
    assert list(contents.records) == ["a", "b"]
    assert len(contents.problems) == 1
    assert "line 3: incomplete last line" in str(contents.problems[0])
    assert path.read_bytes() == whole + torn  # a read-only load changes nothing

    with Journal.open(path) as journal:
        assert "moved to" in str(journal.problems[0])
        assert path.read_bytes() == whole
        assert rejected_path(path).read_bytes() == torn + b"\n"
        journal.append(record("d"))
    assert list(load_journal(path).records) == ["a", "b", "d"]
    assert load_journal(path).problems == []


def test_whole_last_line_without_newline_is_kept(tmp_path):
    path = tmp_path / "ali.jsonl"
    path.write_bytes(orjson.dumps(record("a").to_json()))
    with Journal.open(path) as journal:
        assert list(journal.records) == ["a"] and journal.problems == []
        journal.append(record("b"))
    assert list(load_journal(path).records) == ["a", "b"]


def test_bad_middle_lines_are_reported_and_an_older_valid_line_still_wins(tmp_path):
    path = tmp_path / "ali.jsonl"
    good = orjson.dumps(record("a", "SITE").to_json())
    invalid_status = orjson.dumps({**record("a", "ACTOR").to_json(), "status": "???"})
    path.write_bytes(
        b"\n".join([good, b"{not json", b"[1]", invalid_status, b"\xff\xfe", b""]) + b"\n"
    )
    contents = load_journal(path)
    assert contents.records["a"].spans[0].label == "SITE"
    assert [p.line for p in contents.problems] == [2, 3, 4, 5]
    text = [str(p) for p in contents.problems]
    assert "not valid JSON" in text[0]
    assert "no string id" in text[1]
    assert "status '???' is not one of" in text[2]
    assert "invalid UTF-8 at byte 0" in text[3]
    assert [n for n, _ in contents.bad_lines] == [2, 3, 4, 5]


def test_second_open_names_the_holder(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path):
        with pytest.raises(UserError, match=rf"ali.jsonl is in use by process {os.getpid()} "):
            Journal.open(path)
        Journal.open(tmp_path / "omar.jsonl").close()  # another annotator is independent
    Journal.open(path).close()  # released on close


def test_append_after_close_is_refused(tmp_path):
    journal = Journal.open(tmp_path / "ali.jsonl")
    journal.close()
    with pytest.raises(UserError, match="closed"):
        journal.append(record("a"))


def test_unknown_keys_survive_a_round_trip(tmp_path):
    path = tmp_path / "ali.jsonl"
    obj = {**record("a").to_json(), "future_field": {"x": 1}}
    path.write_bytes(orjson.dumps(obj) + b"\n")
    with Journal.open(path) as journal:
        rec = journal.records["a"]
        assert rec.extra == {"future_field": {"x": 1}}
        journal.append(rec)
    assert orjson.loads(Path(path).read_bytes().splitlines()[-1])["future_field"] == {"x": 1}


def test_append_many_saves_a_batch_in_order(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("z"))
        assert journal.append_many(record(f"d{i}") for i in range(2500)) == 2500
        journal.append(record("z", "ACTOR"))
        assert journal.lines == 2502
    contents = load_journal(path)
    assert list(contents.records)[:2] == ["d0", "d1"]
    assert list(contents.records)[-1] == "z"
    assert len(contents.records) == 2501 and contents.problems == []


def test_a_record_that_cannot_be_written_is_refused_and_nothing_is_written(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        bad = DocRecord(id="s", text="\ud800")  # a lone surrogate cannot be UTF-8
        with pytest.raises(UserError, match="cannot save 's'"):
            journal.append_many([record("a"), bad])
        assert journal.records == {} and path.read_bytes() == b""


def test_a_full_disk_cuts_the_half_written_line_and_says_so(tmp_path, monkeypatch):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a"))
        whole = path.read_bytes()
        real_write = os.write

        def half_then_full(fd, data):
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "write", half_then_full)
        with pytest.raises(UserError, match=r"No space left on device\); free some disk space"):
            journal.append(record("b"))
        assert path.read_bytes() == whole
        assert list(journal.records) == ["a"]
        monkeypatch.setattr(os, "write", real_write)
        journal.append(record("b"))
    assert list(load_journal(path).records) == ["a", "b"]
