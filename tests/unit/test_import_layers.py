"""The core (everything outside annotator.ui) must import without Textual."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import annotator

CHECK = """
import importlib, sys

class NoTextual:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("textual", "rich"):
            raise ImportError(f"core module imported {name}")
        return None

sys.meta_path.insert(0, NoTextual())
for name in sys.argv[1:]:
    importlib.import_module(name)
print("imported", len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(annotator.__path__, "annotator."):
        if info.name == "annotator.ui" or info.name.startswith("annotator.ui."):
            continue
        if info.name == "annotator.__main__":
            continue
        if info.name == "annotator.serve.driver":
            continue  # the Textual driver a served app runs with: serve sits beside the UI
        names.append(info.name)
    return names


def test_core_is_found():
    names = core_modules()
    assert "annotator.annotations.model" in names
    assert "annotator.cli" in names


def test_core_imports_without_textual():
    names = core_modules()
    result = subprocess.run(
        [sys.executable, "-c", CHECK, *names], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert f"imported {len(names)}" in result.stdout


def test_ui_does_import_textual():
    """The guard above is real: the UI layer is refused under the same check."""
    result = subprocess.run(
        [sys.executable, "-c", CHECK, "annotator.ui.annotate.app"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "core module imported textual" in result.stderr


def test_import_contracts_hold():
    """The layers and the Textual ban declared in pyproject.toml, checked by import-linter
    over every import statement (including those inside functions)."""
    root = Path(annotator.__file__).parents[1]
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [lint_imports, "--no-cache", "--no-logo"], cwd=root, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout
