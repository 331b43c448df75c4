"""``annotator stats``: documents by status, spans per label and annotator, time per document."""

from __future__ import annotations

import argparse
import sys

import orjson

from annotator.annotations.stats import compute, render_text
from annotator.commands._arguments import (
    add_annotations,
    add_journals,
    add_json,
    annotations_dir,
    every_journal,
)
from annotator.problems import show_path
from annotator.store.journal import load_journal, require_journal

HELP = "documents by status, spans per label and annotator, mean time per document"


def configure(parser: argparse.ArgumentParser) -> None:
    add_journals(parser, "journal files (default: every .jsonl in the annotations folder)")
    add_annotations(parser)
    add_json(parser, "the figures")


def run(args: argparse.Namespace) -> int:
    paths = list(args.journals) or every_journal(annotations_dir(args), "to count")
    journals = {}
    for path in paths:
        require_journal(path, "stats counts annotation journals (annotations/<annotator>.jsonl)")
        contents = load_journal(path, every_record=True)
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
