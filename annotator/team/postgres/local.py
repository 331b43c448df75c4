"""Where a machine that has only the server's URL keeps its side of the project: the corpus it
read from the server and the annotator's journal, in the user's data folder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from annotator.problems import UserError
from annotator.store.journal import Journal, journal_path
from annotator.store.paths import user_data_dir
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.outbox import load_state
from annotator.team.postgres.project import CORPUS_FILE, write_corpus
from annotator.team.postgres.records import take


def local_folder(url: str) -> Path:
    """``<data>/annotator/servers/<host>-<database>-<digest>``: one folder per server and
    database, named so a person can tell which (the digest tells apart URLs that differ only
    in the user or the options)."""
    parts = conninfo_to_dict(url)
    readable = f"{parts.get('host') or 'localhost'}-{parts.get('dbname') or ''}"
    safe = re.sub(r"[^\w.-]+", "_", readable).strip("_.")[:48]
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return user_data_dir() / "servers" / f"{safe}-{digest}"


def open_locally(url: str, name: str) -> tuple[Path, Path, list[str]]:
    """This machine's side of the project at ``url`` for ``name``: (the corpus file, the
    annotations folder, what to tell them). With the server: the corpus is read from it and
    what ``name`` changed on another machine is taken into their journal. Without it: the copy
    made last time, if any (their changes wait on disk)."""
    folder = local_folder(url)
    corpus, annotations = folder / CORPUS_FILE, folder / "annotations"
    notices: list[str] = []
    try:
        conn = connect(url)
    except UserError as error:
        if not corpus.exists():
            raise UserError(
                f"{error}; this machine has no copy of the project yet: it needs the server once"
            ) from None
        notices.append(f"{error}; working on this machine's copy, changes wait on disk")
        return corpus, annotations, notices
    with conn:
        schema.check_current(conn)
        write_corpus(conn, folder)
        path = journal_path(annotations, name)
        with Journal.open(path) as journal:
            taken = take(conn, journal, load_state(path))
    if taken:
        notices.append(f"{len(taken)} document(s) you changed on another machine, from the server")
    return corpus, annotations, notices
