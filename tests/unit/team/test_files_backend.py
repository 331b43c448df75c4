"""The files backend beyond the contract: real processes, kill -9, and rebuilding the routing
from the journals when its database is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from annotator.annotations.model import DocRecord
from annotator.team.files import FilesTeamStore, database_path
from annotator.team.settings import RoutingSettings

WORKER = Path(__file__).with_name("team_worker.py")
TEAM = ("amal", "omar", "lina")


class Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def start(folder: Path, name: str, ids: list[str], mode: str) -> subprocess.Popen[str]:
    ids_file = folder.parent / "ids.txt"
    ids_file.write_text("\n".join(ids))
    team = ",".join(TEAM)
    command = [sys.executable, str(WORKER), str(folder), name, str(ids_file), "2", team, mode]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


def test_kill_9_mid_document_then_the_lease_lapses_and_the_third_annotator_gets_it(tmp_path):
    folder = tmp_path / "annotations"
    ids = ["only"]
    settings = RoutingSettings(annotators=TEAM, overlap=2, lease_seconds=600)
    clock = Clock()
    lead = FilesTeamStore.open(folder, folder, settings, ids, clock)
    assert lead.claim_next("omar") == "only"
    amal = start(folder, "amal", ids, "hold")
    assert amal.stdout is not None
    assert amal.stdout.readline().strip() == "only"  # amal has saved work on it
    os.kill(amal.pid, signal.SIGKILL)
    amal.wait()
    amal.stdout.close()
    # The lead's clock is read now: amal's lease, taken on the real clock after the lead
    # opened (a slow start under load), must not have lapsed on it already.
    clock.now = time.time()
    assert lead.claim_next("lina") is None  # amal's lease still runs
    clock.now += 601
    assert lead.claim_next("lina") == "only"
    assert lead.records("amal")["only"].status == "in_progress"  # amal's work is kept
    states = {w.annotator: w.state for w in lead.work("only")}
    assert states == {"omar": "lapsed", "amal": "lapsed", "lina": "held"}
    lead.close()


@pytest.mark.slow
def test_kill_9_during_claims_leaves_a_consistent_state(tmp_path):
    """Three annotator processes claim and accept; one is killed at a different moment each
    round; afterwards every document is still finished by exactly two people."""
    folder = tmp_path / "annotations"
    ids = [f"d{n:03d}" for n in range(60)]
    for round_ in range(3):
        procs = {name: start(folder, name, ids, "loop") for name in TEAM}
        victim = procs[TEAM[round_]]
        assert victim.stdout is not None
        for _ in range(1 + round_ * 3):  # let it accept a few, then kill it mid-way
            if victim.stdout.readline().strip() in ("", "none"):
                break
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        for proc in procs.values():
            assert proc.stdout is not None
            proc.stdout.read()
            proc.stdout.close()
            proc.wait(timeout=120)
    with sqlite3.connect(database_path(folder)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    settings = RoutingSettings(annotators=TEAM, overlap=2, lease_seconds=0.001)
    clock = Clock()
    clock.now += 601  # any lease a killed process held (600 s on the real clock) has lapsed
    store = FilesTeamStore.open(folder, folder, settings, ids, clock)
    # Each killed annotator comes back and finishes the document they had started (the app
    # opens it again); then everyone takes what is left.
    for doc in ids:
        for w in store.work(doc):
            if w.state != "done":
                store.report(w.annotator, doc, "accepted", 1.0)
    for name in TEAM:
        while (doc := store.claim_next(name)) is not None:
            store.report(name, doc, "accepted", 1.0)
    finished = Counter(doc for doc in ids for w in store.work(doc) if w.state == "done")
    # Two each; three where a killed annotator's work was finished after the lease had lapsed
    # and the document had gone to someone else (work that exists counts).
    assert set(finished) == set(ids) and set(finished.values()) <= {2, 3}
    for doc in ids:
        names = [w.annotator for w in store.work(doc)]
        assert len(names) == len(set(names))
    store.close()


def test_the_routing_is_rebuilt_from_the_journals_when_its_database_is_lost(tmp_path):
    folder = tmp_path / "annotations"
    ids = [f"d{n}" for n in range(5)]
    settings = RoutingSettings(annotators=TEAM, overlap=2, lease_seconds=600)
    clock = Clock()
    store = FilesTeamStore.open(folder, folder, settings, ids, clock)
    for name, status in (("amal", "accepted"), ("omar", "flagged"), ("lina", "in_progress")):
        doc = store.claim_next(name)
        assert doc is not None
        store.write(DocRecord(doc, "t", status=status, annotator=name, seconds=30.0))
    store.write(DocRecord("d0", "t", status="accepted", annotator="omar", seconds=20.0))
    gold = FilesTeamStore.open(folder, folder, settings, ids, clock)
    gold.write(
        DocRecord("d0", "t", status="accepted", annotator="lina", extra={"reviewer": "lina"})
    )
    before = store.progress()
    store.close()
    gold.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database_path(folder)}{suffix}").unlink(missing_ok=True)
    rebuilt = FilesTeamStore.open(folder, folder, settings, ids, clock)
    assert rebuilt.progress() == before
    assert rebuilt.held("lina") == ("d1",)  # work in progress stays with its annotator
    assert rebuilt.claim_next("amal") == "d1"  # never d0 again
    assert rebuilt.review_queue() == ()  # d0 was reviewed
    rebuilt.close()


def test_a_group_shared_folder_gets_a_group_writable_routing_database(tmp_path):
    folder = tmp_path / "annotations"
    folder.mkdir()
    folder.chmod(0o2775)
    team = RoutingSettings(annotators=TEAM)
    store = FilesTeamStore.open(folder, folder, team, ["d"], Clock())
    store.claim_next("amal")
    for suffix in ("", "-wal", "-shm", ".lock"):
        mode = Path(f"{database_path(folder)}{suffix}").stat().st_mode
        assert mode & 0o060 == 0o060, suffix
    store.close()


def test_an_annotators_share_is_their_quota_else_an_even_part_of_what_the_corpus_needs(tmp_path):
    settings = RoutingSettings(annotators=TEAM, overlap=2, quota={"lina": 5})
    store = FilesTeamStore.open(tmp_path, tmp_path, settings, [f"d{n}" for n in range(6)], Clock())
    progress = store.progress()
    assert progress.slots == 12
    assert (progress.share("amal"), progress.share("lina")) == (4, 5)
    store.close()
