"""Adjudication: turning several annotators' spans into one gold record per document.

Every distinct ``(start, end, label)`` any annotator marked is a *candidate*, with the names
of the annotators who marked exactly it. Its state, first rule that holds:

* ``agreed``: every annotator under review marked it;
* ``label_conflict``: another candidate has the same range with a different label;
* ``boundary_conflict``: another candidate has the same label on an overlapping, different
  range;
* ``partial``: only some annotators marked it, and nobody marked a rival.

Candidates in label or boundary conflict with each other are *rivals*. The reviewer accepts
or rejects each candidate, or edits it (the edited span becomes a candidate of state
``added`` unless someone marked exactly it). Accepting one candidate rejects its rivals that
are still undecided and not agreed, so settling a conflict is one key; the bulk actions
("accept all agreed", the threshold merge) only accept and leave rivals to the reviewer. A
*remaining conflict* is an undecided candidate that is not agreed.

The gold record keeps the accepted spans, each with the annotators who had it (provenance;
empty for the reviewer's own), and in ``extra`` the reviewer, the annotators under review
and the rejected keys, so reopening a review restores every decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.agreement.documents import DocAnnotations
from annotator.agreement.sources import load_documents
from annotator.annotations.labels import LabelSet, load_labels
from annotator.annotations.model import DocRecord, Span, check_span
from annotator.problems import UserError
from annotator.store.journal import GOLD_NAME, Journal, journal_path

AGREED = "agreed"
LABEL_CONFLICT = "label_conflict"
BOUNDARY_CONFLICT = "boundary_conflict"
PARTIAL = "partial"
ADDED = "added"

PENDING = "pending"
ACCEPTED = "accepted"
REJECTED = "rejected"

Key = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]  # who marked exactly this span, in review order
    state: str

    def key(self) -> Key:
        return (self.start, self.end, self.label)

    def span(self) -> Span:
        return Span(self.start, self.end, self.label, self.text, annotators=self.annotators)


def _key_of(raw: object) -> Key | None:
    if (
        isinstance(raw, list)
        and len(raw) == 3
        and type(raw[0]) is int
        and type(raw[1]) is int
        and isinstance(raw[2], str)
    ):
        return (raw[0], raw[1], raw[2])
    return None


def are_rivals(x: Key, y: Key) -> bool:
    same_range = x[0] == y[0] and x[1] == y[1]
    if same_range:
        return x[2] != y[2]
    return x[2] == y[2] and min(x[1], y[1]) > max(x[0], y[0])


def candidates_of(doc: DocAnnotations, annotators: Sequence[str]) -> list[Candidate]:
    """The candidates of one document, in reading order, with their states."""
    marked: dict[Key, list[str]] = {}
    texts: dict[Key, str] = {}
    for name in annotators:
        for span in doc.spans.get(name, ()):
            marked.setdefault(span.key(), []).append(name)
            texts[span.key()] = span.text
    keys = sorted(marked)
    everyone = len(annotators)
    out = []
    for i, key in enumerate(keys):
        names = tuple(marked[key])
        if len(names) == everyone:
            state = AGREED
        else:
            rivals = [k for k in _overlapping(keys, i) if are_rivals(key, k)]
            if any(k[0] == key[0] and k[1] == key[1] for k in rivals):
                state = LABEL_CONFLICT
            elif rivals:
                state = BOUNDARY_CONFLICT
            else:
                state = PARTIAL
        out.append(Candidate(key[0], key[1], key[2], texts[key], names, state))
    return out


def _overlapping(keys: Sequence[Key], i: int) -> list[Key]:
    start, end, _ = keys[i]
    found = []
    for j, other in enumerate(keys):
        if other[0] >= end:
            break  # keys are sorted by start: nothing further can overlap
        if j != i and other[1] > start:
            found.append(other)
    return found


class DocReview:
    """One document under review: its candidates and the reviewer's decisions."""

    def __init__(
        self, doc: DocAnnotations, annotators: Sequence[str], gold: DocRecord | None = None
    ) -> None:
        self.doc_id = doc.doc_id
        self.text = doc.text
        self.annotators = tuple(annotators)
        self.candidates = candidates_of(doc, annotators)
        self._by_key = {c.key(): c for c in self.candidates}
        self.decisions: dict[Key, str] = {}
        self.problems: list[str] = []
        if gold is not None:
            self._restore(gold)

    def _restore(self, gold: DocRecord) -> None:
        for span in gold.spans:
            faults = check_span(
                span, self.text, f"gold span {span.label} [{span.start}, {span.end})"
            )
            if faults:
                self.problems.append(f"{self.doc_id!r}: {faults[0]}; it is not restored")
                continue
            if span.key() not in self._by_key:
                self._add(span.start, span.end, span.label)
            self.decisions[span.key()] = ACCEPTED
        rejected = gold.extra.get("rejected", [])
        for raw in rejected if isinstance(rejected, list) else []:
            key = _key_of(raw)
            if key in self._by_key and key not in self.decisions:
                self.decisions[key] = REJECTED

    def _add(self, start: int, end: int, label: str) -> Candidate:
        candidate = Candidate(start, end, label, self.text[start:end], (), ADDED)
        self.candidates.append(candidate)
        self.candidates.sort(key=Candidate.key)
        self._by_key[candidate.key()] = candidate
        return candidate

    def candidate(self, key: Key) -> Candidate:
        return self._by_key[key]

    def decision(self, key: Key) -> str:
        return self.decisions.get(key, PENDING)

    def accept(self, key: Key, *, settle: bool = True) -> None:
        """Accept ``key``; with ``settle``, its undecided rivals that are not agreed are
        rejected (the reviewer picked this side of the conflict)."""
        self.candidate(key)
        self.decisions[key] = ACCEPTED
        if not settle:
            return
        for other in self.candidates:
            k = other.key()
            if k not in self.decisions and other.state != AGREED and are_rivals(key, k):
                self.decisions[k] = REJECTED

    def reject(self, key: Key) -> None:
        self.candidate(key)
        self.decisions[key] = REJECTED

    def undecide(self, key: Key) -> None:
        """Back to undecided; a reviewer's own span that is no longer accepted disappears."""
        candidate = self.candidate(key)
        self.decisions.pop(key, None)
        if candidate.state == ADDED:
            self.candidates.remove(candidate)
            del self._by_key[key]

    def edit(self, key: Key, start: int, end: int, label: str) -> Key:
        """Replace candidate ``key`` by ``[start, end)`` labelled ``label`` and accept that.

        The old candidate is rejected (or removed, if it was the reviewer's own). The new
        span is an existing candidate if someone marked exactly it, else the reviewer's own.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"[{start}, {end}) is not a span of a {len(self.text)}-char text")
        new = (start, end, label)
        if new == key:
            self.accept(key)
            return key
        old = self.candidate(key)
        if old.state == ADDED:
            self.undecide(key)
        else:
            self.decisions[key] = REJECTED
        return self.add(start, end, label)

    def add(self, start: int, end: int, label: str) -> Key:
        """Accept ``[start, end)`` labelled ``label``: an existing candidate if someone marked
        exactly it, else the reviewer's own span."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"[{start}, {end}) is not a span of a {len(self.text)}-char text")
        key = (start, end, label)
        if key not in self._by_key:
            self._add(start, end, label)
        self.accept(key)
        return key

    def snapshot(self) -> tuple[dict[Key, str], list[Candidate]]:
        """Everything a decision can change, for undo."""
        return dict(self.decisions), list(self.candidates)

    def restore(self, snapshot: tuple[dict[Key, str], list[Candidate]]) -> None:
        decisions, candidates = snapshot
        self.decisions = dict(decisions)
        self.candidates = list(candidates)
        self._by_key = {c.key(): c for c in self.candidates}

    def accept_agreed(self) -> int:
        """Accept every undecided unanimous candidate; how many were accepted."""
        keys = [c.key() for c in self.candidates if c.state == AGREED]
        return self._accept_undecided(keys)

    def auto_merge(self, threshold: int) -> int:
        """Accept undecided candidates at least ``threshold`` annotators marked; how many
        were accepted."""
        keys = [c.key() for c in self.candidates if len(c.annotators) >= threshold]
        return self._accept_undecided(keys)

    def _accept_undecided(self, keys: list[Key]) -> int:
        # Bulk acceptance never rejects anything: rivals stay for the reviewer to settle.
        accepted = 0
        for key in keys:
            if key not in self.decisions:
                self.accept(key, settle=False)
                accepted += 1
        return accepted

    def remaining_conflicts(self) -> int:
        return sum(
            1 for c in self.candidates if c.state != AGREED and c.key() not in self.decisions
        )

    def undecided(self) -> int:
        return sum(1 for c in self.candidates if c.key() not in self.decisions)

    def gold_spans(self) -> list[Span]:
        return [c.span() for c in self.candidates if self.decisions.get(c.key()) == ACCEPTED]

    def to_record(self, reviewer: str, updated_at: str | None = None) -> DocRecord:
        """The gold record of this document as it stands (``accepted`` once nothing is left
        undecided, ``in_progress`` before)."""
        rejected = [
            list(c.key()) for c in self.candidates if self.decisions.get(c.key()) == REJECTED
        ]
        return DocRecord(
            id=self.doc_id,
            text=self.text,
            spans=self.gold_spans(),
            status="accepted" if self.undecided() == 0 else "in_progress",
            annotator=reviewer,
            updated_at=updated_at or datetime.now(UTC).isoformat(timespec="seconds"),
            extra={
                "reviewer": reviewer,
                "annotators": list(self.annotators),
                "rejected": rejected,
            },
        )


