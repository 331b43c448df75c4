"""[suggest]'s model settings in annotator.toml: read strictly, each problem with its line; what
init writes reads back as the defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.problems import UserError
from annotator.project.create import Team, create_project
from annotator.project.schema import SuggestSettings, read_project_file

HEAD = 'corpus = "corpora"\n[team]\nannotators = ["amal", "omar"]\n[suggest]\n'


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpora").mkdir()


def read(text: str) -> SuggestSettings:
    path = Path("annotator.toml")
    path.write_text(HEAD + text, encoding="utf-8")
    return read_project_file(path).suggest


def problem(text: str) -> str:
    with pytest.raises(UserError) as caught:
        read(text)
    return str(caught.value)


def test_the_model_settings_are_read():
    settings = read(
        'model = "ner"\nretrain_every = 0\nblind = false\ndim_below = 0.7\n'
        "[suggest.thresholds]\nmodel = 0.4\ngazetteer = 1\n"
    )
    assert (settings.model, settings.retrain_every, settings.blind, settings.dim_below) == (
        "ner",
        0,
        False,
        0.7,
    )
    assert settings.thresholds == {"model": 0.4, "gazetteer": 1.0}


def test_defaults_and_what_init_writes_agree(tmp_path):
    defaults = read("")
    assert (defaults.model, defaults.retrain_every, defaults.blind, defaults.dim_below) == (
        "crf",
        5,
        True,
        0.8,
    )
    assert defaults.thresholds == {}
    (tmp_path / "corpora" / "a.txt").write_text("نص.", encoding="utf-8")
    made = create_project(tmp_path / "proj", tmp_path / "corpora", Team(("amal",))).suggest
    assert (made.model, made.retrain_every, made.blind, made.dim_below) == ("crf", 5, True, 0.8)
    assert made.thresholds == {"model": 0.5, "gazetteer": 0.5}


def test_each_bad_value_is_named_with_its_line():
    said = problem(
        'model = "../x"\nretrain_every = -1\nblind = "yes"\ndim_below = 2\n'
        '[suggest.thresholds]\nmodel = "high"\nrules = 0.5\ngazetteer = -0.1\n'
    )
    lines = said.splitlines()
    assert lines[0].startswith("annotator.toml line 5: ") and "suggest.model" in lines[0]
    assert lines[1] == (
        "annotator.toml line 6: suggest.retrain_every must be 0 (never) or more, not -1"
    )
    assert lines[2] == "annotator.toml line 7: suggest.blind must be true or false, not 'yes'"
    assert lines[3] == "annotator.toml line 8: suggest.dim_below must be from 0 to 1, not 2"
    assert lines[4] == (
        "annotator.toml line 10: suggest.thresholds.model must be a number from 0 to 1, not 'high'"
    )
    assert lines[5].startswith(
        "annotator.toml line 11: unknown key 'rules' in [suggest.thresholds]; did you mean 'rule'?"
    )
    assert lines[6] == (
        "annotator.toml line 12: suggest.thresholds.gazetteer must be from 0 to 1, not -0.1"
    )
    assert len(lines) == 7
