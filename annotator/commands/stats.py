"""``annotator stats``: documents by status, spans per label and annotator, time per document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from annotator.annotations.stats import compute, render_text
from annotator.commands._arguments import add_annotations, annotations_dir
from annotator.problems import UserError, show_path
from annotator.store.journal import load_journal, require_journal

HELP = "documents by status, spans per label and annotator, mean time per document"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "journals",
        nargs="*",
        type=Path,
        metavar="JOURNAL",
        help="journal files (default: every .jsonl in the annotations folder)",
    )
    add_annotations(parser)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    paths = list(args.journals)
    if not paths:
        folder = annotations_dir(args)
        paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
        if not paths:
            raise UserError(f"{show_path(folder)}: no journals (.jsonl) to count")
    journals = {}
    for path in paths:
        require_journal(path, "stats counts annotation journals (annotations/<annotator>.jsonl)")
        contents = load_journal(path)
        for problem in contents.problems:
            print(f"annotator: {problem}", file=sys.stderr)
        name = path.stem if path.stem not in journals else show_path(path)
        journals[name] = contents.records
    stats = compute(journals)
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(stats.to_json(), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        sys.stdout.write(render_text(stats))
    return 0
