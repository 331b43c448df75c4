"""``annotator compact``: rewrite journals to one line per document."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.problems import UserError
from annotator.store.compaction import compact

HELP = (
    "rewrite annotation journals to one line per document, atomically "
    "(refuses a journal that is open in the app)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="journal .jsonl files")


def run(args: argparse.Namespace) -> int:
    # One journal in use or missing does not stop the others.
    failed = 0
    for path in args.files:
        try:
            print(compact(path))
        except UserError as exc:
            print(f"annotator: {exc}", file=sys.stderr)
            failed += 1
    return 2 if failed else 0