def build_reviews(
    docs: Sequence[DocAnnotations],
    annotators: Sequence[str],
    gold: Mapping[str, DocRecord] | None = None,
) -> tuple[list[DocReview], list[str]]:
    """One review per document, restored from earlier gold records made on the same text."""
    gold = gold or {}
    problems = []
    reviews = []
    for doc in docs:
        record = gold.get(doc.doc_id)
        if record is not None and record.text != doc.text:
            problems.append(
                f"the gold record of {doc.doc_id!r} was made on a different text; "
                "its decisions are not restored (the new ones replace it)"
            )
            record = None
        review = DocReview(doc, annotators, record)
        problems.extend(review.problems)
        reviews.append(review)
    return reviews, problems


def next_with_conflicts(reviews: Sequence[DocReview], index: int, step: int = 1) -> int | None:
    """The next document after ``index`` (wrapping round; ``step=-1`` goes back) with
    remaining conflicts, or None when no other document has any."""
    n = len(reviews)
    for k in range(1, n + 1):
        j = (index + step * k) % n
        if j != index and reviews[j].remaining_conflicts():
            return j
    return None


@dataclass
class ReviewSetup:
    """Everything the review screen works on; ``journal`` is the open gold journal."""

    annotators: list[str]
    reviewer: str
    docs: list[DocAnnotations]
    reviews: list[DocReview]
    journal: Journal
    labels: LabelSet
    problems: list[str]

    def save(self, review: DocReview) -> None:
        self.journal.append(review.to_record(self.reviewer))


def prepare_review(
    corpus: Path,
    annotators: list[str],
    *,
    reviewer: str,
    annotations: Path,
    out: Path,
    threshold: int | None = None,
    labels: LabelSet | None = None,
) -> ReviewSetup:
    """Load the journals, open (and lock) gold, restore earlier decisions, apply the
    threshold merge and save what it accepted. The caller closes ``setup.journal``."""
    if threshold is not None and not 1 <= threshold <= len(annotators):
        raise UserError(f"--threshold must be between 1 and {len(annotators)} (the annotators)")
    docs, problems = load_documents(corpus, annotations, annotators)
    if not docs:
        raise UserError(
            f"none of {', '.join(annotators)} has a record in {annotations}; "
            "annotate first or pass --annotations DIR"
        )
    journal = Journal.open(journal_path(out, GOLD_NAME))
    try:
        problems += [str(p) for p in journal.problems]
        reviews, left_out = build_reviews(docs, annotators, journal.records)
        problems += left_out
        setup = ReviewSetup(
            annotators, reviewer, docs, reviews, journal, labels or load_labels(None), problems
        )
        if threshold is not None:
            for review in reviews:
                if review.auto_merge(threshold):
                    setup.save(review)
    except BaseException:
        journal.close()
        raise
    return setup
