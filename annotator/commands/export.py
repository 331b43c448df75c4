"""``annotator export``: a journal's documents as training data for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.corpus import show_path
from annotator.errors import UserError
from annotator.export import FORMATS, ExportOptions, ExportReport, render, write_output
from annotator.export.alignment import DEFAULT_POLICY, POLICIES
from annotator.journal import journal_path, load_journal
from annotator.labels import load_labels
from annotator.model import STATUSES
from annotator.paths import bundled_corpus, default_annotations_dir, default_export_dir

NAME = "export"
HELP = "export a journal as jsonl (spaCy/Prodigy), doccano, conll, hf or brat files"

_KINDS = {
    "split": "spans with an edge inside a token (tokens split there, spans exported as annotated)",
    "misaligned": "spans not on token boundaries",
    "overlap": "overlapping spans IOB tags cannot hold",
    "line-break": "spans brat shows differently",
    "stale": "stale spans",
    "invalid": "spans that do not match their text",
}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--from",
        dest="source",
        type=Path,
        metavar="JOURNAL",
        help="the journal to export, e.g. annotations/amal.jsonl (default: the gold journal)",
    )
    source.add_argument(
        "--gold", action="store_true", help="export gold.jsonl, written by the review screen"
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        default=None,
        help="folder holding gold.jsonl (default: annotations/ beside the bundled corpus)",
    )
    parser.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="export documents with this status; repeat or comma-separate; 'all' for every "
        "status (default: accepted)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output file (a folder for hf and brat); default export/<journal><suffix>",
    )
    parser.add_argument(
        "--align",
        choices=POLICIES,
        default=DEFAULT_POLICY,
        help="spans whose edge falls inside a token (token formats): split the token there and "
        "keep the span exactly (default), grow the span to whole tokens, shrink it to whole "
        "tokens, or write nothing",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        default=None,
        help="labels TOML (default: the four default labels): the order of hf tag ids and the "
        "labels brat's annotation.conf offers",
    )


def statuses(values: list[str] | None) -> frozenset[str] | None:
    """The statuses asked for; None means every status."""
    names = [n.strip() for v in values or ["accepted"] for n in v.split(",") if n.strip()]
    if "all" in names:
        return None
    unknown = [n for n in names if n not in STATUSES]
    if unknown or not names:
        raise UserError(
            f"--status {', '.join(unknown) or '(empty)'}: use {', '.join(STATUSES)} or all"
        )
    return frozenset(names)


def source_journal(args: argparse.Namespace) -> Path:
    if args.source is not None:
        if not args.source.is_file():
            raise UserError(f"{show_path(args.source)}: no such journal")
        return args.source
    annotations = args.annotations or default_annotations_dir(bundled_corpus())
    gold = journal_path(annotations, "gold")
    if gold.is_file():
        return gold
    found = sorted(p.name for p in annotations.glob("*.jsonl")) if annotations.is_dir() else []
    hint = f" (journals there: {', '.join(found)})" if found else ""
    if args.gold:
        raise UserError(f"{show_path(gold)}: no gold journal yet; review documents first{hint}")
    raise UserError(f"{show_path(gold)}: no gold journal; pass --from annotations/NAME.jsonl{hint}")


def run(args: argparse.Namespace) -> int:
    wanted = statuses(args.status)
    source = source_journal(args)
    contents = load_journal(source)
    for problem in contents.problems:
        print(f"annotator: {problem}", file=sys.stderr)
    module = FORMATS[args.format]
    out = args.out or default_export_dir() / f"{source.stem}{module.SUFFIX}"
    report = ExportReport()
    chosen = []
    for record in contents.records.values():
        if wanted is None or record.status in wanted:
            chosen.append(record)
        else:
            report.excluded[record.status] += 1
    options = ExportOptions(align=args.align, labels=load_labels(args.labels).names)
    written = write_output(render(chosen, args.format, options, report), out, module.KIND)
    print(
        f"exported {report.documents} document(s), {report.spans} span(s) from "
        f"{show_path(source)} as {args.format}:"
    )
    for path in written:
        print(f"  {show_path(path)}")
    if report.excluded:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(report.excluded.items()))
        print(
            f"left out {sum(report.excluded.values())} document(s) by status ({counts}); "
            f"exported only {','.join(sorted(wanted or ()))}; pass --status all for every document"
        )
    for kind, title in _KINDS.items():
        issues = report.of_kind(kind)
        if issues:
            print(f"{len(issues)} {title}:")
            for issue in issues:
                print(f"  {issue}")
    return 0
