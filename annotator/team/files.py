"""The files backend of ``TeamStore``: routing in one SQLite database (``routing.sqlite3`` in
the project's routing folder, writable by the team's group), the records in the annotators'
journals.

Why SQLite (standard library) in WAL mode: every call is one transaction, so a ``kill -9`` at
any point leaves the last committed state (the WAL is replayed or ignored on the next open),
and nobody ever sees a half-done claim. Writers queue on an ``fcntl`` lock beside the database
(``routing.sqlite3.lock``) before they begin, because SQLite's own waiting sleeps and retries.
``synchronous = NORMAL``: a commit reaches the operating system before the call returns (what
survives ``kill -9``) without an fsync of its own; the annotations themselves are fsync'd in
the journals, and a power cut can only cost the last few claims, which the journals restore.
``docs/team.md`` has the figures behind these choices.

The database only caches what the journals say: when it is missing it is rebuilt from them
(who finished what, who was working on what, what gold reviewed), so deleting it loses only
the leases of untouched documents.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import stat
import statistics
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.problems import UserError, show_path
from annotator.regular_files import open_regular_fd
from annotator.store.journal import Journal, journal_path, load_journal
from annotator.store.locking import lock_path
from annotator.team.overlap import need, shuffle_rank
from annotator.team.settings import RoutingSettings
from annotator.team.store import (
    DONE,
    AnnotatorProgress,
    Clock,
    NotInTeam,
    TeamProgress,
    Work,
    WorkState,
    is_gold,
)

DATABASE = "routing.sqlite3"
GOLD = "gold"
_SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS annotators (
    name TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    need INTEGER NOT NULL,
    shuffle INTEGER NOT NULL,
    priority REAL,
    active INTEGER NOT NULL DEFAULT 1,
    done INTEGER NOT NULL DEFAULT 0,
    ready_at REAL,
    reviewed_by TEXT,
    reviewed_at REAL
);
CREATE INDEX IF NOT EXISTS open_by_position ON documents (position) WHERE done < need;
CREATE INDEX IF NOT EXISTS open_by_shuffle ON documents (shuffle, position) WHERE done < need;
CREATE INDEX IF NOT EXISTS ready ON documents (ready_at, position)
    WHERE ready_at IS NOT NULL AND reviewed_by IS NULL;
CREATE TABLE IF NOT EXISTS work (
    seq INTEGER PRIMARY KEY,
    doc TEXT NOT NULL,
    annotator TEXT NOT NULL,
    routed_at REAL NOT NULL,
    lease_until REAL,
    touched INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'new',
    seconds REAL NOT NULL DEFAULT 0,
    done_at REAL,
    UNIQUE (doc, annotator)
);
CREATE INDEX IF NOT EXISTS work_of ON work (annotator);
"""

_ORDER_BY = {
    "corpus": "d.position",
    "shuffle": "d.shuffle, d.position",
    "uncertain": "d.priority IS NULL, d.priority DESC, d.position",
}


def database_path(routing: Path) -> Path:
    return Path(routing) / DATABASE


