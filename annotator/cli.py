"""The ``annotator`` command: the table of sub-commands, and the one place that opens the UI.

Each module in ``annotator.commands`` has ``HELP``, ``configure(parser)`` and ``run(args)``.
Commands sit below the UI and never import it, so ``annotate`` and ``review`` are handed the
app factory they open from here. Errors the user can fix are printed as one message and exit 2;
never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator import __version__
from annotator.commands import (
    agreement,
    annotate,
    check_corpus,
    compact,
    doctor,
    evaluate,
    export,
    import_,
    init,
    review,
    serve,
    stats,
    suggest,
    token,
    train,
    validate,
)
from annotator.problems import UserError

DEFAULT_COMMAND = "annotate"


@dataclass(frozen=True, slots=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _annotate(args: argparse.Namespace) -> int:
    # Textual is imported only when an app opens: the other commands start quickly without it.
    from annotator.ui.annotate.app import make_app

    return annotate.run(args, make_app)


def _review(args: argparse.Namespace) -> int:
    from annotator.ui.review.app import make_review_app

    return review.run(args, make_review_app)


def _serve(args: argparse.Namespace) -> int:
    # aiohttp is imported only when the server starts.
    from annotator.serve.server import run as run_server

    return serve.run(args, run_server)


COMMANDS: dict[str, Command] = {
    "agreement": Command(agreement.HELP, agreement.configure, agreement.run),
    "annotate": Command(annotate.HELP, annotate.configure, _annotate),
    "check-corpus": Command(check_corpus.HELP, check_corpus.configure, check_corpus.run),
    "compact": Command(compact.HELP, compact.configure, compact.run),
    "doctor": Command(doctor.HELP, doctor.configure, doctor.run),
    "evaluate": Command(evaluate.HELP, evaluate.configure, evaluate.run),
    "export": Command(export.HELP, export.configure, export.run),
    "import": Command(import_.HELP, import_.configure, import_.run),
    "init": Command(init.HELP, init.configure, init.run),
    "review": Command(review.HELP, review.configure, _review),
    "serve": Command(serve.HELP, serve.configure, _serve),
    "stats": Command(stats.HELP, stats.configure, stats.run),
    "suggest": Command(suggest.HELP, suggest.configure, suggest.run),
    "token": Command(token.HELP, token.configure, token.run),
    "train": Command(train.HELP, train.configure, train.run),
    "validate": Command(validate.HELP, validate.configure, validate.run),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Keyboard-first terminal workbench for Arabic span annotation.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        command_parser = sub.add_parser(name, help=command.help, description=command.help)
        command.configure(command_parser)
        command_parser.set_defaults(_run=command.run)
    return parser


def _refuse_mistyped_command(word: str) -> None:
    """`annotator exprot` is a typo, not a corpus called "exprot": say so before the default
    command takes the word for a path."""
    if Path(word).exists() or "/" in word or "." in word:
        return
    close = difflib.get_close_matches(word, sorted(COMMANDS), n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise UserError(
        f"'{word}' is neither a command nor an existing corpus path; {hint}"
        f"commands: {', '.join(sorted(COMMANDS))} (annotator --help)"
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
            _refuse_mistyped_command(argv[0])
        if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
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
