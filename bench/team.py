"""Routing under load: 8 annotator processes at once on 2,000 documents with overlap 2, in two
phases per backend.

Saturated (a throughput test): each process calls ``claim_next`` and then writes a record of
the document it got (in its journal, fsync'd, reported to the routing), as fast as it can,
until nothing is left. Checked, not only timed: every document must end annotated exactly
twice, by two different people, in the journals as in the routing. Printed: claims per second
over the whole run, the latency of one claim (median, p99) and of claim + write, against two
baselines measured in this run: the same claims from one process alone (no one to wait for),
and one fsync'd append of a line (the least a durable change costs on this disk). Latency
here is mostly queueing: 8 processes flat out, and the server's, share the machine's cores.

Paced (a latency test, on fresh routing): each annotator makes a change at a human-bound pace,
``--pace`` seconds apart on average (a Poisson process: people type independently, so changes
bunch up now and then), ``CHANGES_PER_DOCUMENT`` changes to each document it claims, the last
one finishing it. Printed: p50/p99 of a change from its key (the moment it was due, so a
change waiting behind the process's previous one counts that wait) to the record on this
machine's disk and acknowledged by the server's durable commit.

    .venv/bin/python bench/team.py [--documents N] [--processes N] [--pace S] [--seconds S]

A backend is one entry of ``BACKENDS``: an opener ``(folder, settings, ids) -> TeamStore``
(``folder`` is this run's temporary folder).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.synchronize import Barrier
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.store.journal import Journal, journal_path
from annotator.team.files import FilesTeamStore
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.postgres.sender import Sender
from annotator.team.settings import RoutingSettings
from annotator.team.store import TeamStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.pg_cluster import Cluster, private_folder

TARGET_P99_MS = 20.0
# The paced phase: a document gets this many changes (spans marked, the last one accepting it).
CHANGES_PER_DOCUMENT = 4
TEXT = "قال مصدر محلي إن ثلاثة مدنيين قتلوا في قصف على قرية قرب دير الزور. " * 20

Opener = Callable[[Path, RoutingSettings, Sequence[str]], TeamStore]


def open_files(folder: Path, settings: RoutingSettings, ids: Sequence[str]) -> TeamStore:
    return FilesTeamStore.open(folder / "routing", folder / "annotations", settings, ids)


# The PostgreSQL column: a private cluster for the run (Debian's binaries, as the tests start),
# one database per folder (the team, and the one-process baseline), journals per process.
PG_ROOT = "ANNOTATOR_BENCH_PG"


def open_postgres(folder: Path, settings: RoutingSettings, ids: Sequence[str]) -> TeamStore:
    server = Cluster(Path(os.environ[PG_ROOT]))
    name = "bench_" + hashlib.sha1(str(folder).encode()).hexdigest()[:12]
    with connect(server.url()) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = server.url(name)
    with connect(url) as conn:
        schema.migrate(conn)
    machine = folder / "machines" / str(os.getpid())
    return PostgresTeamStore.open(url, machine, settings, ids)


BACKENDS: dict[str, Opener] = {"files": open_files, "postgres": open_postgres}


def annotate(
    backend: str, folder: Path, settings: RoutingSettings, ids: Sequence[str], name: str
) -> tuple[list[str], list[float], list[float]]:
    """One annotator's process: claim, write, until nothing is left. Returns the documents it
    got, each claim's seconds and each claim + write's seconds."""
    store = BACKENDS[backend](folder, settings, ids)
    got, claims, whole = [], [], []
    try:
        while True:
            start = time.perf_counter()
            doc = store.claim_next(name)
            claimed = time.perf_counter()
            if doc is None:
                break
            store.write(DocRecord(doc, TEXT, status="accepted", annotator=name, seconds=1.0))
            done = time.perf_counter()
            got.append(doc)
            claims.append(claimed - start)
            whole.append(done - start)
    finally:
        store.close()
    return got, claims, whole


# The paced phase's processes start their clocks together, once every one has connected.
_START: Barrier | None = None


def _wait_for_all(barrier: Barrier) -> None:
    global _START
    _START = barrier


class Keys:
    """An annotator's keys as the app handles them: each change on disk (fsync'd) before the
    next key; on a server, the app's ``Sender`` then delivers it from its own thread while the
    keys go on (``arrivals``: when the server acknowledged each line). On files, the
    routing hears the change in the key itself (``write``)."""

    def __init__(self, store: TeamStore, name: str) -> None:
        self.store = store
        self.keys: list[tuple[float, float, int]] = []  # (due, on disk, the line's end)
        self.arrivals: list[tuple[int, float]] = []  # (acknowledged up to, when)
        self.sender: Sender | None = None
        if isinstance(store, PostgresTeamStore):
            self.journal = Journal.open(journal_path(store.local, name))
            self.sender = Sender(store.url, self.journal.path)
            self.sender.on_arrived = lambda end: self.arrivals.append((end, time.monotonic()))
            self.sender.start()

    def change(self, record: DocRecord, due: float) -> None:
        if self.sender is None:
            self.store.write(record)
            self.keys.append((due, time.monotonic(), 0))
            return
        self.journal.append(record)
        self.keys.append((due, time.monotonic(), os.path.getsize(self.journal.path)))
        assert isinstance(self.store, PostgresTeamStore)
        self.store.saved_here(record.annotator, record.id, record.status, record.seconds)
        self.sender.poke()

    def close(self) -> list[tuple[float, float]]:
        """Each change's seconds from its key to this disk and to the server (or routing)."""
        if self.sender is None:
            return [(disk - due, disk - due) for due, disk, _ in self.keys]
        status = self.sender.stop(timeout=30.0)
        self.journal.close()
        assert status.waiting == 0, status.line()
        found, at = [], 0
        for due, disk, end in self.keys:
            while self.arrivals[at][0] < end:
                at += 1
            found.append((disk - due, self.arrivals[at][1] - due))
        return found


