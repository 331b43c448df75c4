"""A project is found as git finds a repository: from the working folder upwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.problems import UserError
from annotator.project.project import Project, find_project, open_project, project_for


def test_found_from_the_folder_itself_and_any_folder_below(project: Project) -> None:
    deep = project.root / "annotations" / "a" / "b"
    deep.mkdir(parents=True)
    assert find_project(project.root) == project.root
    assert find_project(deep) == project.root
    assert project_for(None, deep) == project


def test_none_outside_a_project(tmp_path: Path) -> None:
    assert find_project(tmp_path) is None
    assert project_for(None, tmp_path) is None


def test_the_nearest_project_wins(project: Project, corpus: Path) -> None:
    inner = project.root / "inner"
    inner.mkdir()
    (inner / "annotator.toml").write_text(
        f'corpus = "{corpus}"\n[team]\nannotators = ["zaid"]\n', encoding="utf-8"
    )
    assert project_for(None, inner).annotators == ("zaid",)


def test_project_option_names_the_folder(project: Project, tmp_path: Path) -> None:
    assert project_for(project.root, tmp_path) == project
    with pytest.raises(UserError, match=r"no annotator.toml here; annotator init .* --corpus PATH"):
        project_for(tmp_path, project.root)


def test_the_project_says_where_everything_is(project: Project, corpus: Path) -> None:
    assert project.annotations == project.root / "annotations"
    assert project.corpus == corpus
    assert project.routing.overlap == 2
    assert open_project(project.root) == project


def test_members_and_leads(project: Project) -> None:
    assert project.member("amal", "--annotator") == "amal"
    with pytest.raises(UserError, match=r"--annotator 'bob' is not in this project's team"):
        project.member("bob", "--annotator")
    with pytest.raises(UserError, match=r"cannot name a file: it holds a path separator"):
        project.member("a/b", "--annotator")
    assert project.lead("lina", "--reviewer") == "lina"
    with pytest.raises(UserError, match=r"'amal' is not a lead of this project"):
        project.lead("amal", "--reviewer")
