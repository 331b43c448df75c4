"""The PostgreSQL backend of ``TeamStore`` (annotator/team/store.py): routing, progress and
the review queue on the server, records local first.

A claim locks the document row it picks with ``FOR UPDATE SKIP LOCKED``: annotators on many
machines claiming at once each lock a different row and never wait for one another, and the
overlap is checked again, in a fresh snapshot, once the row is held, so no document is ever
handed to more annotators than it needs. Claims of one annotator are serialised by an
advisory lock on their name (their quota). What changes progress notifies
``annotator_progress`` once committed (``notify``), so a lead's screen updates without
polling (``live``).

``write`` appends to the annotator's local journal (fsync'd) first, then sends; a server that
cannot be reached leaves the change waiting in the journal, sent by the next write or
``annotator sync``, never lost.

Away from the server every call raises ``Unreachable`` (and tries again on the next call, at
most every RETRY_SECONDS), except what the app needs to go on with the documents in hand:
``annotators``, ``held`` and ``routed_to`` answer what this machine last heard (``in_hand``).
"""

from __future__ import annotations

import contextlib
import statistics
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import psycopg

from annotator.annotations.model import DocRecord, RecordError
from annotator.problems import UserError
from annotator.store.journal import GOLD_NAME, Journal, journal_path
from annotator.team.overlap import need, shuffle_rank
from annotator.team.postgres import in_hand, schema
from annotator.team.postgres.connection import connect, shown
from annotator.team.postgres.notify import Notifier
from annotator.team.postgres.outbox import SyncState, load_state
from annotator.team.postgres.records import Connection, ready_for_review, send
from annotator.team.postgres.sender import RETRY_SECONDS
from annotator.team.settings import RoutingSettings
from annotator.team.store import (
    DONE,
    AnnotatorProgress,
    Clock,
    NotInTeam,
    TeamProgress,
    Unreachable,
    Work,
    WorkState,
    is_gold,
)

GOLD = GOLD_NAME
_SETUP_LOCK = 0x7465616D  # "team"


# A claim that finds only rows other claims hold looks again this often, this far apart: a
# claim holds its row for a few milliseconds (annotator.claim, schema.py).
_IN_FLIGHT_LOOKS = 200
_IN_FLIGHT_PAUSE = 0.005

# SQLSTATE classes of a server gone or going away (08: connection exception, 57: operator
# intervention, as a shutdown says), not of a refused statement.
_AWAY_CLASSES = ("08", "57")

P = ParamSpec("P")
R = TypeVar("R")


