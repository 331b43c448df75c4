"""`pip install .` must ship the styles and the bundled corpus inside the wheel."""

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
# Each test reads the one wheel built with pip: on one worker, so it is built once.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


def compiled_in_tree() -> dict[str, tuple[int, int]]:
    """The compiled modules beside their source (an editable install's), by name: (inode,
    modification time)."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in (REPO / "annotator").glob("_tokens.*")
        if p.suffix != ".c"
    }


@pytest.fixture(scope="module")
def before_the_build() -> dict[str, tuple[int, int]]:
    return compiled_in_tree()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory, before_the_build) -> Path:
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


def test_wheel_ships_the_compiled_tokens(wheel):
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}): the wheel is pure Python")
    names = zipfile.ZipFile(wheel).namelist()
    assert [n for n in names if n.startswith("annotator/_tokens.") and not n.endswith(".c")]
    assert not wheel.name.endswith("-py3-none-any.whl")


def test_building_a_wheel_leaves_the_source_trees_module_alone(wheel, before_the_build):
    """This test process has loaded annotator/_tokens*.so: rewriting that file would crash it
    (and any annotator running from the checkout)."""
    assert compiled_in_tree() == before_the_build
