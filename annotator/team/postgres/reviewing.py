"""A lead's review of the team's work on the server, from a machine that need hold nothing of
the project: the corpus, the annotators' latest records and the review queue are read from
the server into this machine's folder for it (``local.local_folder``), and read again as
annotators submit.

The annotators' records are kept as journals in ``review/`` there (copies: replaced whole at
each opening, and what arrives while a review is open appended), so the review and its
agreement figures read them as they read a files project's journals, and a review away from
the server opens on the copy made last time. Gold is the lead's own journal, sent as every
journal is (``sender``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, RecordError
from annotator.problems import UserError, printable
from annotator.store.journal import Journal
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect, shown
from annotator.team.postgres.in_hand import settings_from
from annotator.team.postgres.local import local_folder
from annotator.team.postgres.outbox import load_state, overwrite_quietly
from annotator.team.postgres.project import CORPUS_FILE, write_corpus
from annotator.team.postgres.records import (
    Connection,
    heads_where,
    latest_sequence,
    ready_for_review,
    take,
)
from annotator.team.postgres.transfer import write_journal

# Beside the copies: who they are of and the server's sequence they were read at.
_READ_FILE = ".read.json"


@dataclass(slots=True)
class ServerReading:
    """What a review read from the server (or its copy): whom it reviews, the review queue
    (documents ready for review first), the server's sequence it has seen, and what to tell
    the reviewer."""

    annotators: tuple[str, ...]
    queue: tuple[str, ...]
    seen: int
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Arrived:
    """Records that reached the server since a review read it: per document, every reviewed
    annotator's latest record of it; the review queue now; the sequence read up to."""

    records: Mapping[str, Mapping[str, DocRecord]]
    queue: tuple[str, ...]
    seen: int


class ServerReview:
    """The review's side of the server at ``url``; ``annotators``: those asked for (empty:
    the team's annotators with a record)."""

    def __init__(self, url: str, annotators: Sequence[str] = ()) -> None:
        self.url = url
        self.asked = tuple(annotators)
        self.folder = local_folder(url)

    @property
    def corpus(self) -> Path:
        return self.folder / CORPUS_FILE

    @property
    def copies(self) -> Path:
        """Where the annotators' records are kept as journals."""
        return self.folder / "review"

    def has_copy(self) -> bool:
        return self.corpus.is_file() and (self.copies / _READ_FILE).is_file()

    def read(self, gold: Journal) -> ServerReading:
        """Read the server into this machine's copy and take into ``gold`` what a lead sent
        from another machine. Away from the server, the copy made last time (UserError when
        there is none). UserError when the URL's user may not write gold there."""
        try:
            conn = connect(self.url)
        except UserError as error:
            return self._offline(str(error))
        with conn:
            schema.check_current(conn)
            _refuse_non_lead(conn)
            seen = latest_sequence(conn)
            annotators = self.asked or _team_with_records(conn)
            if not annotators:
                raise UserError(
                    f"no annotator has a record on the server {shown(self.url)} yet: "
                    "review once they have submitted work"
                )
            write_corpus(conn, self.folder)
            self.copies.mkdir(parents=True, exist_ok=True)
            for name in annotators:
                write_journal(conn, name, self.copies / f"{name}.jsonl")
            taken = take(conn, gold, load_state(gold.path))
            queue = ready_for_review(conn)
        overwrite_quietly(
            self.copies / _READ_FILE,
            orjson.dumps({"annotators": annotators, "seen": seen, "queue": queue}),
        )
        notices = [f"{len(taken)} gold record(s) sent from another machine"] if taken else []
        return ServerReading(annotators, queue, seen, notices)

    def _offline(self, why: str) -> ServerReading:
        if not self.has_copy():
            raise UserError(
                f"{why}; this machine has no copy of the team's work yet: it needs the server "
                "once to review"
            )
        try:
            saved = orjson.loads((self.copies / _READ_FILE).read_bytes())
            names = tuple(str(n) for n in saved["annotators"])
            seen = int(saved["seen"])
            # The queue as last read (a copy from before it was kept: none).
            queue = tuple(str(d) for d in saved.get("queue", ()))
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            raise UserError(
                f"{why}; this machine's copy of the team's work is unreadable: it needs the "
                "server once to review"
            ) from None
        notice = (
            f"{why}: reviewing this machine's copy of the team's work; gold waits on disk and "
            "is sent when the server is back"
        )
        return ServerReading(self.asked or names, queue, seen, [notice])

    def arrived(self, annotators: Sequence[str], seen: int) -> Arrived:
        """What ``annotators`` sent after sequence ``seen``, and the queue now. UserError
        (or a psycopg error) when the server cannot be reached."""
        with connect(self.url) as conn:
            now, rows = heads_where(
                conn,
                "h.journal = ANY(%s) AND h.doc_id IN (SELECT doc_id FROM annotator.heads "
                "WHERE journal = ANY(%s) AND seq > %s)",
                (list(annotators), list(annotators), seen),
            )
            queue = ready_for_review(conn)
        records: dict[str, dict[str, DocRecord]] = {}
        for doc_id, name, change, obj, text in rows:
            try:
                record = DocRecord.from_json(obj, text if isinstance(text, str) else None)
            except RecordError:
                continue  # held without its text: `annotator db pull` names it
            record.change = str(change)
            records.setdefault(str(doc_id), {})[str(name)] = record
        self._keep(records, queue, now)
        return Arrived(records, queue, now)

    def _keep(
        self, records: Mapping[str, Mapping[str, DocRecord]], queue: tuple[str, ...], seen: int
    ) -> None:
        """What arrived and the queue now, in this machine's copy too (a review away from the
        server opens on it). Only a copy: a failure costs a review offline the latest
        records and order, never gold."""
        by_name: dict[str, list[DocRecord]] = {}
        for per_doc in records.values():
            for name, record in per_doc.items():
                by_name.setdefault(name, []).append(record)
        try:
            for name, found in by_name.items():
                with Journal.open(self.copies / f"{name}.jsonl") as copy:
                    for record in found:
                        copy.append(record, change=record.change)
            saved = orjson.loads((self.copies / _READ_FILE).read_bytes())
            saved["seen"], saved["queue"] = seen, queue
            overwrite_quietly(self.copies / _READ_FILE, orjson.dumps(saved))
        except (UserError, OSError, orjson.JSONDecodeError, TypeError):
            return


def _refuse_non_lead(conn: Connection) -> None:
    row = conn.execute(
        "SELECT session_user, pg_has_role(session_user, 'annotator_lead', 'MEMBER')"
    ).fetchone()
    assert row is not None
    role, lead = str(row[0]), bool(row[1])
    if not lead:
        raise UserError(
            f"{printable(role)} is not a lead on the server: only a lead writes gold. A lead "
            f"makes one with `annotator db add-person {printable(role)} --lead`; or log in as "
            "a lead (the store URL's user)"
        )


def _team_with_records(conn: Connection) -> tuple[str, ...]:
    """The routing's annotators (``db init``'s order) who have a record on the server."""
    row = conn.execute("SELECT value FROM annotator.settings WHERE key = 'routing'").fetchone()
    team = settings_from(row[0]).annotators if row and isinstance(row[0], dict) else ()
    have = {
        str(r[0]) for r in conn.execute("SELECT DISTINCT journal FROM annotator.heads").fetchall()
    }
    return tuple(name for name in team if name in have)
