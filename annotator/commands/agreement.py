"""``annotator agreement``: how far annotators agreed, as plain text or JSON."""

from __future__ import annotations

import argparse
import sys

import orjson

from annotator.agreement.render import render_text
from annotator.agreement.report import agreement_report
from annotator.agreement.sources import load_documents, parse_annotators
from annotator.commands._arguments import (
    add_annotations,
    add_corpus,
    add_json,
    annotations_dir,
    corpus_path,
    team_annotators,
)
from annotator.problems import UserError

HELP = "span F1, Cohen's kappa and Krippendorff's alpha between annotators' journals"


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    parser.add_argument(
        "--annotators",
        default=None,
        help="comma-separated names, at least two: amal,omar (in a project: its annotators "
        "with a journal)",
    )
    add_annotations(parser)
    add_json(parser, "the report")
    parser.add_argument(
        "--worst", type=int, default=10, help="how many lowest-agreement documents to list"
    )


def run(args: argparse.Namespace) -> int:
    if args.worst < 0:
        raise UserError("--worst must be 0 or more")
    corpus = corpus_path(args)
    annotators = parse_annotators(team_annotators(args), at_least=2)
    annotations = annotations_dir(args)
    docs, problems = load_documents(corpus, annotations, annotators)
    report = agreement_report(docs, annotators, worst=args.worst, problems=problems)
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(report.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        sys.stdout.write(render_text(report))
    return 0
