"""``annotator db``: the project on a PostgreSQL server (init, migrate, push, pull, add-person).

The server is ``--store URL``, else ``$ANNOTATOR_STORE``, else the project's ``[store] url``;
a URL holding a password is refused (libpq's PGPASSWORD, ~/.pgpass or a service file hold it).
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from dataclasses import asdict
from pathlib import Path

import psycopg

from annotator.commands._arguments import (
    add_project,
    corpus_path,
    needed_project,
    person_name,
    project_of,
)
from annotator.problems import UserError, show_path
from annotator.project.store_url import store_url_problem
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect, shown
from annotator.team.postgres.live import ProgressWatch
from annotator.team.postgres.people import add_person
from annotator.team.postgres.project import put_corpus, put_settings
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.postgres.transfer import pull, push
from annotator.team.store import TeamProgress
from annotator.text.corpus import open_corpus

HELP = "the project on a PostgreSQL server: init, migrate, push, pull, watch, add-person"
STORE_VARIABLE = "ANNOTATOR_STORE"


def add_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="URL",
        help=f"the team's server, postgresql://[USER@]HOST[:PORT]/DB (default: ${STORE_VARIABLE}, "
        "else the project's [store] url)",
    )


def store_url(args: argparse.Namespace) -> str:
    """The server the command works with; UserError when none is named or the URL is bad."""
    url = configured_store(args)
    if url is None:
        raise UserError(
            f"no server named: give --store postgresql://HOST/DB, set {STORE_VARIABLE}, or "
            'write [store] url = "postgresql://HOST/DB" in the project\'s annotator.toml'
        )
    return url


def configured_store(args: argparse.Namespace) -> str | None:
    """``--store``, else ``$ANNOTATOR_STORE``, else the project's ``[store] url``; None when
    none is set (the team works on files); UserError for a bad URL."""
    project = project_of(args)
    given = getattr(args, "store", None)
    url = given or os.environ.get(STORE_VARIABLE) or (project and project.store_url)
    if not url:
        return None
    said = "--store" if given else STORE_VARIABLE if os.environ.get(STORE_VARIABLE) else ""
    why = store_url_problem(url)
    if why is not None:
        raise UserError(f"{said or 'store.url'}: {why}")
    return str(url)


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    init = sub.add_parser(
        "init", help="create the schema and put the project on the server (settings, corpus, "
        "routing)"
    )  # fmt: skip
    migrate = sub.add_parser("migrate", help="upgrade the server's schema to this version's")
    push_ = sub.add_parser("push", help="move the project's journals (files) onto the server")
    pull_ = sub.add_parser("pull", help="write the server's records back as journals")
    pull_.add_argument("--out", type=Path, required=True, metavar="DIR", help="an empty folder")
    watch = sub.add_parser(
        "watch", help="the team's progress, a new line each time an annotator's work moves it"
    )
    person = sub.add_parser(
        "add-person", help="let a person log in as their own role (see docs/team.md)"
    )
    person.add_argument("name", type=person_name("NAME"), metavar="NAME")
    person.add_argument("--lead", action="store_true", help="a lead: may write gold")
    for each in (init, migrate, push_, pull_, watch, person):
        add_project(each)
        add_store(each)


def run(args: argparse.Namespace) -> int:
    url = store_url(args)
    action = args.db_command
    with connect(url) as conn:
        where = shown(url)
        if action == "migrate":
            done = schema.migrate(conn)
            for line in done:
                print(f"{where}: {line}")
            if not done:
                print(f"{where}: schema {schema.server_version(conn)} is current")
            return 0
        if action == "pull":
            for journal, count in pull(conn, args.out):
                print(f"{show_path(args.out / (journal + '.jsonl'))}: {count} record(s)")
            return 0
        if action == "watch":
            return _watch(url)
        if action == "add-person":
            schema.check_current(conn)
            add_person(conn, args.name, lead=args.lead)
            role = "a lead" if args.lead else "an annotator"
            print(f"{where}: {args.name} may log in as {args.name}, {role}")
            return 0
        project = needed_project(args, f"db {action} runs in a project (annotator init makes one)")
        if action == "push":
            schema.check_current(conn)
            for pushed in push(conn, project.annotations):
                print(
                    f"{pushed.journal}: {pushed.lines.stored} change(s) stored, "
                    f"{pushed.lines.known} already on the server"
                )
            return 0
        for line in schema.migrate(conn):
            print(f"{where}: {line}")
        corpus = open_corpus(corpus_path(args))
        settings = project.routing
        put_settings(conn, {"routing": asdict(settings)})
        added, changed = put_corpus(conn, corpus)
        store = PostgresTeamStore.open(url, project.annotations, settings, corpus.ids)
        store.close()
        print(
            f"{where}: {len(corpus.ids)} document(s) ({added} new, {changed} changed); team: "
            f"{', '.join(settings.annotators)}; leads: {', '.join(settings.leads) or 'none'}"
        )
        print("next: annotator db add-person NAME [--lead] for each person (docs/team.md)")
        return 0


def progress_line(progress: TeamProgress) -> str:
    """The team's progress in one line."""
    people = ", ".join(
        f"{a.name} {a.done} done" + (f" ({a.in_progress} open)" if a.in_progress else "")
        for a in progress.annotators
    )
    return (
        f"{progress.documents} documents: {progress.complete} complete, "
        f"{progress.in_progress} in progress, {progress.not_started} not started; {people}; "
        f"ready for review {progress.ready_for_review}"
    )


def _watch(url: str) -> int:
    """Print the progress, then again each time the server says it moved (LISTEN), until
    Ctrl+C: a lead's terminal that follows the team without a key pressed. A server that goes
    away is said once and read again when it is back."""
    store: PostgresTeamStore | None = PostgresTeamStore.reading(url)
    moved = threading.Event()
    watch = ProgressWatch(url, lambda _doc: moved.set())
    watch.start()
    last = ""
    try:
        while True:
            moved.wait()
            moved.clear()
            try:
                store = store or PostgresTeamStore.reading(url)
                line = progress_line(store.progress())
            except (psycopg.OperationalError, psycopg.InterfaceError, UserError):
                if store is not None:
                    store.close()
                store = None
                line = f"cannot reach the server {shown(url)}; waiting for it"
            if line != last:
                print(f"{time.strftime('%H:%M:%S')} {line}", flush=True)
                last = line
    except KeyboardInterrupt:
        return 0
    finally:
        watch.stop()
        if store is not None:
            store.close()
