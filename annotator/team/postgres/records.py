"""Sending a journal's changes to the server and taking back those made on another machine.

Sending is idempotent (the server stores a change id once) and in journal order; the server
orders changes by its own sequence. Taking back: the heads of this journal's documents that
another client (the same annotator on another machine) sent, appended to the local journal
under their own change ids, so the journal reads what the server holds.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, LiteralString

import psycopg
from psycopg.types.json import Jsonb

from annotator.annotations.model import DocRecord, RecordError
from annotator.problems import printable
from annotator.store.journal import Journal
from annotator.team.postgres.notify import notify_progress
from annotator.team.postgres.outbox import SyncState, outgoing, save_state
from annotator.team.store import DONE

# Changes per statement: one commit (and one wait for it) per batch, not per change.
_BATCH = 500

Connection = psycopg.Connection[tuple[Any, ...]]


def refusal(exc: psycopg.Error) -> str:
    """The server's refusal of a change, as a sentence (never a traceback)."""
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return (
            "the server lets each person write only their own journal, and only a lead write "
            "gold; log in as the person whose journal this is (the store URL's user)"
        )
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"the server refused: {printable(first)}"


@dataclass(slots=True)
class Sent:
    stored: int = 0  # new on the server
    known: int = 0  # sent before (a resend after a lost answer): stored once
    conflicts: list[str] = field(default_factory=list)


def send(
    conn: Connection,
    journal: Path,
    state: SyncState,
    now: float | None = None,
    notify: Callable[[list[str]], None] | None = None,
) -> Sent:
    """Send every line of ``journal`` the server has not acknowledged; the acknowledged place
    moves after each committed batch. ``now`` (the routing's clock, seconds) renews the
    leases of the documents the changes are about. ``notify`` hears the documents whose
    progress moved (by default they are notified on ``conn`` before the next batch)."""
    result = Sent()
    at = time.time() if now is None else now
    pending = outgoing(journal, state)
    for start in range(0, len(pending), _BATCH):
        batch = pending[start : start + _BATCH]
        # One statement: with autocommit one round trip and one commit (the statement is its
        # own transaction), the batch stored whole, in journal order, or not at all.
        with contextlib.nullcontext() if conn.autocommit else conn.transaction():
            rows = conn.execute(
                "SELECT superseded, fresh, moved "
                "FROM annotator.submit_batch(%s, %s, %s, %s, %s, %s, %s, %s)",
                (journal.stem, state.client, state.seen, at, [item.change for item in batch],
                 [item.doc_id for item in batch], [Jsonb(item.record) for item in batch],
                 [item.text for item in batch]),
            ).fetchall()  # fmt: skip
        answers = [(row[0], bool(row[1])) for row in rows]
        fresh = sum(1 for _, is_new in answers if is_new)
        result.stored += fresh
        result.known += len(batch) - fresh
        for item, (superseded, _) in zip(batch, answers, strict=True):
            if superseded is not None:
                result.conflicts.append(
                    f"{printable(item.doc_id)}: changed on two machines; this one arrived "
                    f"later and is kept, the other (server change {superseded}) stays in the "
                    "history"
                )
        state.offset = batch[-1].end
        save_state(journal, state)
        # Acknowledged first: a notification lost with the connection costs a lead one update.
        # Besides progress, a finished document that changed moves the lead's review of it.
        moved = [
            item.doc_id
            for item, row in zip(batch, rows, strict=True)
            if row[2] or (row[1] and item.record.get("status") in DONE)
        ]
        if notify is None:
            notify_progress(conn, moved)
        else:
            notify(moved)
    return result


def take(conn: Connection, journal: Journal, state: SyncState) -> list[str]:
    """Append to ``journal`` the server's latest record of each of its documents that another
    machine sent since this folder last looked; the ids taken."""
    latest, rows = heads_where(
        conn,
        "h.journal = %s AND h.seq > %s AND h.client <> %s",
        (journal.path.stem, state.seen, state.client),
    )
    taken = []
    for doc_id, _, change, obj, text in rows:
        local = journal.records.get(doc_id)
        if local is not None and local.change == change:
            continue
        try:
            record = DocRecord.from_json(obj, text)
        except RecordError:
            continue  # a record the server holds without its text: pull reports it
        journal.append(record, change=change)
        taken.append(doc_id)
    state.seen = latest
    save_state(journal.path, state)
    return taken


def heads_where(
    conn: Connection, where: LiteralString, params: Sequence[object]
) -> tuple[int, list[tuple[Any, ...]]]:
    """In one snapshot: the server's latest sequence, and the latest records (``heads``) that
    ``where`` picks, as (doc_id, journal, change, record, text), in the order they arrived."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        latest = latest_sequence(conn)
        rows = conn.execute(
            "SELECT h.doc_id, h.journal, h.change, h.record, coalesce(h.text, d.text) "
            "FROM annotator.heads h LEFT JOIN annotator.documents d USING (doc_id) "
            "WHERE " + where + " ORDER BY h.seq",
            params,
        ).fetchall()
    return latest, rows


def latest_sequence(conn: Connection) -> int:
    """The server's sequence of the last change it stored (0 before any)."""
    row = conn.execute("SELECT coalesce(max(seq), 0) FROM annotator.changes").fetchone()
    return int(row[0]) if row else 0


def ready_for_review(conn: Connection) -> tuple[str, ...]:
    """The review queue: documents done by as many annotators as they need and not reviewed
    yet, the earliest ready first."""
    rows = conn.execute(
        "SELECT doc_id FROM annotator.routing WHERE ready_at IS NOT NULL "
        "AND reviewed_by IS NULL AND active ORDER BY ready_at, position"
    ).fetchall()
    return tuple(str(r[0]) for r in rows)
