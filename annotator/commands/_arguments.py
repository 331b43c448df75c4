"""Arguments several sub-commands share, spelled and explained the same way everywhere."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from annotator.store.journal import check_name
from annotator.suggest.builtin import RULES


def person_name(option: str) -> Callable[[str], str]:
    """The argparse ``type`` of an option naming a person (``--annotator``, ``--reviewer``):
    a UserError saying what a name may hold, never a file named with a bidi control."""
    return lambda value: check_name(value, option)


def add_corpus(parser: argparse.ArgumentParser) -> None:
    """The optional CORPUS positional; None means the bundled corpora/."""
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=None,
        help="a folder of .txt/.jsonl articles, or one such file (default: the bundled corpora/)",
    )


def add_suggestion_rules(parser: argparse.ArgumentParser) -> None:
    """--patterns files and --no-builtin rule names, for the commands that suggest spans;
    ``",".join(args.no_builtin)`` is what ``rules_without`` takes."""
    parser.add_argument(
        "--patterns",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help='JSONL rules, one per line: {"label": "SITE", "pattern": "دير الزور"} '
        "(repeatable; see docs/suggest.md)",
    )
    parser.add_argument(
        "--no-builtin",
        action="append",
        default=[],
        metavar="NAME[,NAME]",
        help=f"turn off built-in suggestion rules: {', '.join(RULES)}, or all (repeatable)",
    )
