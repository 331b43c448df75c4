"""The ``annotator`` command: one sub-command per module in ``annotator.commands``.

Each command module defines ``NAME``, ``HELP``, ``configure(parser)`` and ``run(args) -> int``.
Errors the user can fix are printed as one message and exit 2; never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import os
import pkgutil
import sys
from pathlib import Path

import annotator.commands as commands_pkg
from annotator import __version__
from annotator.problems import UserError

DEFAULT_COMMAND = "annotate"


def _command_modules():
    modules = []
    for info in pkgutil.iter_modules(commands_pkg.__path__):
        if info.name.startswith("_"):
            continue
        modules.append(importlib.import_module(f"{commands_pkg.__name__}.{info.name}"))
    return sorted(modules, key=lambda m: m.NAME)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Keyboard-first terminal workbench for Arabic span annotation.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(command)
        command.set_defaults(_run=module.run)
    return parser


def _refuse_mistyped_command(word: str, known: set[str]) -> None:
    """`annotator exprot` is a typo, not a corpus called "exprot": say so before the default
    command takes the word for a path."""
    if Path(word).exists() or "/" in word or "." in word:
        return
    close = difflib.get_close_matches(word, sorted(known), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise UserError(
        f"'{word}' is neither a command nor an existing corpus path; {hint}"
        f"commands: {', '.join(sorted(known))} (annotator --help)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    known = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    try:
        if argv and argv[0] not in known and not argv[0].startswith("-"):
            _refuse_mistyped_command(argv[0], known)
        if not argv or (argv[0] not in known and argv[0] not in ("-h", "--help", "--version")):
            argv.insert(0, DEFAULT_COMMAND)
        args = parser.parse_args(argv)
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`annotator stats | head`): stop quietly, as Unix tools do,
        # and keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
