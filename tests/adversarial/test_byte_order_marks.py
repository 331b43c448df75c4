"""Issue 14 item 9 (BOM): a UTF-8 byte order mark at the start of a labels TOML or a journal is
accepted, as the corpus, imports and patterns files accept it: the first line or table is read
as if the mark were not there, by every command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.labels import load_labels
from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import Journal, load_journal

Cli = Callable[..., Any]  # the ``cli`` fixture of conftest.py
BOM = b"\xef\xbb\xbf"
TEXT = "قال مصدر إن القصف طال دير الزور"
LABELS = b'[[label]]\nname = "ACTOR"\nkey = "a"\ncolor = "#ff0000"\n'


def record(doc_id: str) -> bytes:
    spans = [Span.of(TEXT, 4, 8, "ACTOR")]
    line = DocRecord(id=doc_id, text=TEXT, spans=spans, status="accepted", annotator="ali")
    return orjson.dumps(line.to_json()) + b"\n"


def journal_with_bom(tmp_path: Path) -> Path:
    path = tmp_path / "ali.jsonl"
    path.write_bytes(BOM + record("first") + record("second"))
    return path


def test_a_journal_starting_with_a_bom_loads_its_first_record(tmp_path: Path) -> None:
    contents = load_journal(journal_with_bom(tmp_path))
    assert contents.problems == []
    assert list(contents.records) == ["first", "second"]
    assert contents.records["first"].spans[0].text == "مصدر"


def test_a_journal_starting_with_a_bom_is_appended_to_and_reloaded(tmp_path: Path) -> None:
    path = journal_with_bom(tmp_path)
    with Journal.open(path) as journal:
        assert list(journal.records) == ["first", "second"]
        journal.append(DocRecord(id="third", text=TEXT))
    assert list(load_journal(path).records) == ["first", "second", "third"]


def test_validate_stats_and_compact_accept_a_journal_with_a_bom(cli: Cli, tmp_path: Path) -> None:
    journal_with_bom(tmp_path)
    validated = cli("validate", "ali.jsonl")
    assert validated.code == 0, validated.said
    assert "2 record(s) on 2 line(s), no problems" in validated.out
    assert cli("stats", "ali.jsonl").code == 0
    compacted = cli("compact", "ali.jsonl")
    assert compacted.code == 0, compacted.said
    assert not (tmp_path / "ali.jsonl").read_bytes().startswith(BOM)
    assert list(load_journal(tmp_path / "ali.jsonl").records) == ["first", "second"]


def test_a_labels_file_starting_with_a_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "labels.toml"
    path.write_bytes(BOM + LABELS)
    assert load_labels(path).names == ("ACTOR",)


def test_validate_takes_a_labels_file_with_a_bom(cli: Cli, tmp_path: Path) -> None:
    journal_with_bom(tmp_path)
    (tmp_path / "labels.toml").write_bytes(BOM + LABELS)
    ran = cli("validate", "--labels", "labels.toml", "ali.jsonl")
    assert ran.code == 0, ran.said
