"""The app on a machine that has only the server's URL and a name (``annotate --store URL
--annotator NAME``): documents are handed out by the server, the work lands there; away from
the server the annotator finishes what they hold, and only the server hands out the next."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

import psycopg
import pytest
from textual.pilot import Pilot

from annotator import cli
from annotator.session.team import joined_routing
from annotator.store.journal import journal_path
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.local import local_folder
from annotator.team.postgres.outbox import load_state
from annotator.team.postgres.project import put_corpus
from annotator.team.postgres.records import send
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.settings import RoutingSettings
from annotator.ui.annotate.app import AnnotatorApp
from annotator.ui.annotate.screen import AnnotateScreen
from tests.pg.app_driver import doc_open, journal_lines, run_annotate, server_changes, until
from tests.pg.conftest import make_corpus
from tests.pg_cluster import Cluster
from tests.three_documents import labelled


def put_project(url: str, lead_machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A lead's project (amal and omar, overlap 1), put on the server by ``db init``."""
    make_corpus(lead_machine / "corpus")
    monkeypatch.chdir(lead_machine)
    argv = ["init", "proj", "--corpus", "corpus", "--annotators", "amal,omar", "--leads", "lina"]
    assert cli.main(argv) == 0
    monkeypatch.chdir(lead_machine / "proj")
    assert cli.main(["db", "init", "--store", url]) == 0


def held_on_server(url: str, name: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT doc_id FROM annotator.work WHERE annotator = %s ORDER BY seq", (name,)
        ).fetchall()
    return [str(r[0]) for r in rows]


