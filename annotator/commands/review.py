"""``annotator review``: settle the annotators' disagreements into gold, in the terminal.

Gold goes to ``gold.jsonl`` in the annotations folder (or ``--out``) through the journal, so
each decision is on disk before the next key and two reviewers cannot write it at once. The
app comes from the UI, above this layer: ``annotator.cli`` passes it in.

With a team's server (``--store URL``, ``$ANNOTATOR_STORE`` or the project's ``[store] url``)
the review reads the corpus, the annotators' records and the review queue from it, and each
gold record, once on disk, is sent there in the background (the lead's journal, as the app
sends an annotator's).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from annotator.agreement.sources import parse_annotators
from annotator.annotations.labels import load_labels
from annotator.commands._arguments import (
    add_annotations,
    add_corpus,
    add_labels,
    add_out,
    annotations_dir,
    corpus_path,
    labels_path,
    person,
    person_name,
    project_of,
    team_annotators,
)
from annotator.commands.db import add_store, configured_store
from annotator.problems import UserError, show_path
from annotator.session.review import ReviewOpening, open_review
from annotator.session.team import marks_reviewed, open_team
from annotator.store.journal import GOLD_NAME, journal_path
from annotator.team.postgres.local import local_folder
from annotator.team.postgres.reviewing import ServerReview
from annotator.team.postgres.sender import Sender


class ReviewApp(Protocol):
    """What this command needs of the app it is given."""

    close_error: str

    def run(self) -> object: ...

    def sync_with(self, sender: Sender) -> None: ...


HELP = "review annotators' spans side by side and settle them into gold.jsonl"


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    parser.add_argument(
        "--annotators",
        default=None,
        help="comma-separated names: amal,omar (in a project: its annotators with a journal; "
        "from a server: its annotators with a record)",
    )
    parser.add_argument(
        "--reviewer",
        default=None,
        type=person_name("--reviewer"),
        help="your name (default: login name)",
    )
    parser.add_argument(
        "--threshold",
        type=int,
        default=None,
        help="accept at once every span at least N annotators marked identically",
    )
    add_annotations(parser)
    add_out(
        parser,
        f"the gold journal to write (default: {GOLD_NAME}.jsonl in --annotations, where "
        "export --gold reads it)",
        "FILE",
    )
    add_labels(parser, "labels TOML file")
    parser.add_argument(
        "--keymap",
        type=Path,
        help='TOML file remapping keys: [keys] "review.accept" = "y" (ids are in ? help)',
    )
    add_store(parser)


def run(
    args: argparse.Namespace, make_app: Callable[[ReviewOpening, Path | None], ReviewApp]
) -> int:
    url = configured_store(args)
    if url is not None and args.corpus is None and args.annotations is None:
        return _run_on_server(args, url, make_app)
    corpus = corpus_path(args)
    annotators = parse_annotators(team_annotators(args), at_least=1)
    annotations = annotations_dir(args)
    # Everything that can refuse does so here, before the app takes the terminal.
    opening = _open(args, corpus, annotators, annotations)
    project = project_of(args)
    team = None
    try:
        team = open_team(project) if project is not None else None
        if team is not None:
            # A team's finished documents first; gold takes each off the queue.
            opening.first = team.review_queue()
            opening.on_saved = marks_reviewed(team, opening.reviewer)
        app = make_app(opening, args.keymap)
        app.run()
    finally:
        opening.close()
        if team is not None:
            team.close()
    if app.close_error:
        raise UserError(app.close_error)
    return 0


def _open(
    args: argparse.Namespace,
    corpus: Path | None,
    annotators: list[str],
    annotations: Path,
    server: ServerReview | None = None,
) -> ReviewOpening:
    """The review's opening from the command's words, on files or on a server."""
    return open_review(
        corpus,
        annotators,
        reviewer=person(args, args.reviewer, "--reviewer", lead=True),
        annotations=annotations,
        gold=gold_path(args.out, annotations),
        threshold=args.threshold,
        labels=load_labels(labels_path(args)),
        server=server,
    )


def _run_on_server(
    args: argparse.Namespace,
    url: str,
    make_app: Callable[[ReviewOpening, Path | None], ReviewApp],
) -> int:
    """The team's work read from its server (no pull, no corpus here); gold sent back."""
    project = project_of(args)
    asked = parse_annotators(args.annotators, at_least=1) if args.annotators else []
    # Where `annotator sync --gold` finds gold: the project's folder, else this machine's.
    annotations = project.annotations if project is not None else local_folder(url) / "annotations"
    opening = _open(args, None, asked, annotations, ServerReview(url, asked))
    # Sends what gold holds that the server has not (from an earlier review too), then
    # each decision as the app pokes it.
    sender = Sender(url, opening.held.path)
    try:
        app = make_app(opening, args.keymap)
        sender.start()
        try:
            app.sync_with(sender)
            app.run()
        finally:
            left = sender.stop(timeout=3)
    finally:
        opening.close()
    if left.waiting:
        print(
            f"annotator: gold {left.line()}; it is safe in {show_path(opening.held.path)}: "
            "annotator sync --gold sends it",
            file=sys.stderr,
        )
    if app.close_error:
        raise UserError(app.close_error)
    return 0


def gold_path(out: Path | None, annotations: Path) -> Path:
    """The gold journal ``--out`` names; a folder there is the old spelling of its parent."""
    if out is None:
        return journal_path(annotations, GOLD_NAME)
    if out.is_dir():
        gold = journal_path(out, GOLD_NAME)
        print(
            f"annotator: review --out now names the gold file itself; writing {show_path(gold)}",
            file=sys.stderr,
        )
        return gold
    if out.suffix != ".jsonl":
        raise UserError(f"--out {show_path(out)}: give the gold journal a .jsonl name")
    return out