def annotate_paced(
    backend: str,
    folder: Path,
    settings: RoutingSettings,
    ids: Sequence[str],
    name: str,
    seconds: float,
    pace: float,
) -> tuple[list[str], list[tuple[float, float]]]:
    """One annotator at a human-bound pace for ``seconds``: changes ``pace`` seconds apart on
    average, CHANGES_PER_DOCUMENT to each document claimed. Returns the documents it finished
    and each change's seconds from the moment it was due to its record on this disk and to
    its arrival (``Keys``)."""
    store = BACKENDS[backend](folder, settings, ids)
    chance = random.Random(name)
    got: list[str] = []
    keys = Keys(store, name)
    try:
        assert _START is not None
        _START.wait()
        start = time.monotonic()
        due = start + chance.expovariate(1 / pace)
        while due < start + seconds:
            doc = store.claim_next(name)
            if doc is None:
                break
            for n in range(CHANGES_PER_DOCUMENT):
                time.sleep(max(0.0, due - time.monotonic()))
                status = "accepted" if n == CHANGES_PER_DOCUMENT - 1 else "in_progress"
                keys.change(DocRecord(doc, TEXT, status=status, annotator=name, seconds=1.0), due)
                due += chance.expovariate(1 / pace)
            got.append(doc)
    finally:
        latencies = keys.close()
        store.close()
    return got, latencies


def run_paced(backend: str, documents: int, processes: int, seconds: float, pace: float) -> bool:
    ids = [f"doc-{n:05d}" for n in range(documents)]
    people = tuple(f"annotator{n}" for n in range(processes))
    # Baseline: one annotator alone at the same pace (nobody to wait for, on the server or
    # for the cores), then the team.
    _, _, alone = paced(backend, ids, ("solo",), 1, seconds, pace)
    kept, on_disk, changes = paced(backend, ids, people, 2, seconds, pace)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  paced: each annotator a change every {pace * 1e3:.0f} ms on average "
          f"({processes / pace:.0f} changes/s for the team), {seconds:g} s "
          f"(load average {load})")  # fmt: skip
    held = "on the server" if backend == "postgres" else "in the routing"
    where = "to this disk and the routing"
    if backend == "postgres":
        where = "acknowledged by the server"
    print(f"  paced: {len(changes)} changes ({len(changes) / seconds:.0f}/s); every document "
          f"finished is in its journal and {held}: {kept}")  # fmt: skip
    steps = f"to this disk: {spread(on_disk)}; {where}" if backend == "postgres" else where
    print(f"  paced: a change from its key {steps}: {spread(changes)} "
          f"(target < {TARGET_P99_MS:g} ms)")  # fmt: skip
    print(f"  paced baseline: one annotator alone at the same pace, {where}: "
          f"{spread(alone)}")  # fmt: skip
    return kept


def paced(
    backend: str,
    ids: Sequence[str],
    people: tuple[str, ...],
    overlap: int,
    seconds: float,
    pace: float,
) -> tuple[bool, list[float], list[float]]:
    """``people`` at once at a human-bound pace on fresh routing: whether every document
    they finished is in their journals and the routing, and each change's seconds from its
    key to this disk and to its arrival."""
    settings = RoutingSettings(annotators=people, overlap=overlap, lease_seconds=3600)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        BACKENDS[backend](folder, settings, ids).close()
        settle()
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(len(people))
        with context.Pool(len(people), _wait_for_all, (barrier,)) as pool:
            results = pool.starmap(
                annotate_paced,
                [(backend, folder, settings, ids, name, seconds, pace) for name in people],
            )
        store = BACKENDS[backend](folder, settings, ids)
        try:
            kept = all(
                sorted(d for d, r in store.records(name).items() if r.status == "accepted")
                == sorted(got)
                for name, (got, _) in zip(people, results, strict=True)
            )
        finally:
            store.close()
    on_disk = [disk for _, times in results for disk, _ in times]
    return kept, on_disk, [arrived for _, times in results for _, arrived in times]


def settle() -> None:
    """What earlier phases left to write goes to disk before a latency is measured: this
    machine's dirty pages, and the server's (a checkpoint), so no phase pays for another."""
    os.sync()
    if PG_ROOT in os.environ:
        with connect(Cluster(Path(os.environ[PG_ROOT])).url()) as conn:
            conn.execute("CHECKPOINT")


