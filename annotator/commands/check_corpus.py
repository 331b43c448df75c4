"""``annotator check-corpus``: what a corpus loads and what is skipped, and why."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.problems import show_path
from annotator.text.corpus import open_corpus

HELP = "list what a corpus folder or file loads and every file or line skipped, with the reason"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus", type=Path, help="a folder of .txt/.jsonl files, or one file")


def run(args: argparse.Namespace) -> int:
    # Every article is checked here, however big the corpus: this command exists to find them.
    corpus = open_corpus(args.corpus, check_all=True)
    for problem in corpus.problems:
        print(f"skipped: {problem}")
    print(
        f"{show_path(args.corpus)}: {len(corpus)} article(s) load, "
        f"{len(corpus.problems)} problem(s)"
    )
    return 1 if corpus.problems else 0
