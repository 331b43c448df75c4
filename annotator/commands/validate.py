"""``annotator validate``: check journals and exports, one line per problem."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.annotations.validation import describe_versions, validate_file
from annotator.commands._arguments import (
    add_labels,
    add_project,
    labels_path,
)
from annotator.problems import show_path

HELP = (
    "check annotation journals, canonical or doccano JSONL exports; one line per problem, "
    "exit 1 on any, 2 for a file it cannot check"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".jsonl files")
    add_labels(parser, "labels TOML file (default: the project's, else the four defaults)")
    add_project(parser)


def run(args: argparse.Namespace) -> int:
    labels = load_labels(labels_path(args))
    problems = lines = records = unchecked = 0
    for path in args.files:
        result = validate_file(path, labels)
        if result.unchecked:
            unchecked += 1
            print(f"{show_path(path)}: {result.unchecked}")
            continue
        lines += result.lines
        records += result.records
        for problem in result.problems:
            problems += 1
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            print(f"{where}: {problem.message}")
        if result.versions:
            print(f"{show_path(path)}: {describe_versions(result.versions)}")
    files = len(args.files)
    if unchecked:
        print(f"{problems} problem(s), {unchecked} of {files} file(s) not checked")
        return 2
    if problems:
        print(f"{problems} problem(s) in {files} file(s)")
        return 1
    names = ", ".join(show_path(p) for p in args.files)
    print(f"{names}: {records} record(s) on {lines} line(s), no problems")
    return 0
