"""The code, its tests and its benchmarks use Textual through its public API only: a private
module or member may change in any release and break the app or fake a test's result."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("annotator", "tests", "bench")
# Private members reached for before (each once made a test pass that a user could not).
PRIVATE_MEMBERS = re.compile(
    r"\._(compositor|display|bindings|forward_event|refresh_layout|nodes|add_binding|"
    r"notifications|driver|post_mouse_events|check_refresh)\b|_get_mouse_message_arguments"
)


def sources() -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (ROOT / folder).rglob("*.py"))


def private_textual_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        modules: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module:
            modules = (
                [node.module]
                if is_private(node.module)
                else [f"{node.module}.{a.name}" for a in node.names]
            )
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        found += [m for m in modules if is_private(m)]
    return found


def is_private(module: str) -> bool:
    parts = module.split(".")
    return parts[0] == "textual" and any(p.startswith("_") for p in parts[1:])


def test_no_file_imports_a_private_textual_module_or_name() -> None:
    offenders = {
        str(p.relative_to(ROOT)): found
        for p in sources()
        # A file that never names textual imports nothing of it: no need to parse it.
        if "textual" in (source := p.read_text(encoding="utf-8"))
        and (found := private_textual_imports(source))
    }
    assert offenders == {}


def test_no_file_reaches_for_a_private_textual_member() -> None:
    this = Path(__file__).resolve()
    offenders = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in sources()
        if p != this
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE_MEMBERS.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from textual.widgets._footer import FooterKey", ["textual.widgets._footer"]),
        (
            "from textual.pilot import _get_mouse_message_arguments",
            ["textual.pilot._get_mouse_message_arguments"],
        ),
        ("import textual._compositor", ["textual._compositor"]),
        ("from textual.widgets import Footer", []),
    ],
)
def test_the_check_tells_private_from_public(source: str, found: list[str]) -> None:
    assert private_textual_imports(source) == found
