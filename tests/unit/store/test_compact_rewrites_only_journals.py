"""compact rewrites annotation journals only: anything else is refused and left as it was,
and the bad lines of a real journal are set aside, never dropped."""

from __future__ import annotations

import orjson
import pytest

from annotator.cli import main
from annotator.problems import UserError
from annotator.store.compaction import compact
from annotator.store.journal import rejected_path
from annotator.store.locking import lock_path


def test_compact_refuses_a_corpus_file_and_leaves_it_and_its_folder_untouched(
    tmp_path, capsys, corpus_jsonl
):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(corpus_jsonl)
    assert main(["compact", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        'corpus.jsonl: line 1 is a JSON object without "schema" and "spans" (a corpus article'
        in err
    )
    assert "compact only rewrites annotation journals" in err and "left unchanged" in err
    assert path.read_bytes() == corpus_jsonl
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]


@pytest.mark.parametrize(
    "line, looks",
    [
        (b'{"id": "a", "text": "t", "spans": []}', 'without "schema"'),
        (b'{"schema": 1, "id": "a", "text": "t"}', 'without "spans",'),
        (b"[1, 2]", "a JSON list"),
    ],
)
def test_compact_refuses_a_journal_with_any_line_that_is_not_a_record(
    tmp_path, line, looks, journal_line
):
    path = tmp_path / "ali.jsonl"
    data = journal_line() + line + b"\n" + journal_line()
    path.write_bytes(data)
    with pytest.raises(UserError, match=f"line 2 is .*{looks}"):
        compact(path)
    assert path.read_bytes() == data
    assert not lock_path(path).exists() and not rejected_path(path).exists()


def test_compact_refuses_a_file_with_no_journal_record(tmp_path):
    path = tmp_path / "photo.jsonl"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\n\x00\x00")
    with pytest.raises(UserError, match="no line is an annotation journal record"):
        compact(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.jsonl"]


def test_compact_still_sets_aside_garbage_lines_of_a_real_journal(tmp_path, journal_line):
    path = tmp_path / "ali.jsonl"
    path.write_bytes(journal_line("a") + b"\x00\x00{torn\n" + journal_line("b"))
    result = compact(path)
    assert (result.records, result.rejected) == (2, 1)
    assert rejected_path(path).read_bytes() == b"\x00\x00{torn\n"


def test_compact_sets_aside_a_journal_line_without_an_id(tmp_path, journal_line):
    path = tmp_path / "ali.jsonl"
    no_id = orjson.loads(journal_line())
    del no_id["id"]
    path.write_bytes(journal_line() + orjson.dumps(no_id) + b"\n")
    result = compact(path)
    assert (result.records, result.rejected) == (1, 1)
    assert rejected_path(path).read_bytes() == orjson.dumps(no_id) + b"\n"