class FilesTeamStore:
    """``TeamStore`` for a team on one machine (see the module's docstring)."""

    def __init__(
        self,
        routing: Path,
        journals: Path,
        settings: RoutingSettings,
        connection: sqlite3.Connection,
        lock: int,
        clock: Clock,
    ) -> None:
        self.routing = routing
        self.journals = journals
        self.settings = settings
        self._db = connection
        self._lock: int | None = lock
        self._clock = clock
        self._journals: dict[str, Journal] = {}

    @classmethod
    def open(
        cls,
        routing: Path,
        journals: Path,
        settings: RoutingSettings,
        documents: Sequence[str],
        clock: Clock = time.time,
    ) -> FilesTeamStore:
        """Open the routing kept in the folder ``routing`` (or create it, rebuilt from the
        journals in ``journals``: ``NAME.jsonl``, ``gold.jsonl``) for the corpus
        ``documents`` (in corpus order) under ``settings``: annotators added to or removed
        from the settings since the last open are added or removed here. The two folders may
        be one."""
        routing, journals = Path(routing), Path(journals)
        path = database_path(routing)
        try:
            routing.mkdir(parents=True, exist_ok=True)
            for made in (path, lock_path(path)):
                _create_shared(made)
            lock = open_regular_fd(lock_path(path), os.O_RDWR)
        except OSError as exc:
            raise UserError(f"{show_path(path)}: cannot open the routing state: {exc}") from None
        try:
            connection = sqlite3.connect(
                path, timeout=60, isolation_level=None, check_same_thread=False
            )
            with _locked(lock):
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = NORMAL")
                connection.executescript(_SCHEMA)
            store = cls(routing, journals, settings, connection, lock, clock)
        except (OSError, sqlite3.Error) as exc:
            os.close(lock)
            raise UserError(f"{show_path(path)}: cannot open the routing state: {exc}") from None
        try:
            store._start(documents)
        except BaseException:
            store.close()
            raise
        return store

    # --- transactions -------------------------------------------------------------------
    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction. Writers queue on an OS lock first: SQLite's own waiting
        sleeps and retries (up to 100 ms a try), which put a claim's p99 at 68 ms under 8
        processes; the kernel wakes the next in line at once. ``BEGIN IMMEDIATE`` still
        guards against a writer that does not take the lock (an older version)."""
        if self._lock is None:
            raise UserError(f"{show_path(database_path(self.routing))} is closed")
        with _locked(self._lock):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _now(self) -> float:
        return float(self._clock())

    def _start(self, documents: Sequence[str]) -> None:
        with self._writing() as db:
            built = db.execute("SELECT value FROM meta WHERE key = 'built'").fetchone()
            self._sync_annotators(db)
            # The corpus is the same on nearly every open: one digest says so, instead of
            # one row per document (100,000 of them on a large corpus).
            seen = hashlib.blake2b("\n".join(documents).encode("utf-8", "surrogatepass"))
            corpus = db.execute("SELECT value FROM meta WHERE key = 'corpus'").fetchone()
            if corpus is None or corpus[0] != seen.hexdigest():
                self._add_documents(db, documents)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('corpus', ?)", (seen.hexdigest(),))
            self._sync_overlap(db)
            if built is None:
                self._rebuild(db)
                db.execute(
                    "INSERT INTO meta VALUES ('built', ?), ('schema', ?)",
                    (str(self._now()), str(_SCHEMA_VERSION)),
                )

    def _sync_annotators(self, db: sqlite3.Connection) -> None:
        wanted = self.settings.annotators
        rows = db.execute("SELECT name FROM annotators WHERE active").fetchall()
        for (name,) in rows:
            if name not in wanted:
                self._remove_annotator(db, name)
        for name in wanted:
            self._add_annotator(db, name)

    def _sync_overlap(self, db: sqlite3.Connection) -> None:
        """Recompute every document's need and shuffle place when the overlap, the seed or
        (for ``"all"``) the team changed since they were computed."""
        s = self.settings
        team = self._team_size(db)
        key = f"{s.overlap!r} {s.seed} {team}"
        found = db.execute("SELECT value FROM meta WHERE key = 'overlap'").fetchone()
        if found is not None and found[0] == key:
            return
        ids = [row[0] for row in db.execute("SELECT id FROM documents")]
        db.executemany(
            "UPDATE documents SET need = ?, shuffle = ? WHERE id = ?",
            [(need(i, s.overlap, team, s.seed), shuffle_rank(i, s.seed), i) for i in ids],
        )
        db.execute("INSERT OR REPLACE INTO meta VALUES ('overlap', ?)", (key,))
        self._refresh_ready(db, None)

    def _team_size(self, db: sqlite3.Connection) -> int:
        return int(db.execute("SELECT count(*) FROM annotators WHERE active").fetchone()[0])

    def _rebuild(self, db: sqlite3.Connection) -> None:
        """Routing from the journals: what each annotator finished or was working on, and
        which documents gold reviewed."""
        known = {row[0] for row in db.execute("SELECT id FROM documents")}
        people = [row[0] for row in db.execute("SELECT name FROM annotators ORDER BY position")]
        for name in people:
            records = load_journal(journal_path(self.journals, name)).records
            for doc_id, record in records.items():
                if doc_id in known and record.status != "new":
                    self._report(db, name, doc_id, record.status, record.seconds)
        gold = load_journal(journal_path(self.journals, GOLD)).records
        for doc_id, record in gold.items():
            if doc_id in known and record.status in DONE:
                self._mark_reviewed(db, record.annotator, doc_id)

    # --- the team and the corpus --------------------------------------------------------
    def annotators(self) -> tuple[str, ...]:
        rows = self._db.execute("SELECT name FROM annotators WHERE active ORDER BY position")
        return tuple(row[0] for row in rows)

    def add_annotator(self, name: str) -> None:
        with self._writing() as db:
            self._add_annotator(db, name)
            self._sync_overlap(db)

    def _add_annotator(self, db: sqlite3.Connection, name: str) -> None:
        db.execute(
            "INSERT INTO annotators (name, position) "
            "SELECT ?, coalesce(max(position) + 1, 0) FROM annotators WHERE true "
            "ON CONFLICT (name) DO UPDATE SET active = 1",
            (name,),
        )

    def remove_annotator(self, name: str) -> None:
        with self._writing() as db:
            self._remove_annotator(db, name)
            self._sync_overlap(db)

    def _remove_annotator(self, db: sqlite3.Connection, name: str) -> None:
        db.execute("UPDATE annotators SET active = 0 WHERE name = ?", (name,))
        db.execute(
            "UPDATE work SET lease_until = NULL WHERE annotator = ? AND done_at IS NULL",
            (name,),
        )

    def add_documents(self, ids: Sequence[str]) -> int:
        with self._writing() as db:
            return self._add_documents(db, ids)

    def _add_documents(self, db: sqlite3.Connection, ids: Sequence[str]) -> int:
        s = self.settings
        team = self._team_size(db)
        start = db.execute("SELECT coalesce(max(position) + 1, 0) FROM documents").fetchone()[0]
        db.executemany(
            "INSERT INTO documents (id, position, need, shuffle) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET active = 1",
            [
                (i, start + n, need(i, s.overlap, team, s.seed), shuffle_rank(i, s.seed))
                for n, i in enumerate(ids)
            ],
        )
        # A known id keeps its place (and is routed again if it had been removed).
        return int(
            db.execute("SELECT count(*) FROM documents WHERE position >= ?", (start,)).fetchone()[0]
        )

    def remove_documents(self, ids: Iterable[str]) -> None:
        with self._writing() as db:
            db.executemany("UPDATE documents SET active = 0 WHERE id = ?", [(i,) for i in ids])
            db.executemany(
                "UPDATE work SET lease_until = NULL WHERE doc = ? AND done_at IS NULL",
                [(i,) for i in ids],
            )

    def documents(self) -> tuple[str, ...]:
        rows = self._db.execute("SELECT id FROM documents WHERE active ORDER BY position")
        return tuple(row[0] for row in rows)

    def set_priority(self, priorities: Mapping[str, float]) -> None:
        with self._writing() as db:
            db.executemany(
                "UPDATE documents SET priority = ? WHERE id = ?",
                [(float(p), i) for i, p in priorities.items()],
            )

    # --- routing ------------------------------------------------------------------------
    def _check_member(self, db: sqlite3.Connection, annotator: str) -> None:
        row = db.execute(
            "SELECT 1 FROM annotators WHERE name = ? AND active", (annotator,)
        ).fetchone()
        if row is None:
            raise NotInTeam(f"{annotator!r} is not one of the team's annotators")

    def claim_next(self, annotator: str) -> str | None:
        with self._writing() as db:
            self._check_member(db, annotator)
            now = self._now()
            quota = self.settings.quota.get(annotator)
            if quota is not None and self._counted(db, annotator, now) >= quota:
                return None
            row = db.execute(
                f"""
                SELECT d.id FROM documents AS d
                WHERE d.done < d.need AND d.active
                  AND NOT EXISTS (SELECT 1 FROM work AS w WHERE w.doc = d.id AND w.annotator = ?)
                  AND d.done + (SELECT count(*) FROM work AS w WHERE w.doc = d.id
                                AND w.done_at IS NULL AND w.lease_until > ?) < d.need
                ORDER BY {_ORDER_BY[self.settings.order]} LIMIT 1
                """,
                (annotator, now),
            ).fetchone()
            if row is None:
                return None
            doc_id: str = row[0]
            db.execute(
                "INSERT INTO work (doc, annotator, routed_at, lease_until) VALUES (?, ?, ?, ?)",
                (doc_id, annotator, now, now + self.settings.lease_seconds),
            )
            return doc_id

    def _counted(self, db: sqlite3.Connection, annotator: str, now: float) -> int:
        """What counts against a quota: documents finished, and held now."""
        return int(
            db.execute(
                "SELECT count(*) FROM work WHERE annotator = ? "
                "AND (done_at IS NOT NULL OR lease_until > ?)",
                (annotator, now),
            ).fetchone()[0]
        )

    def held(self, annotator: str) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT doc FROM work WHERE annotator = ? AND done_at IS NULL AND lease_until > ? "
            "ORDER BY seq",
            (annotator, self._now()),
        )
        return tuple(row[0] for row in rows)

    def report(self, annotator: str, doc_id: str, status: str, seconds: float) -> None:
        with self._writing() as db:
            self._report(db, annotator, doc_id, status, seconds)

    def _report(
        self, db: sqlite3.Connection, annotator: str, doc_id: str, status: str, seconds: float
    ) -> None:
        now = self._now()
        finished = status in DONE
        before = db.execute(
            "SELECT done_at IS NOT NULL FROM work WHERE doc = ? AND annotator = ?",
            (doc_id, annotator),
        ).fetchone()
        lease = None if finished else now + self.settings.lease_seconds
        done_at = now if finished else None
        db.execute(
            """
            INSERT INTO work (doc, annotator, routed_at, lease_until, touched, status, seconds,
                              done_at)
            VALUES (?, ?, ?, ?, 1, ?, ?, ?)
            ON CONFLICT (doc, annotator) DO UPDATE SET
                lease_until = excluded.lease_until, touched = 1, status = excluded.status,
                seconds = excluded.seconds,
                done_at = CASE WHEN excluded.done_at IS NULL THEN NULL
                               ELSE coalesce(work.done_at, excluded.done_at) END
            """,
            (doc_id, annotator, now, lease, status, float(seconds), done_at),
        )
        was_done = bool(before[0]) if before is not None else False
        if finished != was_done:
            db.execute(
                "UPDATE documents SET done = done + ? WHERE id = ?",
                (1 if finished else -1, doc_id),
            )
            self._refresh_ready(db, doc_id)

    def _refresh_ready(self, db: sqlite3.Connection, doc_id: str | None) -> None:
        """A document is ready for review from the moment it has as many annotators done as it
        needs (and stops being ready if one of them takes their decision back)."""
        where, args = ("AND id = ?", (doc_id,)) if doc_id is not None else ("", ())
        db.execute(
            f"UPDATE documents SET ready_at = ? WHERE done >= need AND ready_at IS NULL {where}",
            (self._now(), *args),
        )
        db.execute(f"UPDATE documents SET ready_at = NULL WHERE done < need {where}", args)

    def renew(self, annotator: str, doc_id: str) -> bool:
        with self._writing() as db:
            now = self._now()
            cursor = db.execute(
                "UPDATE work SET lease_until = ? WHERE doc = ? AND annotator = ? "
                "AND done_at IS NULL AND lease_until > ?",
                (now + self.settings.lease_seconds, doc_id, annotator, now),
            )
            return cursor.rowcount == 1

    def release(self, annotator: str, doc_id: str) -> bool:
        with self._writing() as db:
            cursor = db.execute(
                "UPDATE work SET lease_until = NULL WHERE doc = ? AND annotator = ? "
                "AND NOT touched AND done_at IS NULL AND lease_until > ?",
                (doc_id, annotator, self._now()),
            )
            return cursor.rowcount == 1

    def routed_to(self, annotator: str) -> frozenset[str]:
        rows = self._db.execute("SELECT doc FROM work WHERE annotator = ?", (annotator,))
        return frozenset(row[0] for row in rows)

    def work(self, doc_id: str) -> tuple[Work, ...]:
        now = self._now()
        rows = self._db.execute(
            "SELECT annotator, done_at IS NOT NULL, lease_until > ?, status, touched, seconds "
            "FROM work WHERE doc = ? ORDER BY seq",
            (now, doc_id),
        )
        out = []
        for name, done, live, status, touched, seconds in rows:
            state: WorkState = "done" if done else "held" if live else "lapsed"
            out.append(Work(name, state, status, bool(touched), float(seconds)))
        return tuple(out)

    # --- progress and review ------------------------------------------------------------
    def progress(self) -> TeamProgress:
        now = self._now()
        db = self._db
        db.execute("BEGIN")  # one snapshot for every figure
        try:
            return self._progress(db, now)
        finally:
            db.execute("COMMIT")

    def _progress(self, db: sqlite3.Connection, now: float) -> TeamProgress:
        documents = int(db.execute("SELECT count(*) FROM documents WHERE active").fetchone()[0])
        done_by = {
            int(k): int(n)
            for k, n in db.execute(
                "SELECT done, count(*) FROM documents WHERE active GROUP BY done"
            )
        }
        complete, in_progress, ready, reviewed, slots = db.execute(
            """
            SELECT
              coalesce(sum(done >= need), 0),
              coalesce(sum(done < need AND (done > 0 OR EXISTS (
                  SELECT 1 FROM work AS w WHERE w.doc = d.id AND w.done_at IS NULL
                  AND (w.lease_until > ? OR w.touched)))), 0),
              coalesce(sum(ready_at IS NOT NULL AND reviewed_by IS NULL), 0),
              coalesce(sum(reviewed_by IS NOT NULL), 0),
              coalesce(sum(need), 0)
            FROM documents AS d WHERE active
            """,
            (now,),
        ).fetchone()
        people = []
        quota = self.settings.quota
        for (name,) in db.execute(
            "SELECT name FROM annotators WHERE active ORDER BY position"
        ).fetchall():
            times = [
                float(row[0])
                for row in db.execute(
                    "SELECT w.seconds FROM work AS w JOIN documents AS d ON d.id = w.doc "
                    "WHERE w.annotator = ? AND w.done_at IS NOT NULL AND d.active",
                    (name,),
                )
            ]
            holding = int(
                db.execute(
                    "SELECT count(*) FROM work WHERE annotator = ? AND done_at IS NULL "
                    "AND lease_until > ?",
                    (name, now),
                ).fetchone()[0]
            )
            spent = sum(times)
            people.append(
                AnnotatorProgress(
                    name,
                    len(times),
                    holding,
                    statistics.median(times) if times else None,
                    3600 * len(times) / spent if spent > 0 else None,
                    quota.get(name),
                )
            )
        return TeamProgress(
            documents,
            done_by,
            int(complete),
            int(in_progress),
            documents - int(complete) - int(in_progress),
            tuple(people),
            int(ready),
            int(reviewed),
            int(slots),
        )

    def review_queue(self) -> tuple[str, ...]:
        rows = self._db.execute(
            "SELECT id FROM documents WHERE ready_at IS NOT NULL AND reviewed_by IS NULL "
            "AND active ORDER BY ready_at, position"
        )
        return tuple(row[0] for row in rows)

    def mark_reviewed(self, reviewer: str, doc_id: str) -> None:
        with self._writing() as db:
            self._mark_reviewed(db, reviewer, doc_id)

    def _mark_reviewed(self, db: sqlite3.Connection, reviewer: str, doc_id: str) -> None:
        db.execute(
            "UPDATE documents SET reviewed_by = ?, reviewed_at = ? WHERE id = ?",
            (reviewer, self._now(), doc_id),
        )

    # --- records ------------------------------------------------------------------------
    def write(self, record: DocRecord) -> bool:
        gold = is_gold(record)
        owner = GOLD if gold else record.annotator
        journal = self._journals.get(owner)
        if journal is None:
            journal = Journal.open(journal_path(self.journals, owner))
            self._journals[owner] = journal
        written = journal.append(record, record.change)
        if written and gold:
            if record.status in DONE:
                self.mark_reviewed(record.annotator, record.id)
        elif written:
            self.report(record.annotator, record.id, record.status, record.seconds)
        return written

    def records(self, annotator: str) -> Mapping[str, DocRecord]:
        journal = self._journals.get(annotator)
        if journal is not None:
            return journal.records
        return load_journal(journal_path(self.journals, annotator)).records

    def close(self) -> None:
        for journal in self._journals.values():
            journal.close()
        self._journals.clear()
        self._db.close()
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


@contextmanager
def _locked(fd: int) -> Iterator[None]:
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _create_shared(path: Path) -> None:
    """Create the database file before SQLite does, group-writable when the folder is
    group-shared (setgid, as ``annotator init`` makes a team's), so every member can route;
    SQLite gives its -wal and -shm files the same mode."""
    if path.exists():
        return
    shared = bool(path.parent.stat().st_mode & stat.S_ISGID)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o664 if shared else 0o644)
    except FileExistsError:
        return
    try:
        if shared:
            os.fchmod(fd, 0o664)
    finally:
        os.close(fd)
