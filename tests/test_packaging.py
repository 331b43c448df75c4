"""`pip install .` must ship the styles and the bundled corpus inside the wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("annotator-*.whl")
    return built


def test_wheel_ships_every_stylesheet(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    sheets = sorted(p.name for p in (REPO / "styles").glob("*.tcss"))
    assert sheets, "styles/ holds no .tcss"
    for sheet in sheets:
        assert f"annotator/styles/{sheet}" in names


def test_wheel_ships_the_bundled_corpus(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "annotator/corpora/deir-ez-zor-strikes.txt" in names


def test_wheel_has_the_console_script(wheel):
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
        assert "annotator = annotator.cli:main" in archive.read(entry_points).decode()
