"""``annotator init``: make a team project, or record how its corpus changed (``--update``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from annotator.commands._arguments import (
    add_labels,
    person_name,
)
from annotator.problems import UserError, show_path
from annotator.project.create import Team, create_project, update_project
from annotator.project.project import open_project
from annotator.store.paths import default_annotator

HELP = "make a team project (annotator.toml): corpus, labels, annotators, leads, overlap"


def _names(option: str) -> Callable[[str], tuple[str, ...]]:
    check = person_name(option)

    def names(value: str) -> tuple[str, ...]:
        return tuple(check(name.strip()) for name in value.split(",") if name.strip())

    return names


def _add_names(parser: argparse.ArgumentParser, option: str, metavar: str, text: str) -> None:
    """An option listing people, each name checked as ``option``'s."""
    parser.add_argument(option, type=_names(option), default=None, metavar=metavar, help=text)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the project folder, made if missing (default: this folder)",
    )
    parser.add_argument("--corpus", type=Path, help="a folder of .txt/.jsonl articles, or one file")
    add_labels(parser, "labels TOML file (default: the four labels)")
    parser.add_argument("--guidelines", type=Path, help="the annotation guidelines, a file")
    _add_names(parser, "--annotators", "a,b,c", "the people who annotate (default: you)")
    _add_names(
        parser,
        "--leads",
        "a,b",
        "who may review, see everyone's progress and go anywhere (default: you)",
    )
    parser.add_argument(
        "--overlap",
        default=None,
        metavar="N",
        help='annotators per document: a whole number, "all", or a fraction such as 1.2 '
        "(default: 1)",
    )
    parser.add_argument(
        "--group",
        default=None,
        help="the Unix group the team shares the folder through (default: the folder's)",
    )
    parser.add_argument(
        "--store",
        metavar="URL",
        help="the team's PostgreSQL server, written as [store] url (a team on several machines; "
        "docs/team.md)",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="in an existing project: record documents added, removed or changed since init",
    )


def run(args: argparse.Namespace) -> int:
    if args.update:
        return _update(args)
    if args.corpus is None:
        raise UserError("init needs --corpus PATH: the folder or file of articles to annotate")
    me = default_annotator()
    project = create_project(
        args.folder,
        args.corpus,
        Team(args.annotators or (me,), args.leads or (me,), args.overlap or "1"),
        labels=args.labels,
        guidelines=args.guidelines,
        group=args.group,
        store=args.store,
    )
    print(
        f"made a project in {show_path(project.root)}: {show_path(project.file)}, journals in "
        f"{show_path(project.annotations)}"
    )
    print(
        f"team: {', '.join(project.annotators)}; leads: {', '.join(project.leads)}; "
        f"overlap {project.routing.overlap}"
    )
    print(
        "each annotator runs `annotator` in the folder (or `annotator --project DIR`); "
        "`annotator doctor` checks the folder's permissions"
    )
    return 0


def _update(args: argparse.Namespace) -> int:
    ignored = [
        option
        for option, value in (
            ("--corpus", args.corpus),
            ("--labels", args.labels),
            ("--guidelines", args.guidelines),
            ("--annotators", args.annotators),
            ("--leads", args.leads),
            ("--group", args.group),
            ("--overlap", args.overlap),
        )
        if value is not None
    ]
    if ignored:
        raise UserError(
            f"init --update only records the corpus; {', '.join(ignored)} would be ignored: "
            "edit annotator.toml instead"
        )
    project = open_project(args.folder)
    change = update_project(project)
    for notice in change.notices():
        print(notice)
    if not (change.added or change.removed or change.changed):
        print(f"{show_path(project.corpus)}: unchanged since it was recorded")
    return 0
