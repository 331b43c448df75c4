"""Driving ``annotator annotate`` as typed (its real argument handling, the real app) with
Pilot keys instead of a terminal: the command is given a ``make_app`` whose app runs a
scenario under ``run_test``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import orjson
import psycopg
from textual.pilot import Pilot

from annotator import cli
from annotator.commands import annotate
from annotator.problems import Problem
from annotator.team.postgres.sender import Sender
from annotator.ui.annotate.app import AnnotatorApp, make_app
from annotator.ui.annotate.screen import AnnotateScreen

Scenario = Callable[[AnnotatorApp, Pilot[object]], Awaitable[None]]


class Driven:
    """The app ``annotate.run`` made, run by ``scenario`` when the command runs it."""

    def __init__(self, app: AnnotatorApp, scenario: Scenario) -> None:
        self.app = app
        self.scenario = scenario

    @property
    def close_error(self) -> str:
        return self.app.close_error

    @property
    def problems(self) -> list[Problem]:
        return self.app.problems

    @property
    def unsent(self) -> str:
        return self.app.unsent

    def sync_with(self, sender: Sender) -> None:
        self.app.sync_with(sender)

    def run(self) -> None:
        async def running() -> None:
            async with self.app.run_test(size=(110, 32)) as pilot:
                await until(pilot, lambda: isinstance(self.app.screen, AnnotateScreen), "open")
                await self.scenario(self.app, pilot)

        asyncio.run(running())


def run_annotate(argv: list[str], scenario: Scenario) -> int:
    """``annotator annotate ARGV`` with ``scenario`` pressing the keys."""
    args = cli.build_parser().parse_args(["annotate", *argv])

    def factory(*given: Any, **options: Any) -> Driven:
        return Driven(make_app(*given, **options), scenario)

    return annotate.run(args, factory)


async def until(pilot: Pilot[object], condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def doc_open(app: AnnotatorApp) -> str:
    screen = app.screen
    assert isinstance(screen, AnnotateScreen)
    return screen.session.doc_id


def server_changes(url: str, journal: str) -> list[dict[str, Any]]:
    """Every change of ``journal`` the server holds, in its order, with the change id."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT record FROM annotator.changes WHERE journal = %s ORDER BY seq", (journal,)
        ).fetchall()
    return [dict(r[0]) for r in rows]


def journal_lines(path: Path) -> list[dict[str, Any]]:
    """The journal's records as the server stores them (the text only on the server's
    documents)."""
    found = []
    for line in path.read_bytes().splitlines():
        record = orjson.loads(line)
        record.pop("text", None)
        found.append(record)
    return found