def spread(seconds: list[float]) -> str:
    return (f"median {statistics.median(seconds) * 1e3:.2f} ms, "
            f"p99 {percentile(seconds, 0.99) * 1e3:.2f} ms")  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def fsync_baseline(folder: Path, times: int = 500) -> float:
    """Median seconds of one fsync'd append of a journal-sized line."""
    line = b"x" * 200 + b"\n"
    fd = os.open(folder / "fsync.bin", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    spent = []
    try:
        for _ in range(times):
            start = time.perf_counter()
            os.write(fd, line)
            os.fsync(fd)
            spent.append(time.perf_counter() - start)
    finally:
        os.close(fd)
    return statistics.median(spent)


def run(backend: str, documents: int, processes: int) -> bool:
    ids = [f"doc-{n:05d}" for n in range(documents)]
    people = tuple(f"annotator{n}" for n in range(processes))
    settings = RoutingSettings(annotators=people, overlap=2, lease_seconds=3600)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fsync = fsync_baseline(folder)
        # Baseline: one process alone on a corpus of the same size.
        alone_folder = folder / "alone"
        alone_folder.mkdir()
        alone = RoutingSettings(annotators=("solo",), overlap=1, lease_seconds=3600)
        _, solo_claims, _ = annotate(backend, alone_folder, alone, ids[:500], "solo")

        BACKENDS[backend](folder, settings, ids).close()  # created before the clock starts
        context = multiprocessing.get_context("spawn")
        with context.Pool(processes) as pool:
            start = time.perf_counter()
            results = pool.starmap(
                annotate, [(backend, folder, settings, ids, name) for name in people]
            )
            wall = time.perf_counter() - start

        given = Counter(doc for got, _, _ in results for doc in got)
        claims = [t for _, c, _ in results for t in c]
        whole = [t for _, _, w in results for t in w]
        twice = set(given) == set(ids) and set(given.values()) == {2}
        nobody_twice = all(len(got) == len(set(got)) for got, _, _ in results)
        store = BACKENDS[backend](folder, settings, ids)
        try:
            journals = Counter(
                doc
                for name in people
                for doc, record in store.records(name).items()
                if record.status == "accepted"
            )
            progress = store.progress()
        finally:
            store.close()
        kept = journals == given and progress.done_by == {2: documents}

    p99 = percentile(claims, 0.99)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"backend: {backend}; {processes} processes, {documents} documents, overlap 2 "
          f"(load average {load} on {os.cpu_count()} cores)")  # fmt: skip
    print(f"  every document exactly twice: {twice}; nobody got one twice: {nobody_twice}; "
          f"journals and routing agree: {kept}")  # fmt: skip
    print(f"  claims: {len(claims)} in {wall:.2f} s = {len(claims) / wall:,.0f} claims/s "
          f"(with their writes)")  # fmt: skip
    print(f"  claim latency: median {statistics.median(claims) * 1e3:.2f} ms, "
          f"p99 {p99 * 1e3:.2f} ms (target < {TARGET_P99_MS:g} ms)")  # fmt: skip
    print(f"  claim + write: median {statistics.median(whole) * 1e3:.2f} ms, "
          f"p99 {percentile(whole, 0.99) * 1e3:.2f} ms")  # fmt: skip
    # The write alone: on disk in the journal, and (PostgreSQL) acknowledged by the server.
    writes = [w - c for (_, cs, ws) in results for c, w in zip(cs, ws, strict=True)]
    print(f"  a change written (and on the server): median "
          f"{statistics.median(writes) * 1e3:.2f} ms, p99 {percentile(writes, 0.99) * 1e3:.2f} ms, "
          f"{len(writes) / sum(writes):,.0f} writes/s per process")  # fmt: skip
    solo = statistics.median(solo_claims)
    print(f"  baselines: one process alone {solo * 1e3:.2f} ms a claim (p99 under load = "
          f"{p99 / solo:.1f}x); one fsync'd append {fsync * 1e3:.3f} ms "
          f"(a claim alone = {solo / fsync:.1f}x)")  # fmt: skip
    return twice and nobody_twice and kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--backend", choices=sorted(BACKENDS), action="append")
    parser.add_argument("--pace", type=float, default=0.1, help="paced phase: seconds between "
                        "one annotator's changes, on average")  # fmt: skip
    parser.add_argument("--seconds", type=float, default=15.0, help="paced phase: how long")
    args = parser.parse_args()
    backends = args.backend or sorted(BACKENDS)
    root = None
    if "postgres" in backends:
        root = private_folder()
        server = Cluster(root)
        server.create()
        server.start(durable=True)  # a change acknowledged is on the server's disk
        os.environ[PG_ROOT] = str(root)
    try:
        ok = True
        for backend in backends:
            ok = run(backend, args.documents, args.processes) and ok
            ok = run_paced(backend, args.documents, args.processes, args.seconds, args.pace) and ok
    finally:
        if root is not None:
            Cluster(root).stop("immediate")
            shutil.rmtree(root, ignore_errors=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
