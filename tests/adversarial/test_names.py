"""Issue 14 item 4: a name becomes a file beside other people's journals and is printed in every
message. Reserved and unsafe names are refused by every command that takes one, saying what a
name may hold; nothing is written under them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]  # the ``cli`` fixture of conftest.py

UNSAFE = {
    "bidi override": ("a\u202eb", r"a\u202eb", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    "escape sequence": ("a\x1b[2J", r"a\x1b[2J", "invisible or control character (U+001B)"),
    "path": ("../x", "../x", "starts with a dot"),
    "separator": ("a/b", "a/b", "path separator"),
    "hidden": (".ali", ".ali", "starts with a dot"),
}
ALLOWED = "a name is letters and digits (any script), with - _ or . between them"


def commands(corpus: str, name: str) -> dict[str, list[str]]:
    return {
        "annotate": ["annotate", corpus, "--annotator", name],
        "import": ["import", "--format", "jsonl", corpus, "--annotator", name],
        "suggest": ["suggest", corpus, "--out", "s.jsonl", "--annotator", name],
        "review": ["review", corpus, "--annotators", "ali", "--reviewer", name],
        "agreement": ["agreement", corpus, "--annotators", f"ali,{name}"],
    }


def written(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in tmp_path.rglob("*") if p.suffix in (".jsonl", ".lock"))


@pytest.mark.parametrize("command", ["annotate", "import", "suggest", "review", "agreement"])
@pytest.mark.parametrize("attack", sorted(UNSAFE))
def test_every_command_refuses_an_unsafe_name_escaped_and_writes_nothing(
    cli: Cli, tmp_path: Path, corpus: Path, command: str, attack: str
) -> None:
    name, shown, why = UNSAFE[attack]
    ran = cli(*commands("corpus", name)[command])
    assert ran.code == 2
    assert ran.err.startswith("annotator: --")
    assert f"'{shown}' cannot name a file: " in ran.err and why in ran.err
    assert ALLOWED in ran.err
    assert name not in ran.err or name == shown  # printed escaped, never as raw controls
    assert written(tmp_path) == []


@pytest.mark.parametrize("name", ["gold", "Gold"])
@pytest.mark.parametrize("command", ["annotate", "import", "suggest"])
def test_an_annotator_cannot_write_the_reviewers_gold_journal(
    cli: Cli, tmp_path: Path, corpus: Path, command: str, name: str
) -> None:
    ran = cli(*commands("corpus", name)[command])
    assert ran.code == 2
    assert "gold names the reviewer's journal (gold.jsonl), not a person" in ran.err
    assert written(tmp_path) == []


def test_agreement_may_still_compare_an_annotator_with_gold(cli: Cli, corpus: Path) -> None:
    ran = cli(*commands("corpus", "gold")["agreement"])
    # The name passes; what stops it is that neither journal exists yet.
    assert "cannot name a file" not in ran.err
    assert "no journal for annotator 'ali'" in ran.err


def test_names_in_any_script_with_inner_dots_are_accepted(cli: Cli, corpus: Path) -> None:
    ran = cli("suggest", "corpus", "--out", "s.jsonl", "--annotator", "أمل.ج")
    assert ran.code == 0, ran.err
