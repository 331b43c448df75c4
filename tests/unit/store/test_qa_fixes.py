"""QA defects of compact, validate and check-corpus, each pinned by a test."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main
from annotator.problems import UserError, show_path
from annotator.store.compaction import compact
from annotator.store.journal import Journal, rejected_path
from annotator.store.locking import lock_path
from annotator.text.corpus import open_corpus

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


# -- 2. validate says what it is given, and exits 2 for what it cannot check ---------------

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


def test_validate_refuses_a_corpus_file_pointing_at_check_corpus(tmp_path, capsys):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(CORPUS)
    assert main(["validate", str(path)]) == 2
    assert "looks like a corpus file" in capsys.readouterr().out


# -- 3. an out-of-range span is one problem, and no message quotes a whole article ---------


def journal_with(spans: list[dict], text: str) -> bytes:
    record = DocRecord(id="a", text=text).to_json()
    return orjson.dumps({**record, "spans": spans}) + b"\n"


def test_an_out_of_range_span_is_one_problem_that_quotes_nothing(tmp_path, capsys):
    article = "البوكمال بريف دير الزور " * 40
    spans = [
        {"start": 81, "end": 99999, "label": "SITE", "text": "x"},
        {"start": -1, "end": 3, "label": "SITE", "text": "الب"},
        {"start": 0, "end": 300, "label": "QUOTE", "text": article[1:301]},
    ]
    path = tmp_path / "ali.jsonl"
    path.write_bytes(journal_with(spans, article))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(
        f"spans[0] SITE [81, 99999) lies outside the text (length {len(article)})"
    )
    assert out[1].endswith(f"spans[1] SITE [-1, 3) lies outside the text (length {len(article)})")
    assert "differs from the document's" in out[2] and "(300 characters)" in out[2]
    assert all(len(line) < 300 for line in out)
    assert out[-1] == "3 problem(s) in 1 file(s)"


# -- 4. binary and non-UTF-8 files are named as such, with the byte -----------------------


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


def test_bad_bytes_inside_a_journal_are_named_by_line_and_file_byte(tmp_path, capsys):
    good = journal_line()
    path = tmp_path / "ali.jsonl"
    path.write_bytes(good + b'{"id": "\xe9"}\n' + good + b"\x00\x00\x00\n" + good[:-5])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    n = len(good)
    assert f"ali.jsonl:2: byte {n + 8}: not UTF-8 text" in out
    assert f"ali.jsonl:4: byte {2 * n + 12}: binary data (a NUL byte)" in out
    assert "ali.jsonl:5: incomplete last line" in out


# -- 5. every message says what to do ------------------------------------------------------


def test_messages_say_what_to_do(tmp_path, capsys):
    assert main(["compact", str(tmp_path)]) == 2
    assert "is a folder; give a journal file such as annotations/" in capsys.readouterr().err
    assert main(["compact", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such journal; give a journal file such as" in capsys.readouterr().err
    assert main(["validate", str(tmp_path / "nope.jsonl")]) == 1
    assert "cannot read: No such file or directory; check the path" in capsys.readouterr().out

    twice = orjson.loads(journal_line())
    twice["spans"] *= 2
    path = tmp_path / "ali.jsonl"
    path.write_bytes(orjson.dumps(twice) + b"\n" + orjson.dumps(twice)[:-1] + b"\n[1]\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ali.jsonl:1: spans[1] SITE [14, 22) is a duplicate of another span; delete one" in out
    assert "ali.jsonl:2: not valid JSON: " in out and "; fix or remove this line" in out
    assert "ali.jsonl:3: expected a JSON object, got a JSON array; each line is one record" in out

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.jsonl").write_bytes(CORPUS.splitlines(keepends=True)[0] + b"[1]\n")
    assert main(["check-corpus", str(corpus)]) == 1
    assert "line 2: expected a JSON object" in capsys.readouterr().out
    assert "got list; fix or remove this line" in str(open_corpus(corpus).problems[0])


def test_a_label_string_is_corpus_metadata_and_a_record_needs_spans_or_labels(tmp_path, capsys):
    corpus = tmp_path / "news.jsonl"
    corpus.write_bytes(b'{"id": "n", "text": "t", "label": "politics"}\n')
    assert main(["validate", str(corpus)]) == 2
    assert "looks like a corpus file" in capsys.readouterr().out
    path = tmp_path / "ali.jsonl"
    path.write_bytes(journal_line() + b'{"id": "n", "text": "t"}\n')
    assert main(["validate", str(path)]) == 1
    assert 'ali.jsonl:2: no "schema", "spans" or doccano "label" list' in capsys.readouterr().out


def test_compact_sets_aside_a_journal_line_without_an_id(tmp_path):
    path = tmp_path / "ali.jsonl"
    no_id = orjson.loads(journal_line())
    del no_id["id"]
    path.write_bytes(journal_line() + orjson.dumps(no_id) + b"\n")
    result = compact(path)
    assert (result.records, result.rejected) == (1, 1)
    assert rejected_path(path).read_bytes() == orjson.dumps(no_id) + b"\n"


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


def test_quoted_texts_and_labels_never_reach_the_terminal_raw(tmp_path, capsys):
    text = "\x1b[31mأحمر\u202e" + "ن" * 60
    spans = [{"start": 0, "end": 9, "label": "\x1b]0;x\x07SITE", "text": "\u202eشيء"}]
    path = tmp_path / "ali.jsonl"
    path.write_bytes(journal_with(spans, text))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert "'\\u202eشيء' differs from the document's '\\x1b[31mأحمر'" in out
    assert "unknown label '\\x1b]0;x\\x07SITE'" in out
