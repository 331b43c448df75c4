"""``annotator agreement`` from the command line: text and JSON reports, clear errors."""

import orjson

from annotator.cli import main
from tests.review_fixtures import FIXTURES, ROOT

ARGS = [str(ROOT / "corpora"), "--annotations", str(FIXTURES)]


def test_text_report(capsys):
    assert main(["agreement", *ARGS, "--annotators", "amal,omar"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Agreement between amal, omar"
    assert "3 document(s); 3 with records from at least two annotators." in out
    assert "  amal / omar  exact    (all)            7   3   4      0.700   0.636  0.667" in lines
    assert "  amal / omar  overlap  (all)            8   2   3      0.800   0.727  0.762" in lines
    assert "  amal \\ omar  SITE" in lines
    assert "  ACTOR           1" in lines


def test_json_report(capsys):
    assert main(["agreement", *ARGS, "--annotators", "amal,omar,sami", "--json"]) == 0
    report = orjson.loads(capsys.readouterr().out)
    assert report["annotators"] == ["amal", "omar", "sami"]
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [
        ("amal", "omar"),
        ("amal", "sami"),
        ("omar", "sami"),
    ]
    first = report["pairs"][0]
    assert first["exact"] == {
        "tp": 7, "fp": 3, "fn": 4, "precision": 0.7, "recall": 7 / 11, "f1": 14 / 21,
    }  # fmt: skip
    assert first["per_label"]["CASUALTY_COUNT"]["overlap"]["tp"] == 2
    assert first["confusion"] == [{"a": "ACTOR", "b": "SITE", "count": 1}]
    assert report["pairs"][2]["confusion"] == [{"a": "SITE", "b": "ACTOR", "count": 1}]
    assert -1 <= report["alpha"]["value"] <= 1
    assert [d["id"] for d in report["lowest"]] == [
        "deir-ez-zor-strikes.txt",
        "note-partial",
        "note-agreed",
    ]
    assert report["problems"] == []


def test_missing_journal_is_a_clear_error(capsys):
    assert main(["agreement", *ARGS, "--annotators", "amal,nobody"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: ")
    assert "nobody.jsonl: no journal for annotator 'nobody'" in err


def test_names_and_ids_never_reach_the_terminal_raw(tmp_path, capsys):
    text = "قصف في حلب"
    spans = {"amal": [{"start": 7, "end": 10, "label": "SITE", "text": "حلب"}], "omar": []}
    for name in ("amal", "omar"):
        line = {"id": "evil\x1b[2J", "text": text, "spans": spans[name], "annotator": name}
        (tmp_path / f"{name}.jsonl").write_bytes(orjson.dumps(line) + b"\n")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "other.txt").write_text("نص آخر", encoding="utf-8")
    args = [str(corpus), "--annotations", str(tmp_path), "--annotators", "amal,omar"]
    assert main(["agreement", *args]) == 0
    out = capsys.readouterr().out
    assert "evil\\u001b[2J" in out  # listed among the lowest, escaped
    assert "\x1b" not in out
