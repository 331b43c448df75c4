"""Names in a project that are not safe file names (``../x``, ``a/b``, control and bidi
characters) are refused wherever they come from: annotator.toml, init's options, --annotator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.adversarial.conftest import ARTICLE, Cli

HOSTILE = {
    "../x": "it starts with a dot",
    "a/b": "it holds a path separator",
    "a\\b": "it holds a path separator",
    "am\x1b[31mal": "invisible or control character (U+001B",
    "\u202eamal": "invisible or control character (U+202E",
    "amal\n": "it holds a space (U+000A)",
    "": "it is empty",
    "gold": "gold names the reviewer's journal",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "corpora").mkdir()
    (tmp_path / "corpora" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path / "corpora"


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_name_in_the_project_file_is_refused_with_its_line(
    cli: Cli, tmp_path: Path, corpus: Path, name: str
) -> None:
    (tmp_path / "annotator.toml").write_text(
        f'corpus = "corpora"\n\n[team]\nannotators = ["omar", {json.dumps(name)}]\n',
        encoding="utf-8",
    )
    ran = cli("stats")
    assert ran.code == 2
    assert "annotator.toml line 4: team.annotators " in ran.err
    assert HOSTILE[name] in ran.err
    assert "\x1b" not in ran.err and "\u202e" not in ran.err  # shown escaped, never obeyed
    assert not (tmp_path / "annotations").exists()


@pytest.mark.parametrize("name", [n for n in HOSTILE if n and "\n" not in n])
def test_a_hostile_name_given_to_init_or_annotate_is_refused(
    cli: Cli, tmp_path: Path, corpus: Path, name: str
) -> None:
    ran = cli("init", "proj", "--corpus", "corpora", "--annotators", f"omar,{name}")
    assert ran.code == 2
    assert HOSTILE[name] in ran.err
    assert not (tmp_path / "proj").exists()
    assert cli("init", "proj", "--corpus", "corpora", "--annotators", "omar").code == 0
    ran = cli("annotate", "--project", "proj", "--annotator", name)
    assert ran.code == 2
    assert HOSTILE[name] in ran.err
    assert list((tmp_path / "proj" / "annotations").iterdir()) == []
