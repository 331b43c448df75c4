"""``db push`` and ``db pull``: a files project's journals onto the server, and the server's
state back as journals (a team that started on files grows; a plain backup).

Push sends every line of every journal as the outbox does (stored once by change id, so a
push run twice stores nothing new); pull writes, per journal, the server's latest record of
each document with its text and its change id, one line each, in the server's order. Push
then pull gives the same latest records (compared as JSON values).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from annotator.annotations.model import DocRecord, RecordError
from annotator.problems import UserError, printable, show_path
from annotator.store.durable import replacing
from annotator.store.journal import check_name, encode, fsync_dir, not_a_journal
from annotator.team.postgres.outbox import SyncState
from annotator.team.postgres.records import Connection, Sent, send


@dataclass(frozen=True, slots=True)
class Pushed:
    journal: str
    lines: Sent


def journals_in(folder: Path) -> list[Path]:
    """The annotation journals in ``folder`` (``NAME.jsonl``, ``gold.jsonl``), by name."""
    found = []
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else []:
        if not_a_journal(path) is None:
            check_name(path.stem, "journal", gold=True)
            found.append(path)
    return found


def push(conn: Connection, folder: Path) -> list[Pushed]:
    """Every journal in ``folder`` onto the server (run by the role that owns the schema: it
    writes everyone's rows)."""
    done = []
    for path in journals_in(folder):
        # A client of its own, that has seen nothing: a push is no machine's later edit.
        state = SyncState(client=f"push-{secrets.token_hex(4)}")
        done.append(Pushed(path.stem, send(conn, path, state)))
    return done


def pull(conn: Connection, folder: Path) -> list[tuple[str, int]]:
    """The server's latest records as journals in ``folder`` (which must hold none of those
    journals yet); (journal, records) per journal written."""
    names = [
        str(r[0])
        for r in conn.execute("SELECT DISTINCT journal FROM annotator.heads ORDER BY 1").fetchall()
    ]
    for name in names:
        check_name(name, "journal", gold=True)
        target = folder / f"{name}.jsonl"
        if target.exists():
            raise UserError(
                f"{show_path(target)} exists; pull writes new journals: give an empty --out "
                "folder (or move the journals away first)"
            )
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        written.append((name, write_journal(conn, name, folder / f"{name}.jsonl")))
    fsync_dir(folder)
    return written


def write_journal(conn: Connection, name: str, target: Path) -> int:
    """The server's latest record of each document in ``name``'s journal, one line each in
    the server's order, as the journal ``target`` (replaced whole); how many."""
    count = 0
    try:
        temp = target.with_name(f".{target.name}.pull.tmp")
        with replacing(target, temp=temp) as out, conn.cursor() as cur:
            cur.execute(
                "SELECT h.doc_id, h.record, coalesce(h.text, d.text) FROM annotator.heads h "
                "LEFT JOIN annotator.documents d USING (doc_id) "
                "WHERE h.journal = %s ORDER BY h.seq",
                (name,),
            )
            for doc_id, obj, text in cur:
                out.write(encode(_record(name, doc_id, obj, text)))
                count += 1
    except OSError as exc:
        raise UserError(f"{show_path(target)}: cannot write: {exc.strerror}") from None
    return count


def _record(journal: str, doc_id: str, obj: dict[str, object], text: str | None) -> DocRecord:
    try:
        record = DocRecord.from_json(obj, text)
    except RecordError as exc:
        raise UserError(
            f"the server's record of {printable(doc_id)!r} in {printable(journal)}'s journal "
            f"cannot be written back: {exc}"
        ) from None
    record.change = str(obj.get("change", ""))
    return record
