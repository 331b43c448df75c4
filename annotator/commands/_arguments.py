"""Arguments several sub-commands share, spelled and explained the same way everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_corpus(parser: argparse.ArgumentParser) -> None:
    """The optional CORPUS positional; None means the bundled corpora/."""
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=None,
        help="a folder of .txt/.jsonl articles, or one such file (default: the bundled corpora/)",
    )
