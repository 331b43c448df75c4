"""``annotator import``: bring labelled documents from other tools into an annotator's journal."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.annotations.model import STATUSES, DocRecord
from annotator.commands._arguments import add_annotations, annotations_dir, person_name
from annotator.formats import FORMATS
from annotator.problems import Problem, UserError, show_path
from annotator.session.editing import now_iso
from annotator.store.journal import Journal, journal_path

HELP = "import doccano, canonical jsonl, conll, hf or brat files into an annotator's journal"
DEFAULT_STATUS = "accepted"


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
    parser.add_argument(
        "--labels",
        type=Path,
        default=None,
        help="labels TOML: spans with other labels are reported and not imported "
        "(default: the four default labels)",
    )
    parser.add_argument(
        "--allow-unknown-labels",
        action="store_true",
        help="import spans whatever their label",
    )


def _same(old: DocRecord | None, new: DocRecord) -> bool:
    return (
        old is not None
        and old.text == new.text
        and old.status == new.status
        and sorted(s.key() for s in old.spans) == sorted(s.key() for s in new.spans)
    )


def run(args: argparse.Namespace) -> int:
    if not args.input.exists():
        raise UserError(f"{show_path(args.input)}: no such file or folder")
    known = None if args.allow_unknown_labels else load_labels(args.labels).names
    problems: list[Problem] = []
    records = FORMATS[args.format].read(args.input, problems, known)
    seen = Counter(r.id for r in records)
    for doc_id, n in seen.items():
        if n > 1:
            problems.append(
                Problem(
                    show_path(args.input),
                    f"document id {doc_id!r} appears {n} times; the last one is kept",
                )
            )
    folder = annotations_dir(args)
    if folder.exists() and not folder.is_dir():
        raise UserError(
            f"{show_path(folder)} is a file; --annotations takes the folder the journal "
            f"{args.annotator}.jsonl goes in (e.g. annotations)"
        )
    target = journal_path(folder, args.annotator)
    imported = unchanged = spans = 0
    if not records:  # nothing read: no empty journal left behind under the annotator's name
        for problem in problems:
            print(f"annotator: {problem}")
        print(f"imported nothing from {show_path(args.input)}")
        return 1
    defaulted = 0  # documents whose file gave no status
    with Journal.open(target) as journal:
        changed = []
        for record in {r.id: r for r in records}.values():
            defaulted += not (args.status or record.status)
            record.status = args.status or record.status or DEFAULT_STATUS
            record.annotator = args.annotator
            if _same(journal.records.get(record.id), record):
                unchanged += 1
                continue
            record.updated_at = now_iso()
            changed.append(record)
            spans += len(record.spans)
        # One fsync per thousand documents: an import can simply be run again.
        imported = journal.append_many(changed)
    for problem in problems:
        print(f"annotator: {problem}")
    print(
        f"imported {imported} document(s), {spans} span(s) into {show_path(target)}"
        + (f"; {unchanged} already there unchanged" if unchanged else "")
        + (f"; {len(problems)} problem(s) above" if problems else "")
    )
    if imported and FORMATS[args.format].REBUILDS_TEXT:
        print(
            f"{args.format} holds tokens, not text: each document's text was rebuilt with one "
            "space between tokens, so it differs from the original article wherever spacing "
            "or punctuation did (opened with that article, spans are re-anchored where the words "
            "are unambiguous and marked stale elsewhere)"
        )
    if defaulted:
        # Finished work is the usual import, but unfinished work must not pass for gold unseen.
        print(
            f"{defaulted} document(s) carried no status in {show_path(args.input)} and were "
            f"imported as {DEFAULT_STATUS}; pass --status to choose another"
        )
    return 1 if problems else 0
