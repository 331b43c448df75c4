"""``annotator import``: bring labelled documents from other tools into an annotator's journal."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.annotations.model import STATUSES
from annotator.commands._arguments import (
    add_annotations,
    add_labels,
    annotations_dir,
    labels_path,
    person,
    person_name,
)
from annotator.formats import FORMATS
from annotator.formats.importing import DEFAULT_STATUS, import_file
from annotator.problems import show_path
from annotator.session.editing import now_iso

HELP = "import doccano, canonical jsonl, conll, hf or brat files into an annotator's journal"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("input", type=Path, help="the file (a folder for brat and hf)")
    parser.add_argument(
        "--annotator",
        required=True,
        type=person_name("--annotator"),
        help="whose journal receives the documents",
    )
    add_annotations(parser, renamed_out=True)
    parser.add_argument(
        "--status",
        choices=STATUSES,
        default=None,
        help=f"status of imported documents (default: the file's, else {DEFAULT_STATUS})",
    )
    add_labels(
        parser,
        "labels TOML: spans with other labels are reported and not imported (default: the "
        "four default labels)",
    )
    parser.add_argument(
        "--allow-unknown-labels",
        action="store_true",
        help="import spans whatever their label",
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help="replace documents the journal already holds with other text, spans or status "
        "(without it, such an import is refused and nothing is written)",
    )


def run(args: argparse.Namespace) -> int:
    known = None if args.allow_unknown_labels else load_labels(labels_path(args)).names
    result = import_file(
        args.input,
        args.format,
        annotations_dir(args),
        person(args, args.annotator, "--annotator"),
        now=now_iso(),
        status=args.status,
        known=known,
        replace=args.replace,
    )
    for problem in result.problems:
        print(f"annotator: {problem}")
    if not (result.imported or result.unchanged):
        print(f"imported nothing from {show_path(args.input)}")
        return 1
    print(
        f"imported {result.imported} document(s), {result.spans} span(s) into "
        f"{show_path(result.journal)}"
        + (f", replacing {result.replaced} it held" if result.replaced else "")
        + (f"; {result.unchanged} already there unchanged" if result.unchanged else "")
        + (f"; {len(result.problems)} problem(s) above" if result.problems else "")
    )
    if result.imported and FORMATS[args.format].REBUILDS_TEXT:
        print(
            f"{args.format} holds tokens, not text: each document's text was rebuilt with one "
            "space between tokens, so it differs from the original article wherever spacing "
            "or punctuation did (opened with that article, spans are re-anchored where the words "
            "are unambiguous and marked stale elsewhere)"
        )
    if result.defaulted:
        # Finished work is the usual import, but unfinished work must not pass for gold unseen.
        print(
            f"{result.defaulted} document(s) carried no status in {show_path(args.input)} and "
            f"were imported as {DEFAULT_STATUS}; pass --status to choose another"
        )
    return 1 if result.problems else 0