def test_a_machine_with_only_the_url_is_handed_documents_and_its_work_lands_on_the_server(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_project(pg_url, tmp_path / "lead", monkeypatch)
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    monkeypatch.chdir(laptop)  # no project, no corpus here
    seen: list[str] = []

    async def scenario(app: AnnotatorApp, pilot: Pilot[object]) -> None:
        seen.append(doc_open(app))  # the server handed it out
        assert held_on_server(pg_url, "amal") == ["n1"]
        await pilot.press("shift+left", "shift+left", "shift+left", "1")  # a span
        await pilot.press("a")  # accept, and the next from the server
        await until(pilot, lambda: doc_open(app) != "n1", "the next document")
        seen.append(doc_open(app))
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        await until(pilot, lambda: screen.sync == "", "every change to arrive")
        await pilot.press("q")

    argv = ["--store", pg_url, "--annotator", "amal", "--no-suggest"]
    assert run_annotate(argv, scenario) == 0
    assert seen == ["n1", "n2"]
    assert held_on_server(pg_url, "amal") == ["n1", "n2"]
    journal = journal_path(local_folder(pg_url) / "annotations", "amal")
    written = journal_lines(journal)
    states = [(r["id"], r["status"]) for r in written]
    assert states[:2] == [("n1", "in_progress"), ("n1", "accepted")]
    assert set(states[2:]) <= {("n1", "accepted")}  # leaving n1 may save its time again
    assert written[-1]["spans"] and written[-1]["spans"][0]["label"] == "ACTOR"
    assert server_changes(pg_url, "amal") == written  # the exact records, in order


def test_away_from_the_server_the_annotator_finishes_what_they_hold_and_the_next_waits(
    private_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = private_cluster.url()
    put_project(url, tmp_path / "lead", monkeypatch)
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    monkeypatch.chdir(laptop)

    async def scenario(app: AnnotatorApp, pilot: Pilot[object]) -> None:
        screen = app.screen
        assert isinstance(screen, AnnotateScreen)
        assert doc_open(app) == "n1"
        private_cluster.stop("immediate")
        await pilot.press("shift+left", "shift+left", "1")  # labelling goes on
        await until(pilot, lambda: screen.sync.startswith("offline"), "offline")
        assert screen.sync == "offline: 1 change waiting"
        await pilot.press("a")  # finished: the next would need the server
        assert doc_open(app) == "n1"  # no guess
        said = app.notices[-1].message
        assert "the next document is handed out when the server is back" in said
        await until(pilot, lambda: screen.sync == "offline: 2 changes waiting", "2 waiting")
        await pilot.press("n")
        assert doc_open(app) == "n1"
        private_cluster.start()
        await until(pilot, lambda: screen.sync == "", "the waiting changes to be sent")
        await pilot.press("n")  # back: the server hands out the next
        await until(pilot, lambda: doc_open(app) == "n2", "the next document")
        await pilot.press("shift+left", "1")  # touched: n2 stays hers after she quits
        await pilot.press("q")

    argv = ["--store", url, "--annotator", "amal", "--no-suggest"]
    assert run_annotate(argv, scenario) == 0
    written = journal_lines(journal_path(local_folder(url) / "annotations", "amal"))
    states = [(r["id"], r["status"]) for r in written]
    # Leaving a document may save its time again (one more line in the same state, as the
    # clock went on): n1 when the next is handed out, n2 when she quits.
    steps = [state for i, state in enumerate(states) if i == 0 or state != states[i - 1]]
    assert steps == [("n1", "in_progress"), ("n1", "accepted"), ("n2", "in_progress")]
    assert server_changes(url, "amal") == written  # each once, in order
    # Started again away from the server: the document in hand is still theirs to open.
    private_cluster.stop("immediate")

    async def offline_start(app: AnnotatorApp, pilot: Pilot[object]) -> None:
        assert doc_open(app) == "n2"  # handed out before, remembered on this machine
        assert any("working on this machine's copy" in n.message for n in app.notices)
        await pilot.press("q")

    assert run_annotate(argv, offline_start) == 0


def test_work_on_a_lease_that_lapsed_while_away_still_arrives_and_counts(
    private_cluster: Cluster, tmp_path: Path
) -> None:
    """amal holds n1 and goes offline; her lease lapses, omar and sara finish n1 (overlap 2);
    amal's work arrives when she is back: n1 ends done by 3 annotators, and progress says so."""
    url = private_cluster.url()
    put = RoutingSettings(annotators=("amal", "omar", "sara"), overlap=2, lease_seconds=60)
    with psycopg.connect(url, autocommit=True) as conn:
        schema.migrate(conn)
        put_corpus(conn, make_corpus(tmp_path / "corpus"))
    ids = ["n1", "n2", "n3"]

    def store(name: str, now: float) -> PostgresTeamStore:
        return PostgresTeamStore.open(url, tmp_path / name, put, ids, lambda: now)

    amal = store("amal", 1000.0)
    assert amal.claim_next("amal") == "n1"
    private_cluster.stop("immediate")
    # Away: on disk in her journal, waiting for the server (no error, no traceback).
    assert amal.write(labelled("n1", "البوكمال", status="accepted"))
    private_cluster.start()
    later = 1000.0 + 61  # her lease has lapsed
    for name in ("omar", "sara"):
        other = store(name, later)
        assert other.claim_next(name) == "n1"
        other.write(labelled("n1", "البوكمال", annotator=name, status="accepted"))
        other.close()
    amal.close()
    journal = journal_path(tmp_path / "amal", "amal")
    with connect(url) as conn:  # back: what waited is sent (as the app's sender, or sync)
        assert send(conn, journal, load_state(journal)).stored == 1
    lead = store("lina", later)
    try:
        assert [(w.annotator, w.state) for w in lead.work("n1")] == [
            ("amal", "done"),
            ("omar", "done"),
            ("sara", "done"),
        ]
        assert lead.progress().done_by[3] == 1
        assert lead.review_queue()[0] == "n1"
    finally:
        lead.close()


def test_a_save_never_waits_on_the_server(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that stops answering mid-session (a network that drops packets): the app's
    save returns at once, since the change itself tells routing when the sender delivers it."""
    put_project(pg_url, tmp_path / "lead", monkeypatch)
    routing = joined_routing(pg_url, tmp_path / "laptop", "amal")
    doc = routing.first()
    assert doc == "n1"
    with psycopg.connect(pg_url) as admin:
        frozen = [
            int(r[0])
            for r in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
        ]
    assert frozen  # the routing's own connection to the server
    done = threading.Event()
    for pid in frozen:
        os.kill(pid, signal.SIGSTOP)
    try:
        saving = threading.Thread(
            target=lambda: (routing.saved(doc, "accepted", 3.0), done.set()), daemon=True
        )
        saving.start()
        saving.join(timeout=60)  # a save that asked the frozen server would still hang
    finally:
        for pid in frozen:
            os.kill(pid, signal.SIGCONT)
    assert done.is_set()
    with psycopg.connect(pg_url) as conn:
        row = conn.execute(
            "SELECT done_at FROM annotator.work WHERE annotator = 'amal' AND doc_id = %s", (doc,)
        ).fetchone()
    assert row == (None,)  # routing hears of it only when the change arrives
    routing.close()
