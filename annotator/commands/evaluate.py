"""``annotator evaluate``: which source of suggestions to trust, scored against gold."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord
from annotator.commands._arguments import add_annotations, add_json, annotations_dir
from annotator.problems import UserError, printable, show_path
from annotator.store.journal import load_journal, require_journal
from annotator.suggest.evaluation import Counts, evaluate

HELP = "precision, recall and F1 of suggestions per label and per source, against gold"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "journal",
        nargs="?",
        type=Path,
        default=None,
        metavar="JOURNAL",
        help="the journal to score: suggestions (annotator suggest) or an annotator's, whose "
        "accepted suggestions keep their source (default: suggest.jsonl in the annotations "
        "folder)",
    )
    parser.add_argument(
        "--gold",
        type=Path,
        required=True,
        metavar="GOLD",
        help="the journal of correct spans; its accepted documents are scored",
    )
    parser.add_argument(
        "--sources",
        default=None,
        metavar="KIND,...",
        help="score only spans from these sources: rule, pattern, gazetteer, model (or "
        "model:NAME), hand",
    )
    add_annotations(parser)
    add_json(parser, "the figures")


_KINDS = ("rule", "pattern", "gazetteer", "model", "hand")


def _records(path: Path, what: str) -> dict[str, DocRecord]:
    require_journal(path, what)
    contents = load_journal(path, every_record=True)
    for problem in contents.problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    return dict(contents.records)


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _row(name: str, counts: Counts) -> str:
    return (
        f"{printable(name):<16}{counts.gold:>7}{counts.suggested:>11}{counts.correct:>9}"
        f"{_figure(counts.precision):>11}{_figure(counts.recall):>9}{_figure(counts.f1):>8}"
    )


def run(args: argparse.Namespace) -> int:
    journal = args.journal or annotations_dir(args) / "suggest.jsonl"
    sources = None
    if args.sources is not None:
        sources = [s.strip() for s in args.sources.split(",") if s.strip()]
        unknown = [s for s in sources if s.partition(":")[0] not in _KINDS]
        if unknown or not sources:
            raise UserError(
                f"--sources {printable(args.sources)}: give kinds from {', '.join(_KINDS)} "
                "(model:NAME for one model), separated by commas"
            )
    predicted = _records(journal, "evaluate scores a journal of spans")
    gold = _records(args.gold, "--gold names the journal of correct spans")
    result = evaluate(predicted, gold, sources)
    if not result.documents:
        raise UserError(
            f"no document is both accepted in {show_path(args.gold)} and in "
            f"{show_path(journal)} with the same text; nothing to score"
        )
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(result.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    header = f"{'gold':>7}{'suggested':>11}{'correct':>9}{'precision':>11}{'recall':>9}{'F1':>8}"
    lines = [
        f"{result.documents} document(s) scored, exact spans",
        "",
        f"{'label':<16}{header}",
        *(_row(label, counts) for label, counts in sorted(result.by_label.items())),
        _row("all", result.overall),
        "",
        f"{'source':<16}{header}",
        *(_row(kind, counts) for kind, counts in sorted(result.by_source.items())),
        "",
        "A source's recall counts the gold spans of the labels it suggests.",
    ]
    print("\n".join(lines))
    return 0
