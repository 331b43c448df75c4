"""``annotator doctor`` names what is wrong in a project and what to run."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator import cli
from annotator.project.doctor import diagnose
from annotator.project.project import Project

from .conftest import write_corpus


def said(project: Project) -> list[str]:
    return [str(finding) for finding in diagnose(project.root)]


@pytest.fixture(autouse=True)
def _in_project(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project.root)


def test_a_project_as_init_made_it_is_in_order(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert said(project) == []
    assert cli.main(["doctor"]) == 0
    assert "the project is in order" in capsys.readouterr().out


def test_wrong_modes_are_named_with_the_command_that_fixes_them(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = project.annotations / "amal.jsonl"
    journal.write_text("", encoding="utf-8")
    os.chmod(journal, 0o666)
    os.chmod(project.annotations, 0o2777)
    routing = project.annotations / "routing.sqlite3"
    routing.write_bytes(b"")
    os.chmod(routing, 0o644)
    os.chmod(project.file, 0o664)
    os.chmod(project.fingerprint, 0o640)
    assert said(project) == [
        "annotations: mode 2777, not 3770 (the group makes journals, none removes another's); "
        "run: chmod 3770 annotations",
        "annotator.toml: mode 0664 (anyone but its owner could overwrite it): anyone in the "
        "group could change who leads; run: chmod 640 annotator.toml",
        "corpus-fingerprint.jsonl: mode 0640 (the whole team writes it); "
        "run: chmod 660 corpus-fingerprint.jsonl",
        "annotations/routing.sqlite3: mode 0644 (the whole team writes it); "
        "run: chmod 660 annotations/routing.sqlite3",
        "annotations/amal.jsonl: mode 0666 (anyone but its owner could overwrite it); "
        "run: chmod 640 annotations/amal.jsonl",
    ]
    assert cli.main(["doctor"]) == 1
    assert "5 problem(s) in the project" in capsys.readouterr().out


def test_a_journal_of_someone_not_in_the_team(project: Project) -> None:
    (project.annotations / "zaid.jsonl").write_text("", encoding="utf-8")
    os.chmod(project.annotations / "zaid.jsonl", 0o640)
    (project.annotations / "gold.jsonl").write_text("", encoding="utf-8")
    os.chmod(project.annotations / "gold.jsonl", 0o640)
    assert said(project) == [
        "annotations/zaid.jsonl: 'zaid' is not in the team; add them to team.annotators in "
        "annotator.toml, or move the file out of the project"
    ]


def test_a_journal_owned_by_another_unix_user_than_its_name(project: Project) -> None:
    import pwd

    others = [p for p in pwd.getpwall() if p.pw_uid != os.getuid() and p.pw_name.isalnum()]
    if not others or os.getuid() != 0:
        pytest.skip("needs root and a second user to make a file owned by someone else")
    name = others[0].pw_name
    journal = project.annotations / f"{name}.jsonl"
    journal.write_text("", encoding="utf-8")
    os.chmod(journal, 0o640)
    found = said(project)
    assert (
        f"annotations/{name}.jsonl belongs to Unix user root, not to {name}; if {name} "
        in found[-1]
    )


def test_a_missing_or_changed_corpus_and_a_bad_file(project: Project, tmp_path: Path) -> None:
    (project.corpus / "doc1.txt").write_text("نص آخر", encoding="utf-8")
    assert said(project) == [
        "doc1.txt: the text changed since init; its spans are re-anchored when it is next "
        "opened, and whatever cannot follow is marked stale; annotator init --update records "
        "the corpus as it is now"
    ]
    text = project.file.read_text(encoding="utf-8")
    project.file.write_text(text.replace("../corpora", "../gone"), encoding="utf-8")
    assert said(project)[0].startswith(
        "annotator.toml line 2: corpus '../gone': no such file or folder"
    )
    project.file.write_text(text.replace("../corpora", "../other"), encoding="utf-8")
    write_corpus(tmp_path / "other", {"x.txt": "خبر", "y.txt": "خبر"})
    assert "/other is not the corpus this project was made for" in said(project)[0]


def test_doctor_outside_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["doctor"]) == 2
    assert "no annotator.toml here; annotator init" in capsys.readouterr().err
