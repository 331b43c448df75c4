"""The one interface a team's shared state sits behind: routing (who gets which document, held
by a lease), progress, the review queue and the annotators' records.

Two backends implement ``TeamStore``: ``annotator.team.files`` (SQLite beside the journals, for a
team on one machine) and a PostgreSQL one (a team on several). ``tests/contract/`` holds the
behaviour both must show; a backend is done when that suite passes on it.

Words used throughout:

- a document is *routed* to an annotator when it was handed out to them (``claim_next``);
- it is *held* while their lease lasts; every save renews the lease (``report``), and a lease
  not renewed for ``RoutingSettings.lease_seconds`` lapses, so the document can go to someone
  else (the work already saved stays in the annotator's journal and is never lost);
- it is *touched* once the annotator saved anything on it; only an untouched document goes
  back at once when they move on (``release``);
- it is *done* for an annotator once they accepted or flagged it (``DONE``); a document needs
  ``need`` annotators done (the overlap, ``annotator.team.overlap.need``) and then waits in the
  review queue until a lead reviews it.

Every time is a float of seconds from the clock the backend was given, so tests move time on
instead of sleeping.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from annotator.annotations.model import DocRecord
from annotator.problems import UserError

# The statuses that finish a document for its annotator: a decision was made about it.
DONE: frozenset[str] = frozenset({"accepted", "flagged", "rejected"})

Clock = Callable[[], float]

WorkState = Literal["held", "lapsed", "done"]


@dataclass(frozen=True, slots=True)
class Work:
    """One annotator's part in one document, as routing knows it."""

    annotator: str
    state: WorkState
    # The journal's status when it was last reported ("new" before any save).
    status: str
    touched: bool
    # Seconds of work the annotator's journal counts for the document.
    seconds: float


@dataclass(frozen=True, slots=True)
class AnnotatorProgress:
    name: str
    done: int
    # Documents held now (their lease has not lapsed) and not done.
    in_progress: int
    # Seconds per finished document (the journal's time on it), None before the first.
    median_seconds: float | None
    # Finished documents per hour of time spent on them, None before the first.
    per_hour: float | None
    quota: int | None


