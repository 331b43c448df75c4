"""The app sends each change on to the server once it is on disk, and when the server is gone
it keeps working and says how many changes wait (Pilot, a real server stopped and started)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import psycopg
from textual.pilot import Pilot

from annotator.store.journal import journal_path
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.sender import Sender
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.screen import AnnotateScreen
from annotator.ui.shared.status_line import StatusLine
from tests.pg.conftest import make_corpus
from tests.pg_cluster import Cluster


async def until(pilot: Pilot[object], condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def on_server(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT change FROM annotator.changes ORDER BY seq").fetchall()
    return [str(r[0]) for r in rows]


def test_the_app_sends_each_change_and_says_how_many_wait_while_the_server_is_away(
    private_cluster: Cluster, tmp_path: Path
) -> None:
    url = private_cluster.url()
    with connect(url) as conn:
        schema.migrate(conn)
    make_corpus(tmp_path / "corpus")
    annotations = tmp_path / "annotations"
    path = journal_path(annotations, "amal")

    async def scenario() -> None:
        app = make_app(
            tmp_path / "corpus", annotator="amal", out=annotations, suggest=False,
            clock=lambda: 0.0,
        )  # fmt: skip
        app.sync_with(Sender(url, path))
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            assert isinstance(screen, AnnotateScreen)
            await pilot.press("s")  # skip: one change, saved, then sent
            await until(pilot, lambda: len(on_server(url)) == 1, "the first change to arrive")
            private_cluster.stop("immediate")
            await pilot.press("s")
            await until(pilot, lambda: screen.sync.startswith("offline"), "offline")
            assert screen.sync == "offline: 1 change waiting"
            line = str(screen.query_one(StatusLine).render())
            assert line.startswith(" offline: 1 change waiting │")
            await pilot.press("s")  # the app keeps working
            await until(pilot, lambda: screen.sync == "offline: 2 changes waiting", "2 waiting")
            private_cluster.start()
            await until(pilot, lambda: screen.sync == "", "the waiting changes to be sent")
        assert app.unsent == ""

    asyncio.run(scenario())
    written = [orjson.loads(line)["change"] for line in path.read_bytes().splitlines()]
    assert on_server(url) == written
