"""Routing under load: 8 annotator processes at once, each calling ``claim_next`` and then
writing a record of the document it got (in its journal, fsync'd, reported to the routing),
until nothing is left, on 2,000 documents with overlap 2.

Checked, not only timed: every document must end annotated exactly twice, by two different
people, in the journals as in the routing. Printed: claims per second over the whole run, the
latency of one claim (median, p99) and of claim + write, against two baselines measured in this
run: the same claims from one process alone (no one to wait for), and one fsync'd append of a
line (the least a durable change costs on this disk).

    .venv/bin/python bench/team.py [--documents N] [--processes N]

A backend is one entry of ``BACKENDS``: an opener ``(folder, settings, ids) -> TeamStore``
(``folder`` is this run's temporary folder).
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.team.files import FilesTeamStore
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.settings import RoutingSettings
from annotator.team.store import TeamStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.pg_cluster import Cluster, private_folder

TARGET_P99_MS = 20.0
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
        ok = all(run(b, args.documents, args.processes) for b in backends)
    finally:
        if root is not None:
            Cluster(root).stop("immediate")
            shutil.rmtree(root, ignore_errors=True)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
