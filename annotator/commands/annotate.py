"""``annotator annotate``: open the annotation app on a corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.commands._arguments import add_corpus, add_suggestion_rules
from annotator.layout.layout import LayoutOptions

NAME = "annotate"
HELP = "annotate a corpus: select spans, label them, saved as JSONL as you go"


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    parser.add_argument("--annotator", help="your name; the journal is <out>/<name>.jsonl")
    parser.add_argument("--labels", type=Path, help="labels TOML file (default: the four labels)")
    parser.add_argument(
        "--out", type=Path, help="folder for the journal (default: annotations/ beside the corpus)"
    )
    parser.add_argument(
        "--keymap",
        type=Path,
        help='TOML file remapping keys: [keys] "annotate.accept" = "ctrl+a" (ids are in ? help)',
    )
    add_suggestion_rules(parser)
    parser.add_argument(
        "--no-suggest", action="store_true", help="no suggestions at all (no rules, no gazetteer)"
    )
    parser.add_argument(
        "--direction",
        choices=("auto", "rtl", "ltr"),
        default="auto",
        help="paragraph direction (default: from each paragraph's first strong letter)",
    )
    parser.add_argument(
        "--show-invisibles",
        action="store_true",
        help="draw invisible characters (RLM, ZWJ, ...) as visible markers",
    )
    parser.add_argument(
        "--hide-bidi-controls",
        action="store_true",
        help="apply embeddings, overrides and isolates without their markers (shown by default)",
    )
    parser.add_argument(
        "--terminal-bidi",
        action="store_true",
        help="for terminals that reorder Arabic themselves (GNOME Terminal/VTE, Konsole, mlterm)",
    )


def run(args: argparse.Namespace) -> int:
    from annotator.ui.annotate.app import make_app

    options = LayoutOptions(
        direction=args.direction,
        show_invisibles=args.show_invisibles,
        show_bidi_controls=not args.hide_bidi_controls,
        mode="terminal" if args.terminal_bidi else "app",
    )
    app = make_app(
        args.corpus,
        annotator=args.annotator,
        labels=args.labels,
        out=args.out,
        options=options,
        keymap=args.keymap,
        suggest=not args.no_suggest,
        patterns=args.patterns,
        no_builtin=",".join(args.no_builtin),
    )
    app.run()
    for problem in app.problems:
        print(f"annotator: skipped: {problem}", file=sys.stderr)
    if app.close_error:
        print(f"annotator: {app.close_error}", file=sys.stderr)
        return 2
    return 0
