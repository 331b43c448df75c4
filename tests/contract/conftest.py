"""The contract every ``TeamStore`` backend keeps (annotator/team/store.py), run on each one.

Each test takes ``open_team``: ``open_team(settings, documents)`` opens a handle on ONE shared
team state per test (every call in a test reaches the same state, as separate processes would),
with the test's ``clock`` (a ``FakeClock``: tests move time on, they never sleep).

Adding a backend is one line: an opener ``(request, settings, documents, clock) -> TeamStore``
in ``BACKENDS`` below. ``request`` is pytest's, so an opener can reach fixtures of its own (a
fresh database: ``request.getfixturevalue("...")``, created once per test and shared by every
handle the test opens). The opener must fail (not skip) under CI when its server cannot start.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from annotator.team.files import FilesTeamStore
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.settings import RoutingSettings
from annotator.team.store import TeamStore


class FakeClock:
    """Seconds that pass only when a test says so."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


Opener = Callable[[pytest.FixtureRequest, RoutingSettings, Sequence[str], FakeClock], TeamStore]


def open_files(
    request: pytest.FixtureRequest,
    settings: RoutingSettings,
    documents: Sequence[str],
    clock: FakeClock,
) -> TeamStore:
    folder: Path = request.getfixturevalue("tmp_path")
    return FilesTeamStore.open(
        folder / "routing", folder / "annotations", settings, documents, clock
    )


def open_postgres(
    request: pytest.FixtureRequest,
    settings: RoutingSettings,
    documents: Sequence[str],
    clock: FakeClock,
) -> TeamStore:
    """A handle on the test's database, with journals of its own (another machine's)."""
    url: str = request.getfixturevalue("pg_url")
    with connect(url) as conn:
        schema.migrate(conn)
    machine = request.getfixturevalue("tmp_path") / "machines" / secrets.token_hex(4)
    return PostgresTeamStore.open(url, machine, settings, documents, clock)


BACKENDS: dict[str, Opener] = {
    "files": open_files,
    "postgres": open_postgres,
}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


OpenTeam = Callable[..., TeamStore]


@pytest.fixture(params=sorted(BACKENDS))
def open_team(request: pytest.FixtureRequest, clock: FakeClock) -> Iterator[OpenTeam]:
    """``open_team(settings, documents=())``: a new handle on the test's one team state; every
    handle is closed after the test."""
    opener = BACKENDS[request.param]
    handles: list[TeamStore] = []

    def open_(settings: RoutingSettings, documents: Sequence[str] = ()) -> TeamStore:
        store = opener(request, settings, documents, clock)
        handles.append(store)
        return store

    yield open_
    for store in handles:
        store.close()
