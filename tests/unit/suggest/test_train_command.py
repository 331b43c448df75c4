"""``annotator train`` and ``annotator suggest --model``: a model trained from a journal,
versioned in the project, suggesting with its source and confidence."""

import shutil
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.store.journal import load_journal

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLITICS = FIXTURES / "model" / "clitics.jsonl"


def test_train_then_suggest_with_the_model(tmp_path, capsys):
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    shutil.copy(CLITICS, annotations / "amal.jsonl")
    assert main(["train", "--annotations", str(annotations)]) == 0
    out = capsys.readouterr().out
    assert "trained crf v1 on 12 documents (28 spans: ACTOR 12, SITE 16)" in out
    assert (annotations / "models" / "crf" / "current").read_text() == "v1\n"

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("وقصفت الطائرات الروسية والميادين.\n", encoding="utf-8")
    journal = tmp_path / "s.jsonl"
    model = annotations / "models" / "crf"
    args = ["suggest", str(corpus), "--out", str(journal), "--no-builtin", "all"]
    assert main([*args, "--model", str(model), "--threshold", "model=0"]) == 0
    spans = load_journal(journal).records["a.txt"].spans
    assert [(s.text, s.label, s.source) for s in spans] == [
        ("الطائرات الروسية", "ACTOR", "model:crf"),
        ("الميادين", "SITE", "model:crf"),
    ]
    assert all(0 < s.confidence <= 1 for s in spans)


def test_train_twice_makes_a_second_version(tmp_path, capsys):
    journal = tmp_path / "amal.jsonl"
    shutil.copy(CLITICS, journal)
    out = tmp_path / "m"
    assert main(["train", str(journal), "--out", str(out), "--name", "x"]) == 0
    assert main(["train", str(journal), "--out", str(out)]) == 0
    assert "v2 on 12 documents" in capsys.readouterr().out
    assert (out / "current").read_text() == "v2\n"


def test_errors_are_sentences(tmp_path, capsys):
    empty = tmp_path / "a.jsonl"
    empty.write_text("")
    assert main(["train", str(empty), "--out", str(tmp_path / "m")]) == 2
    assert "no accepted document to learn from" in capsys.readouterr().err
    assert main(["train", "--annotations", str(tmp_path / "none")]) == 2
    assert "no journals" in capsys.readouterr().err
    assert (
        main(["suggest", "--model", str(tmp_path / "nothing"), "--out", str(tmp_path / "s.jsonl")])
        == 2
    )
    assert "no trained model there" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["suggest", "--threshold", "model=2"])
    assert "SOURCE=P" in capsys.readouterr().err