def _online(
    method: Callable[Concatenate[PostgresTeamStore, P], R],
) -> Callable[Concatenate[PostgresTeamStore, P], R]:
    """A lost connection during ``method`` raised as ``Unreachable`` (the next call connects
    again); a statement the server refuses is raised as it is."""

    def reaching(self: PostgresTeamStore, /, *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(self, *args, **kwargs)
        except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
            conn = self._conn
            lost = conn is None or conn.closed or conn.broken
            if not lost and (exc.sqlstate or "")[:2] not in _AWAY_CLASSES:
                raise
            raise self._gone(f"lost the server {self.url_shown}") from None

    return reaching


class PostgresTeamStore:
    """``TeamStore`` for a team on several machines (see the module's docstring)."""

    def __init__(
        self,
        url: str,
        local: Path,
        settings: RoutingSettings,
        conn: Connection | None,
        clock: Clock,
        documents: Sequence[str] | None = None,
    ) -> None:
        """``documents``: the corpus to join to the routing on the first connection (None:
        the routing is the server's as it is)."""
        self.url = url
        self.local = local
        self.settings = settings
        self._conn = conn
        self._clock = clock
        self._journals: dict[str, tuple[Journal, SyncState]] = {}
        self._starting = documents
        self._notifier = Notifier(url)
        # Away from the server: why, and when to try it again.
        self._away = ""
        self._away_until = 0.0

    @property
    def url_shown(self) -> str:
        return shown(self.url)

    @property
    def _db(self) -> Connection:
        """The connection, made again if it was lost; Unreachable without the server."""
        conn = self._conn
        if conn is not None and not conn.closed and not conn.broken:
            return conn
        if time.monotonic() < self._away_until:
            raise Unreachable(self._away)
        try:
            conn = connect(self.url)
        except UserError as error:
            raise self._gone(str(error)) from None
        self._conn = conn
        try:
            schema.check_current(conn)
            if self._starting is not None:
                self._start(self._starting)
                self._starting = None
        except BaseException:
            self._conn = None
            conn.close()
            raise
        return conn

    def _gone(self, why: str) -> Unreachable:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self._away = why
        self._away_until = time.monotonic() + RETRY_SECONDS
        return Unreachable(why)

    @classmethod
    def open(
        cls,
        url: str,
        local: Path,
        settings: RoutingSettings,
        documents: Sequence[str],
        clock: Clock = time.time,
        *,
        away: bool = False,
    ) -> PostgresTeamStore:
        """The team on the server at ``url`` (its schema current: ``db init``/``db migrate``),
        with this machine's journals in ``local``; the settings' team and ``documents`` (in
        corpus order) join the routing as the files backend's do. With ``away``, a server out
        of reach is no error: the store joins the corpus and answers from the server once it
        can reach it (the app starts offline)."""
        store = cls(url, Path(local), settings, None, clock, documents)
        try:
            store._db  # noqa: B018 (connects, checks the schema and joins the corpus, or raises)
        except Unreachable:
            if not away:
                raise
        return store

    @classmethod
    def joining(
        cls, url: str, local: Path, name: str, clock: Clock = time.time
    ) -> PostgresTeamStore:
        """The team on the server at ``url`` as ``name`` on a machine with only the URL: the
        routing settings are the server's (``db init``'s), or the ones this machine last
        heard when the server cannot be reached."""
        store = cls(url, Path(local), RoutingSettings(annotators=()), None, clock)
        try:
            saved = store._db.execute(
                "SELECT value FROM annotator.settings WHERE key = 'routing'"
            ).fetchone()
        except Unreachable:
            store.settings = in_hand.settings(store.local, name) or store.settings
            return store
        if saved and isinstance(saved[0], dict):
            store.settings = in_hand.settings_from(saved[0])
            in_hand.remember(store.local, name, settings=store.settings)
        return store

    @classmethod
    def reading(cls, url: str, clock: Clock = time.time) -> PostgresTeamStore:
        """The team as the server holds it (its settings from ``db init``), to read progress
        and the review queue without changing anything."""
        conn = connect(url)
        try:
            schema.check_current(conn)
            row = conn.execute(
                "SELECT value FROM annotator.settings WHERE key = 'routing'"
            ).fetchone()
            saved: dict[str, Any] = row[0] if row and isinstance(row[0], dict) else {}
            settings = in_hand.settings_from(saved)
        except BaseException:
            conn.close()
            raise
        return cls(url, Path(), settings, conn, clock)

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        with self._db.transaction():
            yield self._db

    def _now(self) -> float:
        return float(self._clock())

    def _setting_up(self, db: Connection) -> None:
        """Changes to the team and the documents wait for one another (many annotators opening
        at once would otherwise deadlock, each holding a row another's lock needs)."""
        db.execute("SELECT pg_advisory_xact_lock(%s)", (_SETUP_LOCK,))

    def _start(self, documents: Sequence[str]) -> None:
        with self._writing() as db:
            self._setting_up(db)
            db.execute(
                "INSERT INTO annotator.routing_meta VALUES ('lease_seconds', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (repr(float(self.settings.lease_seconds)),),
            )
            wanted = self.settings.annotators
            for (name,) in db.execute("SELECT name FROM annotator.team WHERE active").fetchall():
                if name not in wanted:
                    self._remove_annotator(db, name)
            for name in wanted:
                self._add_annotator(db, name)
            self._add_documents(db, documents)
            self._sync_overlap(db)

    def _team_size(self, db: Connection) -> int:
        row = db.execute("SELECT count(*) FROM annotator.team WHERE active").fetchone()
        return int(row[0]) if row else 0

    def _sync_overlap(self, db: Connection) -> None:
        """Every document's need and shuffle place again when the overlap, the seed or (for
        ``"all"``) the team changed since they were computed."""
        s = self.settings
        team = self._team_size(db)
        key = f"{s.overlap!r} {s.seed} {team}"
        found = db.execute("SELECT value FROM annotator.routing_meta WHERE key = 'overlap'")
        row = found.fetchone()
        if row is not None and row[0] == key:
            return
        ids = [r[0] for r in db.execute("SELECT doc_id FROM annotator.routing").fetchall()]
        with db.cursor() as cur:
            cur.executemany(
                "UPDATE annotator.routing SET need = %s, shuffle = %s WHERE doc_id = %s",
                [(need(i, s.overlap, team, s.seed), shuffle_rank(i, s.seed), i) for i in ids],
            )
        db.execute(
            "INSERT INTO annotator.routing_meta VALUES ('overlap', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key,),
        )
        now = self._now()
        db.execute(
            "UPDATE annotator.routing SET ready_at = %s WHERE done >= need AND ready_at IS NULL",
            (now,),
        )
        db.execute("UPDATE annotator.routing SET ready_at = NULL WHERE done < need")

    # --- the team and the corpus --------------------------------------------------------
    def annotators(self) -> tuple[str, ...]:
        try:
            return self._annotators()
        except Unreachable:
            return self.settings.annotators

    @_online
    def _annotators(self) -> tuple[str, ...]:
        rows = self._db.execute("SELECT name FROM annotator.team WHERE active ORDER BY position")
        return tuple(str(r[0]) for r in rows)

    @_online
    def add_annotator(self, name: str) -> None:
        self._change_team(self._add_annotator, name)

    def _change_team(self, change: Callable[[Connection, str], None], name: str) -> None:
        with self._writing() as db:
            self._setting_up(db)
            change(db, name)
            self._sync_overlap(db)

    def _add_annotator(self, db: Connection, name: str) -> None:
        db.execute(
            "INSERT INTO annotator.team (name, position) "
            "SELECT %s, coalesce(max(position) + 1, 0) FROM annotator.team "
            "ON CONFLICT (name) DO UPDATE SET active = true",
            (name,),
        )

    @_online
    def remove_annotator(self, name: str) -> None:
        self._change_team(self._remove_annotator, name)

    def _remove_annotator(self, db: Connection, name: str) -> None:
        db.execute("UPDATE annotator.team SET active = false WHERE name = %s", (name,))
        db.execute(
            "UPDATE annotator.work SET lease_until = NULL WHERE annotator = %s AND done_at IS NULL",
            (name,),
        )

    @_online
    def add_documents(self, ids: Sequence[str]) -> int:
        with self._writing() as db:
            self._setting_up(db)
            return self._add_documents(db, ids)

    def _add_documents(self, db: Connection, ids: Sequence[str]) -> int:
        if not ids:
            return 0
        s = self.settings
        team = self._team_size(db)
        row = db.execute("SELECT coalesce(max(position) + 1, 0) FROM annotator.routing")
        start = int(row.fetchone()[0])  # type: ignore[index]
        known = {
            r[0]
            for r in db.execute(
                "SELECT doc_id FROM annotator.routing WHERE doc_id = ANY(%s)", (list(ids),)
            ).fetchall()
        }
        fresh = [i for i in dict.fromkeys(ids) if i not in known]
        db.execute(
            "UPDATE annotator.routing SET active = true WHERE doc_id = ANY(%s)", (list(known),)
        )
        with db.cursor().copy(
            "COPY annotator.routing (doc_id, position, need, shuffle) FROM STDIN"
        ) as copy:
            for n, i in enumerate(fresh):
                copy.write_row(
                    (i, start + n, need(i, s.overlap, team, s.seed), shuffle_rank(i, s.seed))
                )
        return len(fresh)

    @_online
    def remove_documents(self, ids: Iterable[str]) -> None:
        gone = list(ids)
        with self._writing() as db:
            self._setting_up(db)
            db.execute(
                "UPDATE annotator.routing SET active = false WHERE doc_id = ANY(%s)", (gone,)
            )
            db.execute(
                "UPDATE annotator.work SET lease_until = NULL "
                "WHERE doc_id = ANY(%s) AND done_at IS NULL",
                (gone,),
            )

    @_online
    def documents(self) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT doc_id FROM annotator.routing WHERE active ORDER BY position"
        )
        return tuple(str(r[0]) for r in rows)

    @_online
    def set_priority(self, priorities: Mapping[str, float]) -> None:
        with self._writing() as db, db.cursor() as cur:
            cur.executemany(
                "UPDATE annotator.routing SET priority = %s WHERE doc_id = %s",
                [(float(p), i) for i, p in priorities.items()],
            )

    # --- routing ------------------------------------------------------------------------
    @_online
    def claim_next(self, annotator: str) -> str | None:
        quota = self.settings.quota.get(annotator)
        for _ in range(_IN_FLIGHT_LOOKS + 1):
            # One statement, so one round trip and one commit (autocommit).
            row = self._db.execute(
                "SELECT claimed, outcome FROM annotator.claim(%s, %s, %s, %s, %s)",
                (annotator, self._now(), float(self.settings.lease_seconds), quota,
                 self.settings.order),
            ).fetchone()  # fmt: skip
            claimed, outcome = row if row is not None else (None, "none")
            if outcome == "not in team":
                raise NotInTeam(f"{annotator!r} is not one of the team's annotators")
            if outcome != "busy":
                break
            time.sleep(_IN_FLIGHT_PAUSE)
        if claimed is None:
            return None
        doc_id = str(claimed)
        self._notifier.tell([doc_id])
        in_hand.handed_out(self.local, annotator, doc_id)
        return doc_id

    def held(self, annotator: str) -> tuple[str, ...]:
        """Away from the server: what they held when this machine last heard (a lease that
        lapsed meanwhile included: their work on it still counts when it arrives)."""
        try:
            found = self._held(annotator)
        except Unreachable:
            return in_hand.held(self.local, annotator)
        in_hand.remember(self.local, annotator, held=found)
        return found

    @_online
    def _held(self, annotator: str) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT doc_id FROM annotator.work WHERE annotator = %s AND done_at IS NULL "
            "AND lease_until > %s ORDER BY seq",
            (annotator, self._now()),
        )
        return tuple(str(r[0]) for r in rows)

    def saved_here(self, annotator: str, doc_id: str, status: str, seconds: float) -> None:
        """What the app does with a save instead of ``report``: its sender delivers the
        change and the server reports it to routing on arrival (``submit_batch``), so no key
        waits on the network; only this machine's copy of what is in hand moves."""
        if status in DONE:
            in_hand.let_go(self.local, annotator, doc_id)

    @_online
    def report(self, annotator: str, doc_id: str, status: str, seconds: float) -> None:
        with self._writing() as db:
            row = db.execute(
                "SELECT annotator.report(%s, %s, %s, %s, %s)",
                (annotator, doc_id, status, float(seconds), self._now()),
            ).fetchone()
        if row is not None and row[0]:
            self._notifier.tell([doc_id])
        if status in DONE:
            in_hand.let_go(self.local, annotator, doc_id)

    @_online
    def renew(self, annotator: str, doc_id: str) -> bool:
        now = self._now()
        with self._writing() as db:
            cur = db.execute(
                "UPDATE annotator.work SET lease_until = %s WHERE doc_id = %s AND annotator = %s "
                "AND done_at IS NULL AND lease_until > %s",
                (now + self.settings.lease_seconds, doc_id, annotator, now),
            )
            return cur.rowcount == 1

    @_online
    def release(self, annotator: str, doc_id: str) -> bool:
        with self._writing() as db:
            cur = db.execute(
                "UPDATE annotator.work SET lease_until = NULL WHERE doc_id = %s "
                "AND annotator = %s AND NOT touched AND done_at IS NULL AND lease_until > %s",
                (doc_id, annotator, self._now()),
            )
            released = cur.rowcount == 1
        if released:
            self._notifier.tell([doc_id])
            in_hand.let_go(self.local, annotator, doc_id)
        return released

    def routed_to(self, annotator: str) -> frozenset[str]:
        try:
            found = self._routed_to(annotator)
        except Unreachable:
            return in_hand.routed(self.local, annotator)
        in_hand.remember(self.local, annotator, routed=sorted(found))
        return found

    @_online
    def _routed_to(self, annotator: str) -> frozenset[str]:
        rows = self._db.execute(
            "SELECT doc_id FROM annotator.work WHERE annotator = %s", (annotator,)
        )
        return frozenset(str(r[0]) for r in rows)

    @_online
    def work(self, doc_id: str) -> tuple[Work, ...]:
        rows = self._db.execute(
            "SELECT annotator, done_at IS NOT NULL, coalesce(lease_until > %s, false), status, "
            "touched, seconds FROM annotator.work WHERE doc_id = %s ORDER BY seq",
            (self._now(), doc_id),
        )
        out = []
        for name, done, live, status, touched, seconds in rows:
            state: WorkState = "done" if done else "held" if live else "lapsed"
            out.append(Work(str(name), state, str(status), bool(touched), float(seconds)))
        return tuple(out)

    # --- progress and review ------------------------------------------------------------
    @_online
    def progress(self) -> TeamProgress:
        now = self._now()
        with self._writing() as db:
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return self._progress(db, now)

    def _progress(self, db: Connection, now: float) -> TeamProgress:
        row = db.execute("SELECT count(*) FROM annotator.routing WHERE active").fetchone()
        documents = int(row[0]) if row else 0
        done_by = {
            int(k): int(n)
            for k, n in db.execute(
                "SELECT done, count(*) FROM annotator.routing WHERE active GROUP BY done"
            ).fetchall()
        }
        figures = db.execute(
            """
            SELECT
              count(*) FILTER (WHERE done >= need),
              count(*) FILTER (WHERE done < need AND (done > 0 OR EXISTS (
                  SELECT 1 FROM annotator.work w WHERE w.doc_id = d.doc_id
                  AND w.done_at IS NULL AND (w.lease_until > %s OR w.touched)))),
              count(*) FILTER (WHERE ready_at IS NOT NULL AND reviewed_by IS NULL),
              count(*) FILTER (WHERE reviewed_by IS NOT NULL)
            FROM annotator.routing d WHERE active
            """,
            (now,),
        ).fetchone()
        assert figures is not None  # an aggregate always answers one row
        complete, in_progress, ready, reviewed = (int(x) for x in figures)
        times: dict[str, list[float]] = {}
        for name, seconds in db.execute(
            "SELECT w.annotator, w.seconds FROM annotator.work w "
            "JOIN annotator.routing d USING (doc_id) WHERE w.done_at IS NOT NULL AND d.active"
        ).fetchall():
            times.setdefault(str(name), []).append(float(seconds))
        holding = {
            str(name): int(n)
            for name, n in db.execute(
                "SELECT annotator, count(*) FROM annotator.work WHERE done_at IS NULL "
                "AND lease_until > %s GROUP BY annotator",
                (now,),
            ).fetchall()
        }
        people = []
        for (name,) in db.execute(
            "SELECT name FROM annotator.team WHERE active ORDER BY position"
        ).fetchall():
            done = times.get(name, [])
            spent = sum(done)
            people.append(
                AnnotatorProgress(
                    name,
                    len(done),
                    holding.get(name, 0),
                    statistics.median(done) if done else None,
                    3600 * len(done) / spent if spent > 0 else None,
                    self.settings.quota.get(name),
                )
            )
        return TeamProgress(
            documents,
            done_by,
            complete,
            in_progress,
            documents - complete - in_progress,
            tuple(people),
            ready,
            reviewed,
        )

    @_online
    def review_queue(self) -> tuple[str, ...]:
        return ready_for_review(self._db)

    @_online
    def mark_reviewed(self, reviewer: str, doc_id: str) -> None:
        with self._writing() as db:
            db.execute(
                "SELECT annotator.mark_reviewed(%s, %s, %s)", (reviewer, doc_id, self._now())
            )
        self._notifier.tell([doc_id])

    # --- records ------------------------------------------------------------------------
    def write(self, record: DocRecord) -> bool:
        """On disk in the local journal first; then sent, and reported by the server as it
        stores it. A server out of reach: the change waits in the journal."""
        owner = GOLD if is_gold(record) else record.annotator
        opened = self._journals.get(owner)
        if opened is None:
            path = journal_path(self.local, owner)
            opened = (Journal.open(path), load_state(path))
            self._journals[owner] = opened
        journal, state = opened
        written = journal.append(record, record.change)
        # Out of reach: it waits in the journal; the next write or `annotator sync` sends it.
        with contextlib.suppress(Unreachable):
            self._send(journal.path, state)
        return written

    @_online
    def _send(self, journal: Path, state: SyncState) -> None:
        send(self._db, journal, state, self._now(), self._notifier.tell)

    @_online
    def records(self, annotator: str) -> Mapping[str, DocRecord]:
        rows = self._db.execute(
            "SELECT h.doc_id, h.record, coalesce(h.text, d.text) FROM annotator.heads h "
            "LEFT JOIN annotator.documents d USING (doc_id) WHERE h.journal = %s ORDER BY h.seq",
            (annotator,),
        ).fetchall()
        found: dict[str, DocRecord] = {}
        for doc_id, obj, text in rows:
            try:
                found[str(doc_id)] = DocRecord.from_json(obj, text)
            except RecordError:
                continue  # held without its text: `annotator db pull` names it
        return found

    def close(self) -> None:
        self._notifier.close()
        for journal, _ in self._journals.values():
            journal.close()
        self._journals.clear()
        if self._conn is not None:
            self._conn.close()
