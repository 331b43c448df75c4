"""Every command run inside a project folder (or below it) finds the project's data."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from annotator import cli
from annotator.project.project import Project
from annotator.store.paths import default_annotator

FIXTURE = Path(__file__).parents[2] / "fixtures" / "deir-ez-zor-gold.jsonl"
SAMPLE = Path(__file__).parents[3] / "corpora"


@pytest.fixture
def sample_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """A project on a copy of the sample article, amal's gold-like journal imported."""
    shutil.copytree(SAMPLE, tmp_path / "corpora")
    monkeypatch.chdir(tmp_path)
    argv = ["init", "proj", "--corpus", "corpora", "--annotators", "amal,omar", "--leads", "lina"]
    assert cli.main(argv) == 0
    monkeypatch.chdir(tmp_path / "proj")
    argv = ["import", "--format", "jsonl", str(FIXTURE), "--annotator", "amal"]
    assert cli.main([*argv, "--status", "accepted"]) == 0
    from annotator.project.project import open_project

    return open_project(tmp_path / "proj")


def test_stats_and_export_from_inside_the_project_find_its_data(
    sample_project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    below = sample_project.root / "annotations"
    monkeypatch.chdir(below)  # any folder inside the project will do, as with git
    capsys.readouterr()
    assert cli.main(["stats", "--json"]) == 0
    stats = orjson.loads(capsys.readouterr().out)
    assert "amal" in orjson.dumps(stats).decode()
    assert (
        cli.main(["export", "--format", "jsonl", "--from", "amal.jsonl", "--out", "../x.jsonl"])
        == 0
    )
    exported = [
        orjson.loads(line) for line in (sample_project.root / "x.jsonl").read_bytes().splitlines()
    ]
    assert [doc["id"] for doc in exported] == ["deir-ez-zor-strikes.txt"]


def test_export_gold_and_agreement_find_the_projects_journals(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(
        sample_project.annotations / "amal.jsonl", sample_project.annotations / "gold.jsonl"
    )
    assert cli.main(["export", "--gold", "--format", "jsonl", "--out", "gold-out.jsonl"]) == 0
    assert (sample_project.root / "gold-out.jsonl").is_file()
    shutil.copy(
        sample_project.annotations / "amal.jsonl", sample_project.annotations / "omar.jsonl"
    )
    capsys.readouterr()
    assert cli.main(["agreement", "--json"]) == 0  # the team's annotators with a journal
    report = orjson.loads(capsys.readouterr().out)
    assert report["documents"] == 1


def test_annotations_option_is_refused_inside_a_project(
    sample_project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv in (["stats", "--annotations", "elsewhere"], ["annotate", "--annotations", "x"]):
        assert cli.main(argv) == 2
        err = capsys.readouterr().err
        assert "--annotations: this is the project" in err
        assert "whose journals are in annotations" in err


def test_another_corpus_or_labels_or_person_is_refused_inside_a_project(
    sample_project: Project, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text("خبر", encoding="utf-8")
    cases = {
        ("agreement", str(other), "--annotators", "amal,omar"): "whose corpus is",
        ("validate", "--labels", "l.toml", "annotations/amal.jsonl"): "--labels: the project",
        ("annotate", "--annotator", "zaid"): "--annotator 'zaid' is not in this project's team",
        ("review", "--reviewer", "amal"): "'amal' is not a lead of this project",
        ("import", "--format", "jsonl", str(FIXTURE), "--annotator", "zaid"): "not in this project",
    }
    login = default_annotator()
    if login not in ("amal", "omar", "lina"):
        cases[("annotate",)] = f"your login name (no --annotator given) '{login}' is not in"
    for argv, said in cases.items():
        assert cli.main(list(argv)) == 2, argv
        assert said in capsys.readouterr().err, argv


def test_project_option_from_anywhere(
    sample_project: Project,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert cli.main(["stats", "--project", str(sample_project.root)]) == 0
    assert "amal" in capsys.readouterr().out
    assert (
        cli.main(
            [
                "validate",
                "--project",
                str(sample_project.root),
                str(sample_project.annotations / "amal.jsonl"),
            ]
        )
        == 0
    )
