"""``annotator next`` and ``annotator progress`` in a project made by ``annotator init``."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator import cli
from annotator.annotations.model import DocRecord
from annotator.store.journal import Journal

TEXTS = {f"doc{i}.txt": f"قال مصدر إن القصف طال الموقع رقم {i}.\n" for i in range(1, 5)}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "corpora"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = ["init", "proj", "--corpus", "corpora", "--annotators", "amal,omar", "--leads", "lina"]
    assert cli.main([*argv, "--overlap", "2"]) == 0
    monkeypatch.chdir(tmp_path / "proj")
    return tmp_path / "proj"


def handed(capsys: pytest.CaptureFixture[str], name: str) -> str:
    capsys.readouterr()
    assert cli.main(["next", "--annotator", name]) == 0
    return capsys.readouterr().out.strip()


def test_next_hands_out_documents_and_progress_counts_them(project, capsys):
    assert handed(capsys, "amal") == "doc1.txt"
    assert handed(capsys, "amal") == "doc2.txt"
    assert handed(capsys, "omar") == "doc1.txt"
    with Journal.open(project / "annotations" / "amal.jsonl") as journal:
        record = DocRecord("doc1.txt", TEXTS["doc1.txt"], status="accepted", annotator="amal")
        record.seconds = 90.0
        journal.append(record)
    # The journal was written outside the routing: progress learns it when rebuilt.
    (project / "annotations" / "routing.sqlite3").unlink()
    for suffix in ("-wal", "-shm"):
        (project / "annotations" / f"routing.sqlite3{suffix}").unlink(missing_ok=True)
    capsys.readouterr()
    assert cli.main(["progress", "--json"]) == 0
    figures = orjson.loads(capsys.readouterr().out)
    assert figures["documents"] == 4
    assert figures["done_by"] == {"0": 3, "1": 1}
    amal = figures["annotators"][0]
    assert (amal["name"], amal["done"], amal["median_seconds"], amal["per_hour"]) == (
        "amal", 1, 90.0, 40.0
    )  # fmt: skip
    assert cli.main(["progress"]) == 0
    text = capsys.readouterr().out
    assert "documents in the corpus: 4" in text and "  done by 1: 1" in text
    assert any(line.split()[:2] == ["amal", "1"] for line in text.splitlines())


def test_next_says_when_nothing_is_left_and_refuses_who_is_not_an_annotator(project, capsys):
    for _ in TEXTS:
        handed(capsys, "amal")
    assert cli.main(["next", "--annotator", "amal"]) == 1
    assert "nothing left for amal" in capsys.readouterr().err
    assert cli.main(["next", "--annotator", "lina"]) == 2  # a lead only: not routed to
    assert "not one of this project's annotators" in capsys.readouterr().err
    assert cli.main(["next", "--annotator", "zaid"]) == 2
    assert "not in this project's team" in capsys.readouterr().err
    assert cli.main(["next", "--annotator", "../x"]) == 2


def test_outside_a_project_next_and_progress_say_what_to_do(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["progress"]) == 2
    assert "run it inside one (or give --project DIR)" in capsys.readouterr().err
    assert cli.main(["next", "--annotator", "amal"]) == 2
    assert "annotator init DIR --corpus PATH" in capsys.readouterr().err
