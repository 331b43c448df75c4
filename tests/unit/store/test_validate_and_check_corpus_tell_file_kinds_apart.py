"""validate and check-corpus say what kind of file they were given: an export validate does
not check, a corpus, a folder, binary or non-UTF-8 bytes (exit 2, with the byte), a doccano
export (checked in UTF-16 units), annotator's own files beside a corpus (skipped)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord
from annotator.cli import main
from annotator.problems import show_path
from annotator.store.journal import Journal
from annotator.text.corpus import open_corpus

GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "deir-ez-zor-gold.jsonl"
CHECKED = "validate checks annotation journals, canonical and doccano JSONL"


def exported(tmp_path, fmt: str) -> Path:
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--format", fmt, "--from", str(GOLD), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(
    "fmt, name, looks",
    [
        ("hf", "data.jsonl", "looks like a Hugging Face token file"),
        ("hf", "labels.json", "is one JSON array over several lines, not JSON Lines"),
        ("conll", "", "looks like a CoNLL token file"),
        ("brat", "deir-ez-zor-strikes.ann", "looks like a brat standoff .ann file"),
    ],
)
def test_validate_names_an_export_it_does_not_check_and_exits_2(tmp_path, capsys, fmt, name, looks):
    out = exported(tmp_path, fmt)
    path = out / name if name else out
    capsys.readouterr()
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{show_path(path)}: {looks}")
    assert looks in lines[0] and CHECKED in lines[0] and "has no text" not in lines[0]
    assert lines[1] == "0 problem(s), 1 of 1 file(s) not checked" and len(lines) == 2


def test_validate_checks_a_doccano_export_in_utf16_units(tmp_path, capsys):
    out = exported(tmp_path, "doccano")
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out.strip().endswith("1 record(s) on 1 line(s), no problems")
    text = "😀 قصف البوكمال"  # the emoji counts two UTF-16 units
    lines = [
        {"id": "e", "text": text, "label": [[7, 15, "SITE"]]},
        {"id": "e", "text": text, "label": [[1, 3, "SITE"], [3, 99, "SITE"], [7, 15, "WEAPON"]]},
        {"text": text, "entities": [{"start_offset": 7, "end_offset": 7, "label": "SITE"}]},
        {"text": text, "label": [[7, "x", "SITE"], "junk"]},
    ]
    path = tmp_path / "d.jsonl"
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    assert main(["validate", str(path)]) == 1
    out_lines = capsys.readouterr().out.splitlines()
    expected = [
        ":2: label[0] SITE: offset 1 falls inside a character written as two UTF-16 units",
        ":2: label[1] SITE [3, 99) lies outside the text (length 15 in UTF-16 units",
        ":2: label[2] WEAPON: unknown label 'WEAPON'",
        ":2: duplicate id 'e' (first on line 1)",
        ":3: entities[0] SITE has start 7 not before end 7",
        ":4: label[0] needs integer offsets and a string label",
        ":4: label[1] is not [start, end, label]: 'junk'",
    ]
    for message in expected:
        assert sum(message in line for line in out_lines) == 1, message
    assert out_lines[-1] == "7 problem(s) in 1 file(s)"


def test_validate_refuses_a_corpus_file_pointing_at_check_corpus(tmp_path, capsys, corpus_jsonl):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(corpus_jsonl)
    assert main(["validate", str(path)]) == 2
    assert "looks like a corpus file" in capsys.readouterr().out


def test_a_label_string_is_corpus_metadata_and_a_record_needs_spans_or_labels(
    tmp_path, capsys, journal_line
):
    corpus = tmp_path / "news.jsonl"
    corpus.write_bytes(b'{"id": "n", "text": "t", "label": "politics"}\n')
    assert main(["validate", str(corpus)]) == 2
    assert "looks like a corpus file" in capsys.readouterr().out
    path = tmp_path / "ali.jsonl"
    path.write_bytes(journal_line() + b'{"id": "n", "text": "t"}\n')
    assert main(["validate", str(path)]) == 1
    assert 'ali.jsonl:2: no "schema", "spans" or doccano "label" list' in capsys.readouterr().out


def test_validate_a_folder_or_a_file_of_json_numbers_is_not_checked(tmp_path, capsys):
    numbers = tmp_path / "n.jsonl"
    numbers.write_bytes(b"1\n2\n")
    assert main(["validate", str(tmp_path), str(numbers)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        f"{tmp_path.name}: is a folder; give the files in it (FOLDER/*.jsonl); {CHECKED}"
    )
    assert "n.jsonl: looks like JSON Lines of a JSON number each, not of records" in out[1]
    assert out[2] == "0 problem(s), 2 of 2 file(s) not checked"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\xff\xfe\x00", "byte 0: a UTF-16 byte order mark: UTF-16 text, not UTF-8"),
        (b"PK\x03\x04\x00\x00zip", "byte 4: binary data (a NUL byte), not a JSON Lines text file"),
        (b"caf\xe9 au lait\nencore\n", "byte 3: not UTF-8 text; re-save it as UTF-8"),
    ],
)
def test_validate_names_a_binary_or_non_utf8_file_with_its_byte(tmp_path, capsys, data, message):
    path = tmp_path / "x.jsonl"
    path.write_bytes(data)
    assert main(["validate", str(path)]) == 2
    out = capsys.readouterr().out
    assert f"x.jsonl: {message}" in out and "incomplete last line" not in out


def test_a_corpus_folder_ignores_what_annotator_writes_beside_a_journal(
    tmp_path, capsys, corpus_jsonl
):
    (tmp_path / "news.jsonl").write_bytes(corpus_jsonl.splitlines(keepends=True)[0])
    for name in ("news.jsonl.lock", "news.jsonl.rejected", "news.resume.json"):
        (tmp_path / name).write_text("12345 host\n")
    (tmp_path / "notes.md").write_text("stray")
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["a"]
    assert [p.path.rsplit("/", 1)[-1] for p in corpus.problems] == ["notes.md"]
    with Journal.open(tmp_path / "ali.jsonl") as journal:
        journal.append(DocRecord(id="z", text="قصفت الطائرات البوكمال."))
    assert main(["check-corpus", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert ".lock" not in out and "notes.md" in out
