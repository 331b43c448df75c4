"""A small corpus and a project made on it, as ``annotator init`` makes one."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.project.create import Team, create_project
from annotator.project.project import Project

TEXTS = {f"doc{i}.txt": f"قال مصدر إن القصف طال الموقع رقم {i}.\n" for i in range(1, 6)}


def write_corpus(folder: Path, texts: dict[str, str] = TEXTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpora")


@pytest.fixture
def project(tmp_path: Path, corpus: Path) -> Project:
    return create_project(tmp_path / "proj", corpus, Team(("amal", "omar", "lina"), ("lina",), "2"))
