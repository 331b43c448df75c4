"""The bundled sample article copied into a corpus folder of a test's own."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.store.paths import bundled_corpus

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"


def sample_corpus(folder: Path, name: str = SAMPLE.name) -> Path:
    """``folder``, made, holding a copy of the sample article as ``name``."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLE, folder / name)
    return folder
