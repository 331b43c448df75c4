"""QA defects of compact, validate and check-corpus, each pinned by a test."""

from __future__ import annotations

import orjson
import pytest

from annotator.cli import main
from annotator.compaction import compact
from annotator.corpus import open_corpus
from annotator.errors import UserError
from annotator.journal import Journal, rejected_path
from annotator.locking import lock_path
from annotator.model import DocRecord, Span

TEXT = "قصفت الطائرات البوكمال."
CORPUS = (
    '{"id": "a", "text": "النص الأول الأصلي", "meta": {"src": "x"}}\n'
    '{"id": "a", "text": "نسخة مكررة"}\n'
).encode()


def journal_line(doc_id: str = "a") -> bytes:
    record = DocRecord(id=doc_id, text=TEXT, spans=[Span.of(TEXT, 14, 22, "SITE")])
    return orjson.dumps(record.to_json()) + b"\n"


# -- 1. compact refuses what is not a journal ----------------------------------------------


def test_compact_refuses_a_corpus_file_and_leaves_it_and_its_folder_untouched(tmp_path, capsys):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(CORPUS)
    assert main(["compact", str(path)]) == 2
    err = capsys.readouterr().err
    assert (
        'corpus.jsonl: line 1 is a JSON object without "schema" and "spans" (a corpus article'
        in err
    )
    assert "compact only rewrites annotation journals" in err and "left unchanged" in err
    assert path.read_bytes() == CORPUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]


@pytest.mark.parametrize(
    "line, looks",
    [
        (b'{"id": "a", "text": "t", "spans": []}', 'without "schema"'),
        (b'{"schema": 1, "id": "a", "text": "t"}', 'without "spans",'),
        (b"[1, 2]", "a JSON list"),
    ],
)
def test_compact_refuses_a_journal_with_any_line_that_is_not_a_record(tmp_path, line, looks):
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


def test_compact_still_sets_aside_garbage_lines_of_a_real_journal(tmp_path):
    path = tmp_path / "ali.jsonl"
    path.write_bytes(journal_line("a") + b"\x00\x00{torn\n" + journal_line("b"))
    result = compact(path)
    assert (result.records, result.rejected) == (2, 1)
    assert rejected_path(path).read_bytes() == b"\x00\x00{torn\n"


def test_a_corpus_folder_ignores_what_annotator_writes_beside_a_journal(tmp_path, capsys):
    (tmp_path / "news.jsonl").write_bytes(CORPUS.splitlines(keepends=True)[0])
    for name in ("news.jsonl.lock", "news.jsonl.rejected", "news.resume.json"):
        (tmp_path / name).write_text("12345 host\n")
    (tmp_path / "notes.md").write_text("stray")
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["a"]
    assert [p.path.rsplit("/", 1)[-1] for p in corpus.problems] == ["notes.md"]
    with Journal.open(tmp_path / "ali.jsonl") as journal:
        journal.append(DocRecord(id="z", text=TEXT))
    assert main(["check-corpus", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert ".lock" not in out and "notes.md" in out
