"""``annotator export``: a journal's documents as training data for other tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.annotations.model import STATUSES
from annotator.commands import _arguments as arguments
from annotator.formats import FORMATS, ExportOptions, ExportReport
from annotator.formats.alignment import DEFAULT_POLICY, POLICIES
from annotator.formats.exporting import (
    SHOWN_PER_KIND,
    ExportJob,
    export_journal,
    keep_issue_list,
    left_out,
    nothing_exported,
)
from annotator.problems import UserError, show_path
from annotator.store.journal import GOLD_NAME, journal_path, require_journal
from annotator.store.paths import bundled_corpus, default_export_dir

HELP = "export a journal as jsonl (spaCy/Prodigy), doccano, conll, hf or brat files"

_KINDS = {
    "split": "spans with an edge inside a token (tokens split there, spans exported as annotated)",
    "misaligned": "spans not on token boundaries",
    "overlap": "overlapping spans IOB tags cannot hold",
    "column": "spans whose label is in no --columns group",
    "line-break": "spans brat shows differently",
    "stale": "stale spans",
    "invalid": "spans that do not match their text",
    "link": "relations and attributes left out with their spans",
}
_LINKS = {
    "relations": "relation(s)",
    "attributes": "attribute(s)",
    "doc_labels": "document label(s)",
}


def configure(parser: argparse.ArgumentParser) -> None:
    arguments.add_corpus(parser)
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
    arguments.add_annotations(parser)
    parser.add_argument(
        "--status",
        action="append",
        metavar="STATUS",
        help="export documents with this status; repeat or comma-separate; 'all' for every "
        "status (default: accepted)",
    )
    arguments.add_out(
        parser, "output file (a folder for hf and brat); default export/<journal><suffix>"
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
        "--prefer",
        type=_labels,
        default=(),
        metavar="LABEL,...",
        help="conll, hf: when spans overlap, keep these labels first, in this order (default: "
        "the longest span)",
    )
    parser.add_argument(
        "--columns",
        type=_groups,
        default=(),
        metavar="GROUP:GROUP...",
        help="conll: one tag column per group of labels, e.g. QUOTE:ACTOR,SITE,CASUALTY_COUNT, so "
        "an ACTOR inside a QUOTE keeps its tags (--format spacy keeps every span)",
    )
    arguments.add_labels(
        parser,
        "labels TOML (default: the four default labels): the order of hf tag ids and the "
        "labels brat's annotation.conf offers",
    )


def _labels(value: str) -> tuple[str, ...]:
    return tuple(label.strip() for label in value.split(",") if label.strip())


def _groups(value: str) -> tuple[tuple[str, ...], ...]:
    return tuple(group for group in map(_labels, value.split(":")) if group)


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
    source: Path | None = args.source
    if source is not None:
        if source.is_dir():
            raise UserError(
                f"{show_path(source)} is a folder; pass --from a journal file "
                "(e.g. annotations/NAME.jsonl)"
            )
        require_journal(
            source,
            "export reads annotation journals (annotations/NAME.jsonl or gold.jsonl); "
            "bring another tool's file in with annotator import first",
        )
        return source
    annotations = arguments.annotations_dir(args)
    gold = journal_path(annotations, GOLD_NAME)
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
    labels = load_labels(arguments.labels_path(args))
    job = ExportJob(
        source,
        args.format,
        args.out or default_export_dir() / f"{source.stem}{FORMATS[args.format].SUFFIX}",
        ExportOptions(
            align=args.align,
            schema=labels.schema,
            labels=labels.names,
            prefer=args.prefer,
            columns=args.columns,
        ),
        wanted,
        corpus_of(args),
    )
    exported = export_journal(job, lambda problem: print(f"annotator: {problem}", file=sys.stderr))
    report, out = exported.report, job.out
    if not exported.written:
        # An empty training file passes for data; say so instead, and write none.
        print(
            f"annotator: {nothing_exported(source, wanted, report)}; no file written",
            file=sys.stderr,
        )
        return 1
    print(
        f"exported {report.documents} document(s), {report.spans} span(s) from "
        f"{show_path(source)} as {args.format}:"
    )
    for path in exported.written:
        print(f"  {show_path(path)}")
    if report.relations or report.attributes or report.doc_labels:
        print(
            f"with {report.relations} relation(s), {report.attributes} attribute(s) and the "
            f"document labels of {report.doc_labels} document(s)"
        )
    if report.not_carried:
        held = ", ".join(
            f"{report.not_carried[what]} {name}"
            for what, name in _LINKS.items()
            if report.not_carried[what]
        )
        print(
            f"{args.format} carries spans only: {held} not written; --format jsonl, brat, "
            "doccano or hf carry them"
        )
    if report.excluded:
        print(
            f"{left_out(report)}; exported only {','.join(sorted(wanted or ()))}; "
            "pass --status all for every document"
        )
    print_issues(report, out.with_name(out.name + ".issues.txt"))
    return 0


def corpus_of(args: argparse.Namespace) -> Path | None:
    """The corpus whose order the export follows: the one named, else the bundled sample when
    the journal is the sample's default gold; None when unknown (journal order)."""
    if args.corpus is not None or arguments.project_of(args) is not None:
        return arguments.corpus_path(args)
    if args.source is None and args.annotations is None:
        return bundled_corpus()
    return None


def print_issues(report: ExportReport, full_list: Path) -> None:
    """Each kind of issue with its count and its first few spans; when there are more, every
    one of them is in ``full_list``, beside the export."""
    by_kind = {kind: report.of_kind(kind) for kind in _KINDS}
    keep_issue_list(by_kind, full_list)
    for kind, issues in by_kind.items():
        if issues:
            print(f"{len(issues)} {_KINDS[kind]}:")
            for issue in issues[:SHOWN_PER_KIND]:
                print(f"  {issue}")
            if len(issues) > SHOWN_PER_KIND:
                print(f"  ... and {len(issues) - SHOWN_PER_KIND} more in {show_path(full_list)}")
