"""One annotator's routed way through the corpus, as the app walks it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from annotator.team.store import TeamStore, Unreachable

# annotator, document id, status, seconds spent
Report = Callable[[str, str, str, float], None]


class Routing:
    """One annotator's routed way through the corpus in the app: ``n`` hands out the next
    document for them, ``g``/``p`` reach only what was routed to them or done by them (a lead
    goes anywhere), every save is reported to the team (it renews the lease), and leaving an
    untouched document gives it back at once."""

    def __init__(
        self, team: TeamStore, annotator: str, *, lead: bool, report: Report | None = None
    ) -> None:
        self.team = team
        self.annotator = annotator
        self.lead = lead
        # How a save reaches the team: the store's own report unless the changes carry it.
        self._report = report or team.report
        self.routed = team.routed_to(annotator)

    @property
    def routes(self) -> bool:
        """Whether documents are handed to this person (a lead who is not also an annotator
        only goes where they like)."""
        return self.annotator in self.team.annotators()

    def may_open(self, doc_id: str) -> bool:
        return self.lead or doc_id in self.routed

    def first(self) -> str | None:
        """The document to open: the oldest one they hold, else a new one for them."""
        held = self.team.held(self.annotator)
        return held[0] if held else self.next()

    def next(self) -> str | None:
        """A new document for them (held by a lease), None when none is left; Unreachable
        when only the server could say (never a guess that could hand one out twice)."""
        if not self.routes:
            return None
        doc = self.team.claim_next(self.annotator)
        if doc is not None:
            self.routed = self.routed | {doc}
        return doc

    def saved(self, doc_id: str, status: str, seconds: float) -> None:
        self.routed = self.routed | {doc_id}
        # Away from the server, the change waits in the journal: the server reports it when
        # it arrives (late work still counts), so nothing is lost by not reporting now.
        with contextlib.suppress(Unreachable):
            self._report(self.annotator, doc_id, status, seconds)

    def leave(self, doc_id: str) -> None:
        """Moving on or quitting: an untouched document goes back at once (one with work on
        it stays theirs until the lease lapses, which is all an unreachable server does)."""
        with contextlib.suppress(Unreachable):
            self.team.release(self.annotator, doc_id)

    def close(self) -> None:
        self.team.close()
