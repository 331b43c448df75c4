"""``annotator annotate``: open the annotation app on a corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.paths import bundled_corpus

NAME = "annotate"
HELP = "open the annotation app on a corpus (default: the bundled corpora/)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", nargs="?", type=Path, default=None)


def run(args: argparse.Namespace) -> int:
    from annotator.ui.app import make_app

    make_app(args.corpus or bundled_corpus()).run()
    return 0
