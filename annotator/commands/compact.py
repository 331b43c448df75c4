"""``annotator compact``: rewrite journals to one line per document."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.compaction import compact

NAME = "compact"
HELP = (
    "rewrite annotation journals to one line per document, atomically "
    "(refuses a journal that is open in the app)"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="journal .jsonl files")


def run(args: argparse.Namespace) -> int:
    for path in args.files:
        print(compact(path))
    return 0
