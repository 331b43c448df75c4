"""``annotator review``: settle the annotators' disagreements into gold, in the terminal.

Gold goes to ``gold.jsonl`` (``--out`` or the annotations folder) through the journal, so
each decision is on disk before the next key and two reviewers cannot write it at once.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.agreement.sources import parse_annotators
from annotator.annotations.labels import load_labels
from annotator.commands._arguments import add_corpus, person_name
from annotator.session.review import prepare_review
from annotator.store.paths import bundled_corpus, default_annotations_dir, default_annotator

NAME = "review"
HELP = "review annotators' spans side by side and settle them into gold.jsonl"


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    parser.add_argument("--annotators", required=True, help="comma-separated names: amal,omar")
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
    parser.add_argument(
        "--annotations",
        type=Path,
        default=None,
        help="folder of <name>.jsonl journals (default: annotations/ beside the corpus)",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="folder for gold.jsonl (default: --annotations)"
    )
    parser.add_argument("--labels", type=Path, default=None, help="labels TOML file")


def run(args: argparse.Namespace) -> int:
    corpus = args.corpus or bundled_corpus()
    annotators = parse_annotators(args.annotators, at_least=1)
    annotations = args.annotations or default_annotations_dir(corpus)
    setup = prepare_review(
        corpus,
        annotators,
        reviewer=args.reviewer or default_annotator(),
        annotations=annotations,
        out=args.out or annotations,
        threshold=args.threshold,
        labels=load_labels(args.labels),
    )
    try:
        from annotator.ui.review.app import ReviewApp

        ReviewApp(setup).run()
    finally:
        setup.journal.close()
    return 0
