"""``annotator review --store URL``: a lead's review of the team's work on the server, from a
machine that holds nothing of the project. The review reads the annotators' records and the
review queue from the server, gold arrives there (compared as JSON values), a person who is
not a lead is refused, and the open review takes what annotators submit without a key."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest
from textual.pilot import Pilot

from annotator import cli
from annotator.annotations.model import DocRecord, Span
from annotator.commands import review
from annotator.problems import UserError
from annotator.team.postgres.connection import connect
from annotator.team.postgres.local import local_folder
from annotator.team.postgres.people import add_person
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.ui.review.app import ReviewApp, make_review_app
from annotator.ui.review.screen import ReviewScreen
from tests.pg.app_driver import until
from tests.pg.conftest import make_corpus
from tests.pg.test_records import as_person
from tests.pg_cluster import Cluster
from tests.three_documents import TEXTS, labelled

Scenario = Callable[[ReviewApp, Pilot[object]], Awaitable[None]]


def team_on_server(url: str, lead_machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """amal and omar annotate every document (overlap 2), lina leads; each logs in as
    their own role."""
    make_corpus(lead_machine / "corpus")
    monkeypatch.chdir(lead_machine)
    argv = ["init", "proj", "--corpus", "corpus", "--annotators", "amal,omar", "--leads", "lina"]
    assert cli.main([*argv, "--overlap", "2"]) == 0
    monkeypatch.chdir(lead_machine / "proj")
    assert cli.main(["db", "init", "--store", url]) == 0
    with connect(url) as conn:
        add_person(conn, "amal")
        add_person(conn, "omar")
        add_person(conn, "lina", lead=True)
    monkeypatch.chdir(lead_machine.parent)  # the review runs where no project is


@contextlib.contextmanager
def on_their_machine(url: str, machine: Path, name: str) -> Iterator[PostgresTeamStore]:
    """``name``'s store on their own machine (a folder of ``machine``), as their own role."""
    store = PostgresTeamStore.joining(as_person(url, name), machine / name, name)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def lina(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The team on the server (``team_on_server``); the URL lina, its lead, logs in with."""
    team_on_server(pg_url, tmp_path / "lead", monkeypatch)
    return as_person(pg_url, "lina")


def submit(url: str, machine: Path, name: str, word: str, label: str) -> str:
    """``name``, on their own machine and role, takes the next document and accepts it with
    ``word`` labelled ``label``; the document."""
    with on_their_machine(url, machine, name) as store:
        doc_id = store.claim_next(name)
        assert doc_id is not None
        store.write(labelled(doc_id, word, label, annotator=name, status="accepted"))
    return doc_id


class Driven:
    """The app ``review.run`` made, run by ``scenario`` when the command runs it."""

    def __init__(self, app: ReviewApp, scenario: Scenario) -> None:
        self.app = app
        self.scenario = scenario

    @property
    def close_error(self) -> str:
        return self.app.close_error

    def sync_with(self, sender: Any) -> None:
        self.app.sync_with(sender)

    def run(self) -> None:
        async def running() -> None:
            async with self.app.run_test(size=(120, 36)) as pilot:
                await until(pilot, lambda: isinstance(self.app.screen, ReviewScreen), "review")
                await self.scenario(self.app, pilot)

        asyncio.run(running())


def run_review(argv: list[str], scenario: Scenario) -> int:
    args = cli.build_parser().parse_args(["review", *argv])
    return review.run(args, lambda opening, keymap: Driven(make_review_app(opening), scenario))


def screen_of(app: ReviewApp) -> ReviewScreen:
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def server_gold(url: str) -> list[dict[str, Any]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT record FROM annotator.heads WHERE journal = 'gold' ORDER BY seq"
        ).fetchall()
    return [dict(r[0]) for r in rows]


def local_gold(url: str) -> list[dict[str, Any]]:
    """The lead's gold journal on this machine, as the server stores records (no text)."""
    path = local_folder(url) / "annotations" / "gold.jsonl"
    latest: dict[str, dict[str, Any]] = {}
    for line in path.read_bytes().splitlines():
        record = orjson.loads(line)
        record.pop("text", None)
        latest[record["id"]] = record
    return list(latest.values())


def queue_on_server(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT doc_id FROM annotator.routing WHERE ready_at IS NOT NULL "
            "AND reviewed_by IS NULL ORDER BY ready_at, position"
        ).fetchall()
    return [str(r[0]) for r in rows]


def test_the_review_reads_the_server_and_its_gold_arrives_there(
    pg_url: str, tmp_path: Path, lina: str
) -> None:
    assert submit(pg_url, tmp_path, "amal", "البوكمال", "SITE") == "n1"
    assert submit(pg_url, tmp_path, "omar", "البوكمال", "ACTOR") == "n1"
    assert submit(pg_url, tmp_path, "amal", "دير الزور", "SITE") == "n2"  # omar not yet
    seen: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[object]) -> None:
        screen = screen_of(app)
        seen["opened on"] = screen.review.doc_id
        seen["documents"] = [r.doc_id for r in screen.setup.reviews]
        seen["verdicts"] = [(v.annotator, v.status) for v in screen.verdicts]
        seen["candidates"] = [(c.label, c.annotators, c.state) for c in screen.review.candidates]
        await pilot.press("tab", "a")  # omar's ACTOR (the first): amal's SITE rejected
        await until(pilot, lambda: server_gold(pg_url) != [], "gold on the server")
        await until(pilot, lambda: screen.setup.queue == (), "n1 off the queue")
        await pilot.press("q")

    assert run_review(["--store", lina, "--reviewer", "lina"], scenario) == 0
    assert seen == {
        "opened on": "n1",  # the one ready for review, first
        "documents": ["n1", "n2"],
        "verdicts": [("amal", "accepted"), ("omar", "accepted")],
        "candidates": [
            ("ACTOR", ("omar",), "label_conflict"),
            ("SITE", ("amal",), "label_conflict"),
        ],
    }
    gold = local_gold(lina)
    assert [(g["id"], g["status"], [s["label"] for s in g["spans"]]) for g in gold] == [
        ("n1", "accepted", ["ACTOR"])
    ]
    assert server_gold(pg_url) == gold  # the exact record, as JSON values
    assert queue_on_server(pg_url) == []  # gold took n1 off the server's queue


