"""A project's team store: the routing backend its settings name, opened for its corpus, and
the routing of one person's session (the app, review)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.problems import UserError, printable
from annotator.project.project import Project
from annotator.team.files import FilesTeamStore
from annotator.team.postgres.live import ProgressWatch
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.routing import Routing
from annotator.team.store import DONE, Clock, NotInTeam, TeamStore, Unreachable
from annotator.text.corpus import open_corpus

# What asking for a new document says away from the server: only the server hands one out.
WHEN_BACK = (
    "the next document is handed out when the server is back (the ones you hold are yours to "
    "finish meanwhile; your changes wait on disk)"
)


def open_team(project: Project, clock: Clock = time.time, *, away: bool = False) -> TeamStore:
    """The routing of ``project``: on its PostgreSQL server when it names one, else in its
    annotations folder beside the journals. With ``away`` (the app), a server that cannot be
    reached is no error: the store answers from it once it is back."""
    ids = open_corpus(project.corpus).ids
    if project.store_url:
        return PostgresTeamStore.open(
            project.store_url, project.annotations, project.routing, ids, clock, away=away
        )
    return FilesTeamStore.open(
        project.annotations, project.annotations, project.routing, ids, clock
    )


def claim_next(team: TeamStore, project: Project, annotator: str) -> str | None:
    """``team.claim_next``, with a person outside the annotators named as a UserError."""
    try:
        return team.claim_next(annotator)
    except Unreachable as away:
        raise UserError(f"{away}; {WHEN_BACK}") from None
    except NotInTeam:
        raise UserError(
            f"--annotator '{printable(annotator)}' is not one of this project's annotators "
            f"({', '.join(project.annotators)}); documents are routed only to them"
        ) from None


def routing_for(project: Project, name: str) -> Routing:
    """``name``'s way through the project's documents in the app (with or without the
    server)."""
    return _routing(open_team(project, away=True), name, lead=project.is_lead(name))


def joined_routing(url: str, local: Path, name: str) -> Routing:
    """``name``'s way through the project on the server at ``url``, on a machine with only
    the URL (``local``: this machine's journals, ``team.postgres.local``)."""
    team = PostgresTeamStore.joining(url, local, name)
    return _routing(team, name, lead=name in team.settings.leads)


def _routing(team: TeamStore, name: str, *, lead: bool) -> Routing:
    """The app's routing on ``team``. On a server, the app's sender delivers each change
    and the server reports it to routing as it arrives: a save never waits on the network
    (a dropped packet would hold a key for seconds)."""
    if isinstance(team, PostgresTeamStore):
        return Routing(team, name, lead=lead, report=team.saved_here)
    return Routing(team, name, lead=lead)


def watch_team(team: TeamStore, moved: Callable[[], None]) -> Callable[[], None] | None:
    """Call ``moved`` (from a thread of its own) each time the team's progress moves on its
    server (LISTEN/NOTIFY: nothing polls); the function that stops it. None for a team on
    one machine, whose progress moves only with this person's own keys."""
    if not isinstance(team, PostgresTeamStore):
        return None
    watch = ProgressWatch(team.url, lambda _doc: moved())
    watch.start()
    return watch.stop


def marks_reviewed(team: TeamStore, reviewer: str) -> Callable[[DocRecord], None]:
    """What gold calls once a record is saved: a finished review takes the document off the
    team's queue."""

    def saved(record: DocRecord) -> None:
        if record.status in DONE:
            team.mark_reviewed(reviewer, record.id)

    return saved
