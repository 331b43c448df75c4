"""``annotator validate``: one line per problem with its line number; exit 1 on any."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main

TEXT = "قصفت الطائرات البوكمال."


def good() -> dict:
    return DocRecord(id="d1", text=TEXT, spans=[Span.of(TEXT, 14, 22, "SITE")]).to_json()


def test_a_sound_journal_and_export_pass_with_a_summary(tmp_path, capsys):
    journal = tmp_path / "ali.jsonl"
    journal.write_bytes(orjson.dumps(good()) + b"\n" + orjson.dumps(good()) + b"\n")
    export = tmp_path / "gold.jsonl"
    export_line = {
        "id": "d1",
        "text": TEXT,
        "spans": [
            {"start": 14, "end": 22, "label": "SITE", "text": "البوكمال", "token_start": 2,
             "token_end": 2},
        ],
        "tokens": [
            {"text": "قصفت", "start": 0, "end": 4, "id": 0, "ws": True},
            {"text": "الطائرات", "start": 5, "end": 13, "id": 1, "ws": True},
            {"text": "البوكمال", "start": 14, "end": 22, "id": 2, "ws": False},
        ],
        "meta": {},
    }  # fmt: skip
    export.write_bytes(orjson.dumps(export_line) + b"\n")
    assert main(["validate", str(journal), str(export)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2
    assert out[0].endswith("ali.jsonl: journal schema v2 on lines 1-2")
    assert out[1].endswith("3 record(s) on 3 line(s), no problems")


def test_every_problem_is_one_line_naming_file_and_line(tmp_path, capsys):
    bad_span = {**good(), "spans": [{"start": 14, "end": 21, "label": "SITE", "text": "البوكمال"}]}
    outside = {**good(), "spans": [{"start": 20, "end": 99, "label": "SITE", "text": "x"}]}
    backwards = {**good(), "spans": [{"start": 5, "end": 5, "label": "SITE", "text": ""}]}
    unknown = {**good(), "spans": [{"start": 0, "end": 4, "label": "WEAPON", "text": "قصفت"}]}
    twice = {**good(), "spans": [good()["spans"][0], good()["spans"][0]]}
    stale = {**good(), "spans": [{**good()["spans"][0], "stale": True}]}
    future = {**good(), "v": 99}
    hashed = {**good(), "text_hash": "sha256:0"}
    rows = [bad_span, outside, backwards, unknown, twice, stale, future, hashed]
    path = tmp_path / "ali.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows) + b"{torn")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    expected = [
        (1, "differs from the document's"),
        (2, "lies outside the text (length 23)"),
        (3, "has start 5 not before end 5"),
        (4, "unknown label 'WEAPON'"),
        (5, "is a duplicate of another span"),
        (6, "is stale"),
        (7, "schema 99 is not one this version reads"),
        (8, "text_hash does not match the text"),
        (9, "incomplete last line"),
    ]
    for number, message in expected:
        assert any(f"ali.jsonl:{number}: " in line and message in line for line in out), message
    assert {line.split(": ", 1)[0].rsplit(":", 1)[1] for line in out[:-2]} == {
        str(n) for n in range(1, 10)
    }
    assert out[-2].endswith("ali.jsonl: journal schema v2 on lines 1-6, 8")  # 7, 9 unread
    # Line 2, outside the text, is one problem: its text is not also compared.
    assert out[-1] == "9 problem(s) in 1 file(s)" and len(out) == 11


def test_export_problems_duplicate_ids_and_token_mismatch(tmp_path, capsys):
    line = {
        "id": "d1",
        "text": TEXT,
        "spans": [{"start": 14, "end": 22, "label": "SITE", "text": "البوكمال", "token_start": 1,
                   "token_end": 1}],
        "tokens": [{"text": "قصفت", "start": 0, "end": 4}, {"text": "xx", "start": 5, "end": 13}],
    }  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_bytes(orjson.dumps(line) + b"\n" + orjson.dumps(line) + b"\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert ":1: tokens[1] text 'xx' differs" in out
    assert ":1: spans[0] tokens 1..1 cover [5, 13)" in out
    assert ":2: duplicate id 'd1' (first on line 1)" in out


def test_labels_file_changes_what_is_known(tmp_path, capsys):
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = "PLACE"\nkey = "p"\ncolor = "#ffffff"\n')
    path = tmp_path / "ali.jsonl"
    path.write_bytes(orjson.dumps(good()) + b"\n")
    assert main(["validate", "--labels", str(labels), str(path)]) == 1
    assert "unknown label 'SITE' (known: PLACE)" in capsys.readouterr().out


def test_missing_file_is_a_problem_not_a_traceback(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl: cannot read: No such file or directory" in capsys.readouterr().out


def test_the_exporters_canonical_jsonl_of_the_gold_passes_and_a_tampered_copy_fails(
    tmp_path, capsys
):
    gold = Path(__file__).resolve().parents[2] / "fixtures" / "deir-ez-zor-gold.jsonl"
    exported = tmp_path / "gold-export.jsonl"
    assert main(["export", "--format", "jsonl", "--from", str(gold), "--out", str(exported)]) == 0
    assert main(["validate", str(exported)]) == 0
    assert capsys.readouterr().out.strip().endswith("1 record(s) on 1 line(s), no problems")

    line = orjson.loads(exported.read_bytes())
    line["spans"][3]["end"] += 1
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(orjson.dumps(line) + b"\n")
    assert main(["validate", str(tampered)]) == 1
    out = capsys.readouterr().out
    assert "tampered.jsonl:1: spans[3]" in out and "differs from the document's" in out


def test_spans_against_the_nesting_rule_are_reported_in_journals_and_exports(tmp_path, capsys):
    whole = Span.of(TEXT, 0, 22, "QUOTE")
    actor_in_quote = {**good(), "spans": [whole.to_json(), Span.of(TEXT, 5, 13, "ACTOR").to_json()]}
    quote_in_actor = {
        **good(),
        "spans": [Span.of(TEXT, 0, 22, "ACTOR").to_json(), Span.of(TEXT, 5, 13, "QUOTE").to_json()],
    }
    journal = tmp_path / "ali.jsonl"
    journal.write_bytes(orjson.dumps(actor_in_quote) + b"\n" + orjson.dumps(quote_in_actor) + b"\n")
    export = tmp_path / "gold.jsonl"
    crossing = [Span.of(TEXT, 0, 13, "SITE").to_json(), Span.of(TEXT, 5, 22, "SITE").to_json()]
    export.write_bytes(orjson.dumps({"id": "d1", "text": TEXT, "spans": crossing}) + b"\n")
    assert main(["validate", str(journal), str(export)]) == 1
    out = [line.rsplit("/", 1)[-1] for line in capsys.readouterr().out.strip().splitlines()]
    assert out == [
        "ali.jsonl:2: ACTOR [0, 22) and QUOTE [5, 13) overlap: the label set does not let QUOTE "
        "sit inside ACTOR; delete or move one (nesting rule of the label set)",
        "ali.jsonl: journal schema v2 on lines 1-2",
        "gold.jsonl:1: SITE [0, 13) and SITE [5, 22) overlap: spans of one label never overlap; "
        "delete or shorten one (nesting rule of the label set)",
        "2 problem(s) in 2 file(s)",
    ]


def test_a_labels_file_without_inside_makes_any_nesting_a_problem(tmp_path, capsys):
    labels = tmp_path / "labels.toml"
    labels.write_text(
        '[[label]]\nname = "ACTOR"\nkey = "a"\ncolor = "#ffffff"\n'
        '[[label]]\nname = "QUOTE"\nkey = "q"\ncolor = "#000000"\n'
    )
    nested = {**good(), "spans": [Span.of(TEXT, 0, 22, "QUOTE").to_json(),
                                  Span.of(TEXT, 5, 13, "ACTOR").to_json()]}  # fmt: skip
    path = tmp_path / "ali.jsonl"
    path.write_bytes(orjson.dumps(nested) + b"\n")
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    assert main(["validate", "--labels", str(labels), str(path)]) == 1
    assert "does not let ACTOR sit inside QUOTE" in capsys.readouterr().out


def test_a_span_starting_or_ending_in_whitespace_is_reported(tmp_path, capsys):
    spans = [Span.of(TEXT, 4, 13, "ACTOR").to_json(), Span.of(TEXT, 14, 23, "SITE").to_json()]
    path = tmp_path / "ali.jsonl"
    path.write_bytes(orjson.dumps({**good(), "spans": spans}) + b"\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ali.jsonl:1: spans[0] ACTOR ' الطائرات' starts or ends in whitespace" in out
    assert "spans[1] SITE" not in out  # ends in the full stop, not in whitespace
