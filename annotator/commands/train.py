"""``annotator train``: learn a model from accepted documents, headless, with a progress bar.

It writes the next version of the project's model (``<annotations>/models/<name>/v<N>``) and
makes it current; ``annotator suggest --model DIR`` and the app then suggest with it.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.commands._arguments import (
    add_annotations,
    add_journals,
    add_out,
    annotations_dir,
    every_journal,
    person_name,
    project_of,
)
from annotator.problems import UserError, printable, show_path
from annotator.session.learning import latest_records, rank_project
from annotator.suggest.model import Model, examples
from annotator.suggest.model_store import DEFAULT_NAME, model_folder, train_version

HELP = "learn a model from accepted documents, for suggestions (suggest --model, the app)"
_BAR = 30


def configure(parser: argparse.ArgumentParser) -> None:
    add_journals(
        parser,
        "journals to learn from, their accepted documents (default: every .jsonl in the "
        "annotations folder; gold.jsonl's documents win over an annotator's)",
    )
    add_annotations(parser)
    parser.add_argument(
        "--name",
        default=DEFAULT_NAME,
        type=person_name("--name"),
        help=f"the model's name; its suggestions say model:NAME (default: {DEFAULT_NAME})",
    )
    add_out(parser, "the model's folder (default: models/NAME in the annotations folder)")


def _records(paths: list[Path]) -> dict[str, DocRecord]:
    """The latest record of each document over ``paths``; gold.jsonl's win."""
    records, problems = latest_records(paths)
    for problem in problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    return records


def _progress_bar(what: str, done: float) -> None:
    filled = int(done * _BAR)
    line = f"\r{what:<9} [{'#' * filled}{' ' * (_BAR - filled)}] {done:4.0%}"
    print(line, end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    folder = annotations_dir(args)
    paths = list(args.journals) or every_journal(folder, "to learn from")
    docs = examples(_records(paths).values())
    if not docs:
        raise UserError(
            "no accepted document to learn from in "
            f"{', '.join(show_path(p) for p in paths)}; accept documents (a) first"
        )
    out = args.out or model_folder(folder, args.name)
    progress = _progress_bar if sys.stderr.isatty() else None
    target, meta = train_version(out, docs, progress)
    if progress is not None:
        print(file=sys.stderr)
    spans = Counter(label for doc in docs for *_, label in doc.spans)
    by_label = ", ".join(f"{label} {n:,}" for label, n in sorted(spans.items()))
    print(
        f"trained {printable(out.name)} v{meta['version']} on {meta['documents']:,} documents "
        f"({meta['spans']:,} spans: {by_label}) in {meta['seconds']:.1f} s -> {show_path(target)}"
    )
    project = project_of(args)
    if project is not None and project.routing.order == "uncertain":
        ranked = rank_project(project, Model(target, out.name))
        print(f'{ranked:,} unfinished documents ranked by its uncertainty (order = "uncertain")')
    return 0
