"""Arguments several sub-commands share, spelled and explained the same way everywhere.

The same words mean the same things in every command: ``--annotations DIR`` is the folder
where annotation journals live, ``--out`` is the file or folder the command produces.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.store.journal import check_name
from annotator.store.paths import bundled_corpus, default_annotations_dir
from annotator.suggest.builtin import RULES

ANNOTATIONS_DEFAULT = (
    "annotations/ beside the corpus; for the bundled sample, annotator/annotations in the "
    "user's data folder ($XDG_DATA_HOME or ~/.local/share)"
)


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


def add_annotations(parser: argparse.ArgumentParser, *, renamed_out: bool = False) -> None:
    """``--annotations DIR``; ``renamed_out`` keeps the command's old ``--out DIR`` working."""
    parser.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the folder where annotation journals live (default: {ANNOTATIONS_DEFAULT})",
    )
    if renamed_out:
        parser.add_argument(
            "--out", dest="annotations", type=Path, action=_Renamed, help=argparse.SUPPRESS
        )


def annotations_dir(args: argparse.Namespace) -> Path:
    """The folder ``--annotations`` names, else the default for the command's corpus (the
    bundled sample for commands that take none)."""
    if args.annotations is not None:
        return Path(args.annotations)
    corpus = getattr(args, "corpus", None)
    return default_annotations_dir(corpus or bundled_corpus())


class _Renamed(argparse.Action):
    """An old spelling that still works this release, with one line saying what replaced it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        print(
            f"annotator: {option_string} DIR is now --annotations DIR "
            f"(--out names what a command produces); {option_string} will go in a later release",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


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
