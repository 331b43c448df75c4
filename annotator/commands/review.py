"""``annotator review``: settle the annotators' disagreements into gold, in the terminal.

Gold goes to ``gold.jsonl`` (``--out`` or the annotations folder) through the journal, so
each decision is on disk before the next key and two reviewers cannot write it at once.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from annotator.agreement.documents import DocAnnotations
from annotator.agreement.sources import load_documents, parse_annotators
from annotator.annotations.labels import LabelSet, load_labels
from annotator.commands._arguments import add_corpus
from annotator.problems import UserError
from annotator.session.review import DocReview, build_reviews
from annotator.store.journal import Journal, journal_path
from annotator.store.paths import bundled_corpus, default_annotations_dir, default_annotator

NAME = "review"
HELP = "review annotators' spans side by side and settle them into gold.jsonl"
GOLD = "gold"


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    parser.add_argument("--annotators", required=True, help="comma-separated names: amal,omar")
    parser.add_argument("--reviewer", default=None, help="your name (default: login name)")
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


@dataclass
class ReviewSetup:
    """Everything the review screen works on; ``journal`` is the open gold journal."""

    annotators: list[str]
    reviewer: str
    docs: list[DocAnnotations]
    reviews: list[DocReview]
    journal: Journal
    labels: LabelSet
    problems: list[str]

    def save(self, review: DocReview) -> None:
        self.journal.append(review.to_record(self.reviewer))


def prepare(
    corpus: Path,
    annotators: list[str],
    *,
    reviewer: str,
    annotations: Path,
    out: Path,
    threshold: int | None = None,
    labels: LabelSet | None = None,
) -> ReviewSetup:
    """Load the journals, open (and lock) gold, restore earlier decisions, apply the
    threshold merge and save what it accepted. The caller closes ``setup.journal``."""
    if threshold is not None and not 1 <= threshold <= len(annotators):
        raise UserError(f"--threshold must be between 1 and {len(annotators)} (the annotators)")
    docs, problems = load_documents(corpus, annotations, annotators)
    if not docs:
        raise UserError(
            f"none of {', '.join(annotators)} has a record in {annotations}; "
            "annotate first or pass --annotations DIR"
        )
    journal = Journal.open(journal_path(out, GOLD))
    try:
        problems += [str(p) for p in journal.problems]
        reviews, left_out = build_reviews(docs, annotators, journal.records)
        problems += left_out
        setup = ReviewSetup(
            annotators, reviewer, docs, reviews, journal, labels or load_labels(None), problems
        )
        if threshold is not None:
            for review in reviews:
                if review.auto_merge(threshold):
                    setup.save(review)
    except BaseException:
        journal.close()
        raise
    return setup


def run(args: argparse.Namespace) -> int:
    corpus = args.corpus or bundled_corpus()
    annotators = parse_annotators(args.annotators, at_least=1)
    annotations = args.annotations or default_annotations_dir(corpus)
    setup = prepare(
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
