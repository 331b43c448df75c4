"""``annotator next --annotator NAME``: hand out the next document for an annotator, headless."""

from __future__ import annotations

import argparse
import sys

from annotator.commands._arguments import add_project, needed_project, person_name
from annotator.problems import printable
from annotator.session.team import claim_next, open_team

HELP = "hand the next document to an annotator (prints its id; exit 1 when none is left)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--annotator", required=True, type=person_name("--annotator"), metavar="NAME"
    )
    add_project(parser)


def run(args: argparse.Namespace) -> int:
    project = needed_project(
        args,
        "next hands out documents of a team project; run it inside one (or give "
        "--project DIR); annotator init DIR --corpus PATH makes one",
    )
    project.member(args.annotator, "--annotator")
    team = open_team(project)
    try:
        doc = claim_next(team, project, args.annotator)
    finally:
        team.close()
    if doc is None:
        print(
            f"annotator: nothing left for {printable(args.annotator)}: every document is done "
            "by enough annotators, held by others, or already theirs (or their quota is met)",
            file=sys.stderr,
        )
        return 1
    print(printable(doc))
    return 0
