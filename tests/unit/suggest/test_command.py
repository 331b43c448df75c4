"""``annotator suggest``: a journal of suggestions over a corpus, and its errors."""

from pathlib import Path

import pytest

from annotator.annotations.model import DocRecord
from annotator.cli import main
from annotator.store.journal import Journal, load_journal

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "corpora" / "deir-ez-zor-strikes.txt"
GOLD = ROOT / "tests" / "fixtures" / "deir-ez-zor-gold.jsonl"


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "deir-ez-zor-strikes.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "b.txt").write_text("وصل الوفد إلى البوكمال وقتل 3 مدنيين.\n", encoding="utf-8")
    return folder


def test_writes_one_record_per_document(corpus, tmp_path, capsys):
    out = tmp_path / "s.jsonl"
    assert main(["suggest", str(corpus), "--out", str(out)]) == 0
    records = load_journal(out).records
    assert sorted(records) == ["b.txt", "deir-ez-zor-strikes.txt"]
    sample = records["deir-ez-zor-strikes.txt"]
    assert sample.annotator == "suggest"
    assert sample.text == SAMPLE.read_text(encoding="utf-8")
    assert [(s.label, s.source) for s in sample.spans].count(
        ("CASUALTY_COUNT", "rule:casualty_count:harm_clause")
    ) == 5
    assert [s.text for s in records["b.txt"].spans] == ["3 مدنيين"]
    assert (
        "suggested 10 spans in 2 documents (CASUALTY_COUNT 6, QUOTE 4)" in capsys.readouterr().out
    )


def test_gazetteer_and_patterns_and_turning_rules_off(corpus, tmp_path):
    out = tmp_path / "s.jsonl"
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "ACTOR", "pattern": "الوفد"}\n', encoding="utf-8")
    args = ["suggest", str(corpus), "--out", str(out), "--no-builtin", "casualty_count,quote"]
    assert main([*args, "--gazetteer", str(GOLD), "--patterns", str(patterns)]) == 0
    spans = load_journal(out).records["b.txt"].spans
    assert [(s.text, s.label, s.source) for s in spans] == [
        ("الوفد", "ACTOR", "pattern:p.jsonl:1"),
        ("البوكمال", "SITE", "gazetteer"),
    ]


def test_refuses_to_write_into_someone_elses_journal(corpus, tmp_path, capsys):
    out = tmp_path / "amal.jsonl"
    with Journal.open(out) as journal:
        journal.append(DocRecord("b.txt", "نص", [], annotator="amal"))
    assert main(["suggest", str(corpus), "--out", str(out)]) == 2
    assert "holds annotations by amal" in capsys.readouterr().err
    assert len(load_journal(out).records) == 1


def test_reruns_append_newer_records(corpus, tmp_path):
    out = tmp_path / "s.jsonl"
    assert main(["suggest", str(corpus), "--out", str(out)]) == 0
    assert main(["suggest", str(corpus), "--out", str(out), "--no-builtin", "all"]) == 0
    contents = load_journal(out)
    assert contents.lines == 4
    assert all(record.spans == [] for record in contents.records.values())


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--no-builtin", "dates"], "no built-in rule dates; the rules are casualty_count, quote"),
        (["--gazetteer", "missing.jsonl"], "missing.jsonl: no such journal for --gazetteer"),
        (["--patterns", "missing.jsonl"], "missing.jsonl: no such patterns file"),
    ],
)
def test_errors_are_one_line_messages(corpus, tmp_path, capsys, extra, message):
    assert main(["suggest", str(corpus), "--out", str(tmp_path / "s.jsonl"), *extra]) == 2
    assert message in capsys.readouterr().err


def test_warnings_for_bad_gazetteer_lines(corpus, tmp_path, capsys):
    journal = tmp_path / "g.jsonl"
    journal.write_bytes(GOLD.read_bytes() + b"{not json}\n")
    out = tmp_path / "s.jsonl"
    assert main(["suggest", str(corpus), "--out", str(out), "--gazetteer", str(journal)]) == 0
    assert "warning:" in capsys.readouterr().err
    spans = load_journal(out).records["b.txt"].spans
    assert [(s.text, s.source) for s in spans] == [
        ("البوكمال", "gazetteer"),
        ("3 مدنيين", "rule:casualty_count:harm_clause"),
    ]


def test_all_rules_off(corpus, tmp_path, capsys):
    out = tmp_path / "s.jsonl"
    assert main(["suggest", str(corpus), "--out", str(out), "--no-builtin", "all"]) == 0
    assert "suggested 0 spans in 2 documents (none)" in capsys.readouterr().out


def test_out_must_be_a_file(corpus, tmp_path, capsys):
    assert main(["suggest", str(corpus), "--out", str(tmp_path)]) == 2
    assert "is a folder; give a file, like" in capsys.readouterr().err


def test_a_custom_label_set(corpus, tmp_path, capsys):
    labels = tmp_path / "labels.toml"
    labels.write_text(
        '[[label]]\nname = "PLACE"\nkey = "1"\ncolor = "#61afef"\n'
        '[[label]]\nname = "QUOTE"\nkey = "2"\ncolor = "#98c379"\n',
        encoding="utf-8",
    )
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "PLACE", "pattern": "البوكمال"}\n', encoding="utf-8")
    out = tmp_path / "s.jsonl"
    args = ["suggest", str(corpus), "--out", str(out), "--labels", str(labels)]
    assert main([*args, "--patterns", str(patterns)]) == 2
    assert (
        "the built-in rule casualty_count suggests CASUALTY_COUNT, which is not one of the "
        "labels (PLACE, QUOTE); add --no-builtin casualty_count" in capsys.readouterr().err
    )
    args += ["--patterns", str(patterns), "--no-builtin", "casualty_count"]
    assert main(args) == 0
    spans = load_journal(out).records["b.txt"].spans
    assert [(s.text, s.label) for s in spans] == [("البوكمال", "PLACE")]