@dataclass(frozen=True, slots=True)
class TeamProgress:
    documents: int
    # How many documents are done by exactly k annotators, for every k that occurs (0 included).
    done_by: Mapping[int, int]
    # Documents done by as many annotators as their overlap asks.
    complete: int
    # Documents someone holds and that are not complete.
    in_progress: int
    # Documents nobody holds or finished.
    not_started: int
    annotators: tuple[AnnotatorProgress, ...]
    # Complete documents not reviewed yet, and reviewed ones.
    ready_for_review: int
    reviews_done: int
    # Annotations the corpus needs in all (each document's overlap, summed); 0 if unknown.
    slots: int = 0

    def share(self, name: str) -> int:
        """How many documents ``name`` is expected to finish: their quota, else an even part
        of what the corpus needs."""
        mine = self.of(name)
        if mine is not None and mine.quota is not None:
            return mine.quota
        needed = self.slots or self.documents
        return -(-needed // max(1, len(self.annotators)))

    def to_json(self) -> dict[str, Any]:
        """The figures as ``annotator progress --json`` prints them."""
        return {
            "documents": self.documents,
            "done_by": {str(k): n for k, n in sorted(self.done_by.items())},
            "complete": self.complete,
            "in_progress": self.in_progress,
            "not_started": self.not_started,
            "ready_for_review": self.ready_for_review,
            "reviews_done": self.reviews_done,
            "slots": self.slots,
            "annotators": [
                {
                    "name": a.name,
                    "done": a.done,
                    "in_progress": a.in_progress,
                    "median_seconds": a.median_seconds,
                    "per_hour": a.per_hour,
                    "quota": a.quota,
                }
                for a in self.annotators
            ],
        }

    def of(self, name: str) -> AnnotatorProgress | None:
        return next((a for a in self.annotators if a.name == name), None)


def is_gold(record: DocRecord) -> bool:
    """Whether ``record`` is a reviewer's gold decision (``session.review`` writes the
    reviewer's name into it) rather than an annotator's work."""
    return "reviewer" in record.extra


class NotInTeam(LookupError):
    """An annotator the team does not have (the message names them)."""


class Unreachable(UserError):
    """The team's server cannot be reached now (the message names it). Work in hand goes on:
    records wait in the journal; only a new document (``claim_next``) waits for the server,
    so nothing is ever handed out twice on a guess. A command says it as any UserError."""


class TeamStore(Protocol):
    """What a team shares, whichever backend keeps it.

    Every method is safe to call from many processes at once (the backend serialises what
    must be); each call either happens whole or not at all, even under ``kill -9``.
    """

    # --- the team and the corpus --------------------------------------------------------
    def annotators(self) -> tuple[str, ...]:
        """The annotators documents are routed to, in the order they were added."""
        ...

    def add_annotator(self, name: str) -> None:
        """Route documents to ``name`` from now on (nothing happens if they are already in)."""
        ...

    def remove_annotator(self, name: str) -> None:
        """Stop routing to ``name``: the documents they hold and did not finish go back at once
        (their saved work stays in their journal); what they finished still counts."""
        ...

    def add_documents(self, ids: Sequence[str]) -> int:
        """Append documents, in corpus order, to the ones routed; ids already known are left
        where they are. Returns how many were new."""
        ...

    def remove_documents(self, ids: Iterable[str]) -> None:
        """Stop routing these documents (leases on them end; finished work still counts in
        progress only while the document is in)."""
        ...

    def documents(self) -> tuple[str, ...]:
        """The routed documents, in corpus order."""
        ...

    def set_priority(self, priorities: Mapping[str, float]) -> None:
        """Per-document priority for ``order = "uncertain"``: higher goes first; a document
        without one comes after every document with one, in corpus order. This is the hook a
        model ranks documents through (it stores, say, its uncertainty)."""
        ...

    # --- routing ------------------------------------------------------------------------
    def claim_next(self, annotator: str) -> str | None:
        """Hand ``annotator`` the next document for them and hold it with a lease; None when
        nothing is left for them (all routed elsewhere, done, or their quota is reached).

        Never a document they hold, finished or were routed before; never a document whose
        overlap is already met by annotators done with it or holding it. Raises NotInTeam.
        """
        ...

    def held(self, annotator: str) -> tuple[str, ...]:
        """The documents ``annotator`` holds now and has not finished, oldest claim first."""
        ...

    def report(self, annotator: str, doc_id: str, status: str, seconds: float) -> None:
        """What ``annotator``'s journal now says of ``doc_id`` (called after every save): a
        status in DONE finishes it for them; any other status marks it touched and renews the
        lease. A document they were not routed (a lead's, or one whose lease lapsed) is
        recorded the same: work that exists always counts."""
        ...

    def renew(self, annotator: str, doc_id: str) -> bool:
        """Renew the lease (a heartbeat while the document is open); False when they do not
        hold it (lapsed and gone to someone else, or finished)."""
        ...

    def release(self, annotator: str, doc_id: str) -> bool:
        """Give the document back at once if ``annotator`` holds it untouched (quitting or
        moving on); True if it was given back. A touched one stays theirs until its lease
        lapses."""
        ...

    def routed_to(self, annotator: str) -> frozenset[str]:
        """Every document ``annotator`` may open: routed to them (held, lapsed) or done by
        them."""
        ...

    def work(self, doc_id: str) -> tuple[Work, ...]:
        """Each annotator's part in ``doc_id``, in the order they were routed it."""
        ...

    # --- progress and review ------------------------------------------------------------
    def progress(self) -> TeamProgress: ...

    def review_queue(self) -> tuple[str, ...]:
        """Documents done by as many annotators as their overlap asks and not reviewed yet,
        in the order they became ready."""
        ...

    def mark_reviewed(self, reviewer: str, doc_id: str) -> None:
        """``doc_id`` has a gold decision by ``reviewer``: it leaves the review queue."""
        ...

    # --- records ------------------------------------------------------------------------
    def write(self, record: DocRecord) -> bool:
        """Keep ``record`` as its annotator's latest state of the document (in their journal,
        fsync'd, and with PostgreSQL on the server) and ``report`` it; a gold record
        (``is_gold``) goes to gold instead, and once accepted marks the document reviewed.
        The same change (its ``change`` id) written twice is stored once: False the second
        time."""
        ...

    def records(self, annotator: str) -> Mapping[str, DocRecord]:
        """``annotator``'s latest record of each document they saved."""
        ...

    def close(self) -> None: ...
