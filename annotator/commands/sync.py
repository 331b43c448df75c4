"""``annotator sync``: send the changes waiting in your journal to the team's server and take
those you made on another machine, without opening the app."""

from __future__ import annotations

import argparse

from annotator.commands._arguments import add_project, project_of
from annotator.commands.db import add_store, store_url
from annotator.problems import UserError, show_path
from annotator.store.journal import GOLD_NAME, Journal, check_name, journal_path
from annotator.store.paths import default_annotator
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect, shown
from annotator.team.postgres.local import local_folder
from annotator.team.postgres.outbox import load_state, waiting
from annotator.team.postgres.records import send, take

HELP = "send your waiting changes to the team's server and take those made on another machine"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--annotator", help="your name (default: your login name)")
    parser.add_argument(
        "--gold", action="store_true", help="send the gold journal instead (a lead, after review)"
    )
    add_project(parser)
    add_store(parser)


def run(args: argparse.Namespace) -> int:
    url = store_url(args)
    if args.gold:
        name = GOLD_NAME
    else:
        name = check_name(args.annotator or default_annotator(), "--annotator")
    project = project_of(args)
    folder = project.annotations if project is not None else local_folder(url) / "annotations"
    path = journal_path(folder, name)
    state = load_state(path)
    try:
        conn = connect(url)
    except UserError as error:
        raise UserError(
            f"{error}; {waiting(path, state)} change(s) wait in {show_path(path)}, safe on disk: "
            "run annotator sync again when the server is back"
        ) from None
    with conn, Journal.open(path) as journal:
        schema.check_current(conn)
        sent = send(conn, path, state)
        taken = take(conn, journal, state)
    for conflict in sent.conflicts:
        print(f"annotator: {conflict}")
    print(
        f"{shown(url)}: {sent.stored} change(s) sent ({sent.known} already there); "
        f"{len(taken)} document(s) taken from your other machines"
    )
    return 0
