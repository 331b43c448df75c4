"""Each problem validate, compact and check-corpus report names the line (and the byte) and
says what to do; an out-of-range span is one problem; no message quotes a whole article or
lets a control character reach the terminal."""

from __future__ import annotations

import orjson

from annotator.annotations.model import DocRecord
from annotator.cli import main
from annotator.text.corpus import open_corpus


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


def test_bad_bytes_inside_a_journal_are_named_by_line_and_file_byte(tmp_path, capsys, journal_line):
    good = journal_line()
    path = tmp_path / "ali.jsonl"
    path.write_bytes(good + b'{"id": "\xe9"}\n' + good + b"\x00\x00\x00\n" + good[:-5])
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    n = len(good)
    assert f"ali.jsonl:2: byte {n + 8}: not UTF-8 text" in out
    assert f"ali.jsonl:4: byte {2 * n + 12}: binary data (a NUL byte)" in out
    assert "ali.jsonl:5: incomplete last line" in out


def test_messages_say_what_to_do(tmp_path, capsys, journal_line, corpus_jsonl):
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
    (corpus / "a.jsonl").write_bytes(corpus_jsonl.splitlines(keepends=True)[0] + b"[1]\n")
    assert main(["check-corpus", str(corpus)]) == 1
    assert "line 2: expected a JSON object" in capsys.readouterr().out
    assert "got list; fix or remove this line" in str(open_corpus(corpus).problems[0])


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