def test_a_person_who_is_not_a_lead_is_refused_before_anything_opens(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team_on_server(pg_url, tmp_path / "lead", monkeypatch)
    submit(pg_url, tmp_path, "amal", "البوكمال", "SITE")

    async def never(app: ReviewApp, pilot: Pilot[object]) -> None:
        raise AssertionError("the review opened for a person who is not a lead")

    with pytest.raises(UserError, match="omar is not a lead on the server: only a lead"):
        run_review(["--store", as_person(pg_url, "omar"), "--reviewer", "omar"], never)


def test_what_annotators_submit_shows_in_the_open_review_without_a_key(
    pg_url: str, tmp_path: Path, lina: str
) -> None:
    submit(pg_url, tmp_path, "amal", "البوكمال", "SITE")
    submit(pg_url, tmp_path, "omar", "البوكمال", "SITE")
    submit(pg_url, tmp_path, "amal", "دير الزور", "SITE")

    async def scenario(app: ReviewApp, pilot: Pilot[object]) -> None:
        screen = screen_of(app)
        assert [r.doc_id for r in screen.setup.reviews] == ["n1", "n2"]
        assert screen.setup.queue == ("n1",)
        # omar finishes n2 on his machine: n2 is ready, after n1 in the queue; and n3,
        # which nobody had touched, joins the review once amal submits it.
        await asyncio.to_thread(submit, pg_url, tmp_path, "omar", "دير الزور", "ACTOR")
        await until(pilot, lambda: screen.setup.queue == ("n1", "n2"), "n2 in the queue")

        def n2_candidates() -> list[tuple[str, tuple[str, ...]]]:
            return [(c.label, c.annotators) for c in screen.setup.reviews[1].candidates]

        # omar's document being done and his record reach the review as two notifications;
        # each is taken as it comes, so his span may follow the queue by a moment.
        both = [("ACTOR", ("omar",)), ("SITE", ("amal",))]
        await until(pilot, lambda: n2_candidates() == both, f"omar's span in n2: {both}")
        await asyncio.to_thread(submit, pg_url, tmp_path, "amal", "الميادين", "SITE")
        docs = screen.query_one("#review-docs")
        await until(pilot, lambda: docs.row_count == 3, "n3 in the document list")
        assert [r.doc_id for r in screen.setup.reviews] == ["n1", "n2", "n3"]
        assert screen.review.doc_id == "n1"  # the reviewer stays where they were
        await pilot.press("q")

    assert run_review(["--store", lina, "--reviewer", "lina"], scenario) == 0


def test_away_from_the_server_the_review_opens_on_its_copy_and_gold_arrives_once_back(
    private_cluster: Cluster, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = private_cluster.url()
    team_on_server(url, tmp_path / "lead", monkeypatch)
    submit(url, tmp_path, "amal", "البوكمال", "SITE")
    submit(url, tmp_path, "omar", "البوكمال", "ACTOR")
    lina = as_person(url, "lina")
    argv = ["--store", lina, "--reviewer", "lina"]

    async def look(app: ReviewApp, pilot: Pilot[object]) -> None:
        await pilot.press("q")  # read once: this machine has a copy now

    assert run_review(argv, look) == 0
    private_cluster.stop("immediate")

    async def away(app: ReviewApp, pilot: Pilot[object]) -> None:
        screen = screen_of(app)
        said = [n.message for n in app.notices]
        assert any("reviewing this machine's copy of the team's work" in m for m in said)
        assert [r.doc_id for r in screen.setup.reviews] == ["n1"]
        assert screen.setup.queue == ("n1",)  # the queue as last read, kept with the copy
        await pilot.press("tab", "a")
        await until(pilot, lambda: "gold offline: 1 change waiting" in notices(app), "offline")
        private_cluster.start()
        await until(pilot, lambda: server_gold(url) != [], "gold sent once the server is back")
        await pilot.press("q")

    assert run_review(argv, away) == 0
    assert server_gold(url) == local_gold(lina)
    assert queue_on_server(url) == []


def notices(app: ReviewApp) -> list[str]:
    return [str(n.message) for n in app.notices]


def test_in_a_project_on_a_server_review_reads_the_server_and_gold_goes_to_its_folder(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    team_on_server(pg_url, tmp_path / "lead", monkeypatch)
    submit(pg_url, tmp_path, "amal", "البوكمال", "SITE")
    submit(pg_url, tmp_path, "omar", "البوكمال", "SITE")
    monkeypatch.chdir(tmp_path / "lead" / "proj")  # its journals folder holds no journal
    monkeypatch.setenv("ANNOTATOR_STORE", as_person(pg_url, "lina"))
    opened: list[str] = []

    async def scenario(app: ReviewApp, pilot: Pilot[object]) -> None:
        opened.extend(r.doc_id for r in screen_of(app).setup.reviews)
        await pilot.press("A")  # every agreed span into gold
        await until(pilot, lambda: server_gold(pg_url) != [], "gold on the server")
        await pilot.press("q")

    assert run_review(["--reviewer", "lina"], scenario) == 0
    assert opened == ["n1"]
    gold = tmp_path / "lead" / "proj" / "annotations" / "gold.jsonl"  # where sync --gold looks
    record = orjson.loads(gold.read_bytes().splitlines()[-1])
    record.pop("text", None)
    assert server_gold(pg_url) == [record]


def edit_again(url: str, machine: Path, name: str, doc_id: str, *marks: tuple[str, str]) -> None:
    """``name``, on their own machine and role, edits ``doc_id`` again after submitting it:
    it now holds ``marks`` (word, label), still accepted (as the app keeps it)."""
    text = TEXTS[doc_id]
    found = [Span.of(text, text.index(w), text.index(w) + len(w), label) for w, label in marks]
    record = DocRecord(id=doc_id, text=text, spans=found, status="accepted", annotator=name)
    with on_their_machine(url, machine, name) as store:
        store.write(record)


def test_work_arriving_on_the_open_document_keeps_the_leads_place_undo_and_gold(
    pg_url: str, tmp_path: Path, lina: str
) -> None:
    submit(pg_url, tmp_path, "amal", "البوكمال", "SITE")
    submit(pg_url, tmp_path, "omar", "البوكمال", "ACTOR")
    seen: dict[str, object] = {}

    async def scenario(app: ReviewApp, pilot: Pilot[object]) -> None:
        screen = screen_of(app)
        n1 = screen.review
        await pilot.press("tab", "a")  # omar's ACTOR into gold, amal's SITE rejected
        await pilot.press("home", "shift+left", "shift+left")  # a selection in progress
        place = (screen.article.cursor, screen.article.selection, screen.article.scroll_offset)
        # omar, on his machine, adds الطائرات as an ACTOR to the document the lead has open
        # (the figures do not move: it stays accepted).
        await asyncio.to_thread(
            edit_again, pg_url, tmp_path, "omar", "n1", ("الطائرات", "ACTOR"), ("البوكمال", "ACTOR")
        )
        await until(pilot, lambda: screen.news != "", "the news in the status line")
        seen["news"] = screen.news
        seen["status line"] = "omar saved n1: 1 span added" in str(
            screen.query_one("#review-status").render()
        )
        seen["same review, place kept"] = (
            screen.review is n1,
            (screen.article.cursor, screen.article.selection, screen.article.scroll_offset)
            == place,
        )
        seen["candidates"] = [
            (c.text, c.label, c.annotators, n1.decision(c.key())) for c in n1.candidates
        ]
        seen["undo steps"] = n1.history.steps
        await pilot.press("escape", "ctrl+z")  # the lead's decision, taken back
        await until(pilot, lambda: len(server_gold(pg_url)) == 1, "gold on the server")
        await until(pilot, lambda: server_gold(pg_url)[0]["spans"] == [], "the undo on the server")
        await pilot.press("q")

    assert run_review(["--store", lina, "--reviewer", "lina"], scenario) == 0
    assert seen == {
        "news": "omar saved n1: 1 span added",
        "status line": True,
        "same review, place kept": (True, True),
        "candidates": [
            ("الطائرات", "ACTOR", ("omar",), "pending"),
            ("البوكمال", "ACTOR", ("omar",), "accepted"),
            ("البوكمال", "SITE", ("amal",), "rejected"),
        ],
        "undo steps": 1,
    }
    lines = local_folder(lina) / "annotations" / "gold.jsonl"
    written = [orjson.loads(line) for line in lines.read_bytes().splitlines()]
    start = TEXTS["n1"].index("البوكمال")
    assert [(g["id"], g["status"], g["spans"], g["rejected"]) for g in written] == [
        (
            "n1",
            "accepted",
            [
                {
                    "start": start,
                    "end": start + len("البوكمال"),
                    "label": "ACTOR",
                    "text": "البوكمال",
                    "annotators": ["omar"],
                    "id": written[0]["spans"][0]["id"],
                }
            ],
            [[start, start + len("البوكمال"), "SITE"]],
        ),
        ("n1", "in_progress", [], []),  # the undo: over the new work, nothing in gold
    ]
    assert server_gold(pg_url) == local_gold(lina)
