"""``annotator compact``: one line per document, bad lines set aside, refused while in use."""

from __future__ import annotations

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main
from annotator.problems import UserError
from annotator.store.compaction import compact, temp_path
from annotator.store.journal import Journal, load_journal, rejected_path

TEXT = "قصفت الطائرات البوكمال."


def record(doc_id: str, label: str) -> DocRecord:
    return DocRecord(id=doc_id, text=TEXT, spans=[Span.of(TEXT, 14, 22, label)])


def test_compact_keeps_the_latest_record_per_id_and_sets_bad_lines_aside(tmp_path, capsys):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        for label in ("SITE", "ACTOR", "QUOTE"):
            journal.append(record("a", label))
            journal.append(record("b", label))
    invalid_latest = orjson.dumps({**record("a", "ACTOR").to_json(), "status": "lost?"})
    with open(path, "ab") as f:
        f.write(b"{broken\n" + invalid_latest + b"\n")
    before = load_journal(path)
    assert before.records["a"].spans[0].label == "QUOTE"  # the invalid latest line is not used
    temp_path(path).write_bytes(b"left over by a crash")

    assert main(["compact", str(path)]) == 0
    assert "8 line(s) -> 2 record(s); 2 bad line(s) moved to" in capsys.readouterr().out
    after = load_journal(path)
    assert after.records == before.records
    assert after.lines == 2 and after.problems == []
    assert rejected_path(path).read_bytes() == b"{broken\n" + invalid_latest + b"\n"
    assert not temp_path(path).exists()
    assert [orjson.loads(x)["id"] for x in path.read_bytes().splitlines()] == ["a", "b"]


def test_compact_refuses_a_journal_open_in_the_app(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a", "SITE"))
        with pytest.raises(UserError, match="is in use by process"):
            compact(path)
    assert compact(path).records == 1


def test_a_missing_journal_is_reported_and_the_others_are_still_compacted(tmp_path, capsys):
    good = tmp_path / "ali.jsonl"
    with Journal.open(good) as journal:
        journal.append(record("a", "SITE"))
        journal.append(record("a", "ACTOR"))
    assert main(["compact", str(tmp_path / "nope.jsonl"), str(good)]) == 2
    captured = capsys.readouterr()
    assert "nope.jsonl: no such journal" in captured.err
    assert "ali.jsonl: 2 line(s) -> 1 record(s)" in captured.out


def test_compact_counts_a_torn_last_line_it_set_aside(tmp_path):
    path = tmp_path / "ali.jsonl"
    line = orjson.dumps(record("a", "SITE").to_json())
    path.write_bytes(line + b"\n" + line[:30])
    result = compact(path)
    assert (result.lines_before, result.records, result.rejected) == (2, 1, 1)
    assert rejected_path(path).read_bytes() == line[:30] + b"\n"
    assert path.read_bytes() == line + b"\n"
