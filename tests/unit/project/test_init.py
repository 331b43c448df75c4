"""``annotator init``: a project made, or one clear message, exit 2 and nothing written."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from annotator import cli
from annotator.project.project import open_project

from .conftest import write_corpus


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_corpus(tmp_path / "corpora")


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_init_makes_a_project_every_command_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["init", "proj", "--corpus", "corpora", "--annotators", "amal,omar,lina"]
    assert cli.main([*argv, "--leads", "lina", "--overlap", "2"]) == 0
    assert "made a project in proj" in capsys.readouterr().out
    project = open_project(tmp_path / "proj")
    assert project.annotators == ("amal", "omar", "lina")
    assert project.leads == ("lina",)
    assert project.routing.overlap == 2
    assert project.corpus == tmp_path / "corpora"
    assert 'corpus = "../corpora"' in project.file.read_text(encoding="utf-8")
    assert listing(tmp_path / "proj") == [
        "annotations",
        "annotator.toml",
        "corpus-fingerprint.jsonl",
    ]


def test_init_makes_the_folder_group_shared(tmp_path: Path) -> None:
    old = os.umask(0o002)  # a group per user: every file group-writable by default
    try:
        assert cli.main(["init", "proj", "--corpus", "corpora", "--annotators", "amal"]) == 0
    finally:
        os.umask(old)

    def mode(path: str) -> int:
        return stat.S_IMODE(os.stat(tmp_path / "proj" / path).st_mode)

    assert mode(".") == 0o2750
    assert mode("annotations") == 0o3770  # set-group-ID, sticky: none removes another's
    assert mode("annotator.toml") == 0o640
    assert mode("corpus-fingerprint.jsonl") == 0o660


def test_a_journal_made_in_the_project_is_writable_by_its_owner_only(tmp_path: Path) -> None:
    assert cli.main(["init", "proj", "--corpus", "corpora", "--annotators", "amal"]) == 0
    old = os.umask(0o002)
    try:
        assert cli.main(["suggest", "--project", "proj"]) == 0
        assert cli.main(["compact", "proj/annotations/suggest.jsonl"]) == 0
    finally:
        os.umask(old)
    for name in ("suggest.jsonl", "suggest.jsonl.lock"):
        assert stat.S_IMODE(os.stat(tmp_path / "proj" / "annotations" / name).st_mode) == 0o640


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--corpus", "nothere"], "nothere: no such file or folder"),
        ([], "init needs --corpus PATH"),
        (
            ["--corpus", "corpora", "--annotators", "amal,omar", "--overlap", "3"],
            "team.overlap 3 is larger than the team (2 annotators)",
        ),
        (["--corpus", "corpora", "--overlap", "lots"], "--overlap 'lots': give a whole number"),
        (["--corpus", "corpora", "--annotators", "../x"], "--annotators '../x' cannot name a file"),
        (["--corpus", "corpora", "--annotators", "a/b"], "it holds a path separator"),
        (["--corpus", "corpora", "--annotators", "am\x1bal"], "invisible or control character"),
        (["--corpus", "corpora", "--leads", "gold"], "gold names the reviewer's journal"),
        (["--corpus", "corpora", "--annotators", "amal,amal"], "names 'amal' twice"),
        (["--corpus", "corpora", "--labels", "none.toml"], "none.toml: no such labels file"),
        (["--corpus", "corpora", "--group", "no-such-group-here"], "no such group"),
        (["--corpus", "."], "holds the project folder"),
    ],
)
def test_bad_input_is_one_message_exit_2_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    assert cli.main(["init", "proj", *args]) == 2
    err = capsys.readouterr().err
    assert said in err
    assert "Traceback" not in err
    assert not (tmp_path / "proj").exists()


def test_init_refuses_an_existing_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["init", "proj", "--corpus", "corpora"]) == 0
    before = (tmp_path / "proj" / "annotator.toml").read_bytes()
    assert cli.main(["init", "proj", "--corpus", "corpora", "--annotators", "x"]) == 2
    assert "already exists; annotator init --update" in capsys.readouterr().err
    assert (tmp_path / "proj" / "annotator.toml").read_bytes() == before


def test_update_reports_and_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["init", "proj", "--corpus", "corpora"]) == 0
    (tmp_path / "corpora" / "doc1.txt").write_text("نص جديد", encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["init", "proj", "--update"]) == 0
    assert "doc1.txt: the text changed since init" in capsys.readouterr().out
    assert cli.main(["init", "proj", "--update"]) == 0
    assert "unchanged since it was recorded" in capsys.readouterr().out
    assert cli.main(["init", "proj", "--update", "--overlap", "2"]) == 2
    assert "--overlap would be ignored" in capsys.readouterr().err


def test_a_changed_corpus_stops_every_command_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli.main(["init", "proj", "--corpus", "corpora", "--annotators", "amal"]) == 0
    for doc in (tmp_path / "corpora").iterdir():
        doc.unlink()
    write_corpus(tmp_path / "corpora", {f"other{i}.txt": "خبر" for i in range(5)})
    monkeypatch.chdir(tmp_path / "proj")
    before = listing(tmp_path / "proj")
    capsys.readouterr()
    for argv in (["annotate", "--annotator", "amal"], ["suggest"], ["init", "--update"]):
        assert cli.main(argv) == 2, argv
        assert "is not the corpus this project was made for" in capsys.readouterr().err
    assert listing(tmp_path / "proj") == before


def test_group_gives_the_project_to_the_teams_group(tmp_path: Path) -> None:
    import grp

    others = [g for g in grp.getgrall() if g.gr_gid != os.getegid()]
    if os.geteuid() != 0 or not others:
        pytest.skip("needs root (or membership of a second group) to give a folder away")
    team = others[0]
    argv = ["init", "proj", "--corpus", "corpora", "--annotators", "amal", "--group", team.gr_name]
    assert cli.main(argv) == 0
    for path in ("", "annotations", "annotator.toml", "corpus-fingerprint.jsonl"):
        assert os.stat(tmp_path / "proj" / path).st_gid == team.gr_gid, path
    assert cli.main(["suggest", "--project", "proj"]) == 0
    # Set-group-ID: a journal made later belongs to the team's group too.
    assert os.stat(tmp_path / "proj" / "annotations" / "suggest.jsonl").st_gid == team.gr_gid
