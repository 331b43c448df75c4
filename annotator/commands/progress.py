"""``annotator progress [--json]``: how far the team is, document by document and person by
person."""

from __future__ import annotations

import argparse
import sys

import orjson

from annotator.annotations.stats import duration
from annotator.commands._arguments import add_json, add_project, needed_project
from annotator.problems import printable
from annotator.session.team import open_team
from annotator.team.store import TeamProgress

HELP = "documents done by N annotators, in progress, not started; each annotator's pace; reviews"


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser)
    add_json(parser, "the figures")


def run(args: argparse.Namespace) -> int:
    project = needed_project(
        args,
        "progress counts a team project's routing; run it inside one (or give --project "
        "DIR); annotator stats counts journals without a project",
    )
    team = open_team(project)
    try:
        progress = team.progress()
    finally:
        team.close()
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(progress.to_json(), option=orjson.OPT_INDENT_2))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(progress))
    return 0


def render(p: TeamProgress) -> str:
    lines = [f"documents in the corpus: {p.documents}"]
    for count in sorted(p.done_by, reverse=True):
        if count:
            lines.append(f"  done by {count}: {p.done_by[count]}")
    lines += [
        f"  complete (overlap met): {p.complete}",
        f"  in progress: {p.in_progress}",
        f"  not started: {p.not_started}",
        f"ready for review: {p.ready_for_review}; reviews done: {p.reviews_done}",
        "",
        f"{'annotator':<20} {'done':>6} {'holding':>8} {'median/doc':>11} {'docs/hour':>10} "
        f"{'quota':>6}",
    ]
    for a in p.annotators:
        rate = "-" if a.per_hour is None else f"{a.per_hour:.1f}"
        quota = "-" if a.quota is None else str(a.quota)
        lines.append(
            f"{printable(a.name):<20} {a.done:>6} {a.in_progress:>8} "
            f"{duration(a.median_seconds):>11} {rate:>10} {quota:>6}"
        )
    return "\n".join(lines) + "\n"
