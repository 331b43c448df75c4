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

Gold keeps the label set's nesting rule (annotator.annotations.nesting): accepting a
candidate replaces an accepted rival (the reviewer changed sides; both sides never stay), and
is refused while it would overlap another accepted span against the rule; the bulk actions
leave such a candidate undecided.

Each decision is one step of the document's undo history; a decision that would change
nothing, or that is not possible, raises ``EditRefused`` and changes nothing.

The gold record keeps the accepted spans, each with the annotators who had it (provenance;
empty for the reviewer's own), and in ``extra`` the reviewer, the annotators under review
and the rejected keys, so reopening a review restores every decision.

Relations, attributes and document labels are *link candidates* (annotator.session.
review_links), named by their spans' keys, decided like spans: accepting one rejects its
undecided rivals that are not agreed, and replaces an accepted one. A link is accepted only
while every span it needs is, and gold writes only those (naming the gold spans by their
ids: the first annotator's, so they stay the same from one save to the next); a link one of
whose spans was rejected can never be in gold and is not left to decide.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import orjson

from annotator.agreement.background import AgreementJob
from annotator.agreement.documents import DocAnnotations
from annotator.agreement.sources import documents_of, existing_journal, read_journals
from annotator.annotations import model
from annotator.annotations.labels import LabelSet, default_labels, load_labels
from annotator.annotations.links import Key, key_of
from annotator.annotations.model import DocRecord, Relation, Scalar, Span
from annotator.annotations.nesting import nesting_violations
from annotator.formats import FORMATS, ExportOptions
from annotator.formats.exporting import ExportJob
from annotator.problems import UserError, printable
from annotator.regular_files import read_regular
from annotator.session.editing import EditRefused
from annotator.session.history import History
from annotator.session.letting_go import let_go
from annotator.session.review_links import AGREED as LINK_AGREED
from annotator.session.review_links import ATTRIBUTE as ATTRIBUTE_LINK
from annotator.session.review_links import DOC_LABEL as DOC_LABEL_LINK
from annotator.session.review_links import RELATION as RELATION_LINK
from annotator.session.review_links import (
    LinkCandidate,
    LinkKey,
    describe_link,
    gold_links,
    link_candidates,
    span_text,
)
from annotator.session.review_links import are_rivals as are_link_rivals
from annotator.session.workspace import READ_AT_ONCE_BYTES, resume_path, save_resume
from annotator.store.journal import HeldJournal, Journal, journal_path
from annotator.store.paths import default_export_dir
from annotator.team.postgres.reviewing import Arrived, ServerReview
from annotator.team.store import DONE
from annotator.text.corpus import Corpus, open_corpus

AGREED = "agreed"
LABEL_CONFLICT = "label_conflict"
BOUNDARY_CONFLICT = "boundary_conflict"
PARTIAL = "partial"
ADDED = "added"

PENDING = "pending"
ACCEPTED = "accepted"
REJECTED = "rejected"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]  # who marked exactly this span, in review order
    state: str
    # The id gold gives the span: the first annotator's id of it (the reviewer's own: a new
    # one, or gold's when restored), so gold's ids stay the same from one save to the next
    # and relations name them.
    id: str = field(default_factory=model.new_span_id, compare=False)

    def key(self) -> Key:
        return (self.start, self.end, self.label)

    def span(self) -> Span:
        return Span(
            self.start, self.end, self.label, self.text, annotators=self.annotators, id=self.id
        )


def are_rivals(x: Key, y: Key) -> bool:
    same_range = x[0] == y[0] and x[1] == y[1]
    if same_range:
        return x[2] != y[2]
    return x[2] == y[2] and min(x[1], y[1]) > max(x[0], y[0])


def candidates_of(doc: DocAnnotations, annotators: Sequence[str]) -> list[Candidate]:
    """The candidates of one document, in reading order, with their states."""
    marked: dict[Key, list[str]] = {}
    texts: dict[Key, str] = {}
    ids: dict[Key, str] = {}
    for name in annotators:
        for span in doc.spans.get(name, ()):
            marked.setdefault(span.key(), []).append(name)
            texts[span.key()] = span.text
            ids.setdefault(span.key(), span.id)
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
        out.append(Candidate(key[0], key[1], key[2], texts[key], names, state, ids[key]))
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


@dataclass(frozen=True, slots=True)
class Moved:
    """How one annotator's work on one document moved: spans and links they added, and
    those they took away."""

    annotator: str
    spans_added: int = 0
    spans_removed: int = 0
    links_added: int = 0
    links_removed: int = 0

    def counts(self) -> str:
        """What moved, as "2 spans added, 1 link taken away"."""
        said = [
            f"{n} {what}{'' if n == 1 else 's'} {how}"
            for n, what, how in (
                (self.spans_added, "span", "added"),
                (self.spans_removed, "span", "taken away"),
                (self.links_added, "link", "added"),
                (self.links_removed, "link", "taken away"),
            )
            if n
        ]
        return ", ".join(said)


def moved_between(
    before: tuple[Sequence[Candidate], Sequence[LinkCandidate]],
    after: tuple[Sequence[Candidate], Sequence[LinkCandidate]],
    annotators: Sequence[str],
) -> list[Moved]:
    """Per annotator whose spans or links differ from ``before`` to ``after``, how."""
    spans_then, links_then = _made_by(before[0]), _made_by(before[1])
    spans_now, links_now = _made_by(after[0]), _made_by(after[1])
    return [
        Moved(
            name,
            len(spans_now[name] - spans_then[name]),
            len(spans_then[name] - spans_now[name]),
            len(links_now[name] - links_then[name]),
            len(links_then[name] - links_now[name]),
        )
        for name in annotators
        if spans_now[name] != spans_then[name] or links_now[name] != links_then[name]
    ]


def _made_by(made: Sequence[Candidate] | Sequence[LinkCandidate]) -> defaultdict[str, set[object]]:
    """Per annotator, the keys of the spans (or links) they made."""
    found: defaultdict[str, set[object]] = defaultdict(set)
    for candidate in made:
        for name in candidate.annotators:
            found[name].add(candidate.key() if isinstance(candidate, Candidate) else candidate.key)
    return found


@dataclass(frozen=True, slots=True)
class ReviewState:
    """Everything a decision can change: the decisions, and the candidates (an edit adds the
    reviewer's own)."""

    decisions: Mapping[Key, str]
    candidates: tuple[Candidate, ...]
    link_decisions: Mapping[LinkKey, str]


class DocReview:
    """One document under review: its candidates, the reviewer's decisions, and their undo
    history."""

    def __init__(
        self,
        doc: DocAnnotations,
        annotators: Sequence[str],
        gold: DocRecord | None = None,
        labels: LabelSet | None = None,
    ) -> None:
        self.doc_id = doc.doc_id
        self.text = doc.text
        self.annotators = tuple(annotators)
        self.labels = labels or default_labels()
        self.candidates = candidates_of(doc, annotators)
        records = {name: doc.records[name] for name in annotators if name in doc.records}
        self._by_key = {c.key(): c for c in self.candidates}
        self.decisions: dict[Key, str] = {}
        self.links = link_candidates(records, annotators, self._single_choice)
        self._links_by_key = {link.key: link for link in self.links}
        self.link_decisions: dict[LinkKey, str] = {}
        self.problems: list[str] = []
        self.history: History[ReviewState] = History()
        if gold is not None:
            self._restore(gold)

    def _single_choice(self, name: str) -> bool:
        group = self.labels.doc_label(name)
        return group is not None and not group.multiple

    def _restore(self, gold: DocRecord) -> None:
        for span in gold.spans:
            faults = model.check_span(span, self.text, f"gold span {span_text(span.key())}")
            if faults:
                self.problems.append(f"{self.doc_id!r}: {faults[0]}; it is not restored")
                continue
            if span.key() not in self._by_key:
                self._add_candidate(span.start, span.end, span.label, span.id)
            self.decisions[span.key()] = ACCEPTED
        rejected = gold.extra.get("rejected", [])
        for raw in rejected if isinstance(rejected, list) else []:
            key = key_of(raw)
            if key is not None and key in self._by_key and key not in self.decisions:
                self.decisions[key] = REJECTED
        for made in sorted(gold_links(gold)):
            if made in self._links_by_key:
                self.link_decisions[made] = ACCEPTED
            else:
                self.problems.append(
                    f"{self.doc_id!r}: gold's {describe_link(made)} is no longer made by any "
                    "annotator under review; it is not restored"
                )
        rejected_links = gold.extra.get("rejected_links", [])
        for raw in rejected_links if isinstance(rejected_links, list) else []:
            turned = LinkKey.from_json(raw)
            if turned is not None and turned in self._links_by_key:
                self.link_decisions.setdefault(turned, REJECTED)

    def _add_candidate(self, start: int, end: int, label: str, span_id: str = "") -> Candidate:
        candidate = Candidate(
            start, end, label, self.text[start:end], (), ADDED, span_id or model.new_span_id()
        )
        self.candidates.append(candidate)
        self.candidates.sort(key=Candidate.key)
        self._by_key[candidate.key()] = candidate
        return candidate

    def _remove_candidate(self, candidate: Candidate) -> None:
        self.decisions.pop(candidate.key(), None)
        self.candidates.remove(candidate)
        del self._by_key[candidate.key()]

    def candidate(self, key: Key) -> Candidate:
        try:
            return self._by_key[key]
        except KeyError:
            raise EditRefused(f"{span_text(key)} is no longer a candidate here") from None

    def decision(self, key: Key) -> str:
        return self.decisions.get(key, PENDING)

    # -- history ----------------------------------------------------------------------------

    @property
    def state(self) -> ReviewState:
        return ReviewState(dict(self.decisions), tuple(self.candidates), dict(self.link_decisions))

    def _set_state(self, state: ReviewState) -> None:
        self.decisions = dict(state.decisions)
        self.candidates = list(state.candidates)
        self._by_key = {c.key(): c for c in self.candidates}
        self.link_decisions = dict(state.link_decisions)

    def _step(self, decide: Callable[[], T]) -> T:
        """Run ``decide`` as one undo step. ``decide`` checks before it changes anything, so
        a refusal leaves the review as it was."""
        before = self.state
        result = decide()
        if self.state == before:
            raise EditRefused("that changes nothing")
        self.history.push(before)
        return result

    def undo(self) -> None:
        state = self.history.undo(self.state)
        if state is None:
            raise EditRefused("nothing to undo in this document")
        self._set_state(state)

    def redo(self) -> None:
        state = self.history.redo(self.state)
        if state is None:
            raise EditRefused("nothing to redo in this document")
        self._set_state(state)

    def snapshot(self) -> tuple[ReviewState, History[ReviewState]]:
        """The state and its history, to put back when a decision could not be saved."""
        return self.state, self.history.copy()

    def restore(self, snapshot: tuple[ReviewState, History[ReviewState]]) -> None:
        state, history = snapshot
        self._set_state(state)
        self.history = history.copy()

    # -- the annotators' work moving under the review ---------------------------------------

    def take_work(self, doc: DocAnnotations) -> list[Moved]:
        """The annotators' work on this document as it stands now (the same text), in place
        of what it was, without losing anything the reviewer did: each decision on a
        candidate still there is kept; a span or link accepted that nobody makes any more
        stays (the reviewer's own now), so gold never loses a decision; and the undo history
        is moved the same way, so undo and redo still step through the reviewer's decisions.
        What moved, per annotator."""
        assert doc.text == self.text, "an annotator's work on another text is a new review"
        before = (list(self.candidates), list(self.links))
        fresh = candidates_of(doc, self.annotators)
        records = {name: doc.records[name] for name in self.annotators if name in doc.records}
        links = link_candidates(records, self.annotators, self._single_choice)
        kept = self._accepted_links_ever() - {link.key for link in links}
        gone = [dataclasses.replace(link, annotators=()) for link in self.links if link.key in kept]
        self.links = links + gone
        self._links_by_key = {link.key: link for link in self.links}
        self._set_state(self._rebased(fresh, self.state))
        self.history = self.history.rebased(functools.partial(self._rebased, fresh))
        return moved_between(before, (fresh, links), self.annotators)

    def _accepted_links_ever(self) -> set[LinkKey]:
        """Links accepted now, or in a state undo or redo can bring back."""
        states = [self.state, *self.history.states()]
        return {k for s in states for k, d in s.link_decisions.items() if d == ACCEPTED}

    def _rebased(self, fresh: Sequence[Candidate], state: ReviewState) -> ReviewState:
        """``state`` over the ``fresh`` candidates: the reviewer's own spans and the accepted
        ones nobody marks any more are kept as the reviewer's own, every decision on a
        candidate still there is kept, the others are dropped."""
        by_key = {c.key(): c for c in fresh}
        candidates = list(fresh)
        for old in state.candidates:
            key = old.key()
            if key not in by_key and (old.state == ADDED or state.decisions.get(key) == ACCEPTED):
                candidates.append(dataclasses.replace(old, annotators=(), state=ADDED))
        candidates.sort(key=Candidate.key)
        keys = {c.key() for c in candidates}
        return ReviewState(
            {k: d for k, d in state.decisions.items() if k in keys},
            tuple(candidates),
            {k: d for k, d in state.link_decisions.items() if k in self._links_by_key},
        )

    # -- decisions --------------------------------------------------------------------------

    def accept(self, key: Key) -> None:
        """Accept ``key`` in place of an accepted rival; its undecided rivals that are not
        agreed are rejected (the reviewer picked this side of the conflict). Refused while it
        would overlap another accepted span against the nesting rule."""
        candidate = self.candidate(key)
        if self.decision(key) == ACCEPTED:
            raise EditRefused(f"{span_text(key)} is already accepted")
        replaced = self._replaced_by(key)
        self._step(lambda: self._accept(candidate, replacing=replaced))

    def _clashes(self, key: Key, ignoring: Key | None = None) -> list[tuple[Candidate, str]]:
        """The accepted candidates (but ``ignoring``) that ``key`` would overlap against the
        nesting rule, each with the reason."""
        new = Span(key[0], key[1], key[2], self.text[key[0] : key[1]])
        found = []
        for other in self.candidates:
            k = other.key()
            if k in (key, ignoring) or self.decisions.get(k) != ACCEPTED:
                continue
            violations = nesting_violations([other.span(), new], self.labels)
            if violations:
                found.append((other, str(violations[0])))
        return found

    def _replaced_by(self, key: Key, ignoring: Key | None = None) -> list[Candidate]:
        """The accepted rivals accepting ``key`` replaces; EditRefused if it would overlap
        any other accepted span against the nesting rule."""
        replaced = []
        for other, reason in self._clashes(key, ignoring):
            if not are_rivals(key, other.key()):
                raise EditRefused(f"{span_text(key)} not accepted: {reason}")
            replaced.append(other)
        return replaced

    def _accept(self, candidate: Candidate, *, replacing: Sequence[Candidate] = ()) -> None:
        for old in replacing:
            self._drop(old)
        key = candidate.key()
        self.decisions[key] = ACCEPTED
        for other in self.candidates:
            k = other.key()
            if k not in self.decisions and other.state != AGREED and are_rivals(key, k):
                self.decisions[k] = REJECTED

    def _drop(self, candidate: Candidate) -> None:
        """A candidate the reviewer turned away from: rejected, or gone if it was their own."""
        if candidate.state == ADDED:
            self._remove_candidate(candidate)
        else:
            self.decisions[candidate.key()] = REJECTED

    def reject(self, key: Key) -> None:
        self.candidate(key)
        if self.decision(key) == REJECTED:
            raise EditRefused(f"{span_text(key)} is already rejected")
        self._step(lambda: self._set_decision(key, REJECTED))

    def _set_decision(self, key: Key, decision: str) -> None:
        self.decisions[key] = decision

    def undecide(self, key: Key) -> None:
        """Back to undecided; a reviewer's own span that is no longer accepted disappears."""
        candidate = self.candidate(key)
        if self.decision(key) == PENDING:
            raise EditRefused(f"{span_text(key)} is not decided")
        self._step(lambda: self._undecide(candidate))

    def _undecide(self, candidate: Candidate) -> None:
        if candidate.state == ADDED:
            self._remove_candidate(candidate)
        else:
            self.decisions.pop(candidate.key(), None)

    def edit(self, key: Key, start: int, end: int, label: str) -> Key:
        """Replace candidate ``key`` by ``[start, end)`` labelled ``label`` and accept that
        (in place of an accepted rival, as ``accept``).

        The old candidate is rejected (or removed, if it was the reviewer's own). The new
        span is an existing candidate if someone marked exactly it, else the reviewer's own.
        """
        old = self.candidate(key)
        self._check_range(start, end)
        new = (start, end, label)
        if new == key:
            self.accept(key)
            return key
        replaced = self._replaced_by(new, ignoring=key)

        def replace() -> Key:
            self._drop(old)
            return self._add(new, replaced)

        return self._step(replace)

    def add(self, start: int, end: int, label: str) -> Key:
        """Accept ``[start, end)`` labelled ``label`` (in place of an accepted rival, as
        ``accept``): an existing candidate if someone marked exactly it, else the reviewer's
        own span."""
        self._check_range(start, end)
        new = (start, end, label)
        if self.decision(new) == ACCEPTED:
            raise EditRefused(f"{span_text(new)} is already accepted")
        replaced = self._replaced_by(new)
        return self._step(lambda: self._add(new, replaced))

    def _check_range(self, start: int, end: int) -> None:
        if not 0 <= start < end <= len(self.text):
            raise EditRefused(
                f"[{start}, {end}) is not a span of this {len(self.text)}-character text"
            )

    def _add(self, key: Key, replacing: Sequence[Candidate]) -> Key:
        candidate = self._by_key.get(key) or self._add_candidate(*key)
        self._accept(candidate, replacing=replacing)
        return key

    def accept_agreed(self) -> int:
        """Accept every undecided unanimous candidate that keeps the nesting rule, then every
        undecided unanimous link whose spans are then in gold, as one step; how many spans
        and links were accepted."""
        keys = [c.key() for c in self.candidates if c.state == AGREED]
        left = [key for key in keys if key not in self.decisions]
        links_left = self._agreed_links_left()
        if not left and not links_left:
            raise EditRefused("no agreed span is left undecided here, nor any agreed link")
        if all(self._clashes(key) for key in left) and not links_left:
            raise EditRefused(
                f"the {len(left)} agreed span(s) left overlap accepted spans against the "
                "nesting rule; settle them one by one"
            )

        def accept() -> int:
            accepted = self._accept_undecided(keys)
            for link in self._agreed_links_left():
                if not self.link_blocked(link.key):
                    self.link_decisions[link.key] = ACCEPTED
                    accepted += 1
            return accepted

        return self._step(accept)

    def auto_merge(self, threshold: int) -> int:
        """Accept undecided candidates at least ``threshold`` annotators marked; how many
        were accepted. Applied when a review opens: not a step the reviewer can undo."""
        keys = [c.key() for c in self.candidates if len(c.annotators) >= threshold]
        return self._accept_undecided(keys)

    def _accept_undecided(self, keys: list[Key]) -> int:
        # Bulk acceptance never rejects or replaces anything: rivals, and candidates that
        # would break the nesting rule, stay for the reviewer to settle.
        accepted = 0
        for key in keys:
            if key not in self.decisions and not self._clashes(key):
                self.decisions[key] = ACCEPTED
                accepted += 1
        return accepted

    def agreed_left(self) -> int:
        """Agreed candidates and links still undecided (the bulk actions leave spans that
        would break the nesting rule, and links whose spans are not in gold)."""
        spans = sum(
            1 for c in self.candidates if c.state == AGREED and c.key() not in self.decisions
        )
        return spans + len(self._agreed_links_left())

    # -- links: relations, attributes, document labels --------------------------------------

    def link(self, key: LinkKey) -> LinkCandidate:
        try:
            return self._links_by_key[key]
        except KeyError:
            raise EditRefused(f"{describe_link(key)} is not a candidate here") from None

    def link_decision(self, key: LinkKey) -> str:
        return self.link_decisions.get(key, PENDING)

    def link_blocked(self, key: LinkKey) -> str:
        """Why ``key`` cannot be in gold now ("" when it can): a span it needs is not."""
        for span_key in key.spans():
            decided = self.decisions.get(span_key, PENDING) if span_key in self._by_key else ""
            if decided == ACCEPTED:
                continue
            what = span_text(span_key)
            if decided == PENDING:
                return f"{what} is not in gold yet: accept it first"
            gone = "was rejected" if decided else "is no longer a candidate"
            return f"{what} {gone}: a link to it can never be in gold"
        return ""

    def never_in_gold(self, key: LinkKey) -> bool:
        """Whether ``key`` can never be in gold (a span it needs was turned away)."""
        return any(self.decisions.get(k) == REJECTED or k not in self._by_key for k in key.spans())

    def _agreed_links_left(self) -> list[LinkCandidate]:
        return [
            link
            for link in self.links
            if link.state == LINK_AGREED
            and link.key not in self.link_decisions
            and not self.never_in_gold(link.key)
        ]

    def link_rivals(self, key: LinkKey) -> list[LinkCandidate]:
        return [
            other for other in self.links if are_link_rivals(key, other.key, self._single_choice)
        ]

    def accept_link(self, key: LinkKey) -> None:
        """Accept ``key`` in place of an accepted rival; its undecided rivals that are not
        agreed are rejected. Refused while a span it needs is not in gold."""
        self.link(key)
        if self.link_decision(key) == ACCEPTED:
            raise EditRefused(f"{describe_link(key)} is already accepted")
        blocked = self.link_blocked(key)
        if blocked:
            raise EditRefused(f"{describe_link(key)} not accepted: {blocked}")
        self._step(lambda: self._accept_link(key))

    def _accept_link(self, key: LinkKey) -> None:
        self.link_decisions[key] = ACCEPTED
        for other in self.link_rivals(key):
            decided = self.link_decisions.get(other.key)
            if decided == ACCEPTED or (decided is None and other.state != LINK_AGREED):
                self.link_decisions[other.key] = REJECTED

    def reject_link(self, key: LinkKey) -> None:
        self.link(key)
        if self.link_decision(key) == REJECTED:
            raise EditRefused(f"{describe_link(key)} is already rejected")
        self._step(lambda: self.link_decisions.__setitem__(key, REJECTED))

    def cycle_link(self, key: LinkKey) -> LinkKey:
        """Accept the next version of ``key`` (its rivals and itself, in key order) in place
        of the one accepted, ``key`` itself when none is; the version accepted."""
        versions = sorted([self.link(key), *self.link_rivals(key)], key=lambda c: c.key)
        if len(versions) == 1:
            raise EditRefused(f"{describe_link(key)} has no other version to cycle to")
        accepted = next((v for v in versions if self.link_decision(v.key) == ACCEPTED), None)
        start = versions.index(accepted or self.link(key)) - (0 if accepted else 1)
        for step in range(1, len(versions) + 1):
            version = versions[(start + step) % len(versions)]
            if version is not accepted and not self.link_blocked(version.key):
                self._step(functools.partial(self._accept_link, version.key))
                return version.key
        raise EditRefused(f"no other version of {describe_link(key)} can be in gold now")

    def link_disagreements(self) -> int:
        """Relations, attributes and document labels some annotators made and others not."""
        return sum(1 for link in self.links if link.state != LINK_AGREED)

    # -- reading ----------------------------------------------------------------------------

    def remaining_conflicts(self) -> int:
        spans = sum(
            1 for c in self.candidates if c.state != AGREED and c.key() not in self.decisions
        )
        links = sum(
            1
            for link in self.links
            if link.state != LINK_AGREED
            and link.key not in self.link_decisions
            and not self.never_in_gold(link.key)
        )
        return spans + links

    def undecided(self) -> int:
        spans = sum(1 for c in self.candidates if c.key() not in self.decisions)
        links = sum(
            1
            for link in self.links
            if link.key not in self.link_decisions and not self.never_in_gold(link.key)
        )
        return spans + links

    def gold_spans(self) -> list[Span]:
        return [c.span() for c in self.candidates if self.decisions.get(c.key()) == ACCEPTED]

    def to_record(self, reviewer: str, updated_at: str | None = None) -> DocRecord:
        """The gold record of this document as it stands (``accepted`` once nothing is left
        undecided, ``in_progress`` before)."""
        rejected = [
            list(c.key()) for c in self.candidates if self.decisions.get(c.key()) == REJECTED
        ]
        spans = self.gold_spans()
        by_key = {span.key(): span for span in spans}
        relations: list[Relation] = []
        attributes: dict[str, dict[str, Scalar]] = {}
        doc_labels: list[str] = []
        for link in self.links:
            key = link.key
            if self.link_decisions.get(key) != ACCEPTED or self.link_blocked(key):
                continue  # a link to a span not in gold is never written
            if key.kind == RELATION_LINK and key.head and key.tail:
                head, tail = by_key[key.head].id, by_key[key.tail].id
                relations.append(Relation(link.id or model.new_relation_id(), key.name, head, tail))
            elif key.kind == ATTRIBUTE_LINK and key.head:
                attributes.setdefault(by_key[key.head].id, {})[key.name] = link.value
            elif key.kind == DOC_LABEL_LINK:
                doc_labels.append(key.entry())
        rejected_links = [
            link.key.to_json()
            for link in self.links
            if self.link_decisions.get(link.key) == REJECTED
        ]
        return DocRecord(
            id=self.doc_id,
            text=self.text,
            spans=spans,
            relations=relations,
            attributes=attributes,
            doc_labels=sorted(doc_labels),
            status="accepted" if self.undecided() == 0 else "in_progress",
            annotator=reviewer,
            updated_at=updated_at or datetime.now(UTC).isoformat(timespec="seconds"),
            extra={
                "reviewer": reviewer,
                "annotators": list(self.annotators),
                "rejected": rejected,
                **({"rejected_links": rejected_links} if rejected_links else {}),
            },
        )


def build_reviews(
    docs: Sequence[DocAnnotations],
    annotators: Sequence[str],
    gold: Mapping[str, DocRecord] | None = None,
    labels: LabelSet | None = None,
    done: Callable[[int], None] = lambda _n: None,
) -> tuple[list[DocReview], list[str]]:
    """One review per document, restored from earlier gold records made on the same text;
    gold keeps ``labels``' nesting rule (default: the four default labels). ``done(n)`` is
    called every ``REPORT_EVERY`` documents, for progress."""
    gold = gold or {}
    problems = []
    reviews = []
    for n, doc in enumerate(docs):
        if n % REPORT_EVERY == 0:
            done(n)
        record = gold.get(doc.doc_id)
        if record is not None and record.text != doc.text:
            problems.append(
                f"the gold record of {doc.doc_id!r} was made on a different text; "
                "its decisions are not restored (the new ones replace it)"
            )
            record = None
        review = DocReview(doc, annotators, record, labels)
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


@dataclass(frozen=True, slots=True)
class Taken:
    """What taking the team's work that arrived did: the index now of the document that was
    open, the problems met, the documents whose work changed, and what to tell the reviewer
    ("omar submitted n2: 1 span added")."""

    index: int
    problems: list[str]
    changed: set[str]
    news: list[str]


def _news(
    doc_id: str,
    then: Sequence[Verdict],
    now: Sequence[Verdict],
    moved: Mapping[str, Sequence[Moved]],
) -> list[str]:
    """One line per annotator whose record of ``doc_id`` changed its spans, links or status."""
    status_then = {v.annotator: v.status for v in then}
    how = {m.annotator: m for m in moved.get(doc_id, ())}
    lines = []
    for verdict in now:
        name, status = verdict.annotator, verdict.status
        if name not in how and status_then.get(name) == status:
            continue  # saved again with nothing the review shows changed
        done = status in DONE and status_then.get(name) != status
        verb = {"accepted": "submitted"}.get(status, status) if done else "saved"
        counts = f": {how[name].counts()}" if name in how else ""
        lines.append(f"{printable(name)} {verb} {printable(doc_id)}{counts}")
    return lines


@dataclass
class ReviewSetup:
    """A review session: the documents under review and the open (locked) gold journal.
    Every decision goes through ``decide``, so it is in gold before the next one."""

    annotators: list[str]
    reviewer: str
    reviews: list[DocReview]
    journal: Journal
    labels: LabelSet
    problems: list[str]
    # The agreement figures of the same journals: what the child process computing them reads.
    agreement: AgreementJob
    # Per document, each annotator's own word on it: status, and the note of a flag.
    verdicts: Mapping[str, tuple[Verdict, ...]] = field(default_factory=dict)
    # Where to open: the document the reviewer was on when review was last closed.
    start: int = 0
    # Called with each gold record once it is on disk (a team marks the document reviewed).
    on_saved: Callable[[DocRecord], None] | None = None
    # A review of the team's work on its server: where it reads what arrives, and the
    # server's sequence it has read up to (None: the journals are files).
    server: ServerReview | None = None
    seen: int = 0
    corpus: Corpus | None = None
    # What the reviewer is told on opening (not problems: read from a copy, gold taken).
    notices: list[str] = field(default_factory=list)
    # The team's review queue as last served first.
    queue: tuple[str, ...] = ()
    # Each document's conflicts left, counted where the review was read (a worker thread):
    # 0.1 s for 20,000 documents, which the screen would otherwise count on the UI thread.
    # Emptied by whatever may change them since (a decision saved, work arriving).
    left_when_read: tuple[int, ...] = ()

    def export_job(self) -> ExportJob:
        """Gold's accepted documents as JSONL (spaCy/Prodigy), in the corpus's order, where
        ``annotator export --gold`` writes them."""
        source = self.journal.path
        return ExportJob(
            source,
            "jsonl",
            default_export_dir() / f"{source.stem}{FORMATS['jsonl'].SUFFIX}",
            ExportOptions(schema=self.labels.schema, labels=self.labels.names),
            corpus=Path(self.corpus.path) if self.corpus is not None else None,
        )

    def conflicts_left(self) -> tuple[int, ...]:
        """Each document's conflicts left now, in the review's order."""
        return tuple(review.remaining_conflicts() for review in self.reviews)

    def save(self, review: DocReview) -> None:
        self.left_when_read = ()
        record = review.to_record(self.reviewer)
        self.journal.append(record)
        if self.on_saved is not None:
            self.on_saved(record)

    def serve_first(self, doc_ids: Sequence[str]) -> None:
        """Put these documents first, in this order (a team's review queue: documents its
        annotators have finished), the others after them as they were; the reviewer's
        position stays on the document it was on."""
        self.queue = tuple(doc_ids)
        where = {doc_id: n for n, doc_id in enumerate(doc_ids)}
        opened = self.reviews[self.start].doc_id if self.reviews else None
        self.reviews.sort(key=lambda r: where.get(r.doc_id, len(where)))
        self.start = next((n for n, r in enumerate(self.reviews) if r.doc_id == opened), 0)

    def take_arrived(self, arrived: Arrived, current: int) -> Taken:
        """Records that reached the server while the review is open, taken in place: a
        document under review takes its annotators' work as it stands now, keeping every
        decision and its undo history (``DocReview.take_work``); one nobody had a record of
        joins the review; and the queue goes first again. ``current``: the index of the
        document open."""
        self.left_when_read = ()
        names = self.annotators
        journals: dict[str, dict[str, DocRecord]] = {name: {} for name in names}
        for doc_id, records in arrived.records.items():
            for name, record in records.items():
                if name in journals:
                    journals[name][doc_id] = record
        assert self.corpus is not None, "a review on a server keeps its corpus"
        docs, problems = documents_of(self.corpus, journals, names)
        where = {r.doc_id: n for n, r in enumerate(self.reviews)}
        self.start = min(current, len(self.reviews) - 1) if self.reviews else 0
        moved: dict[str, list[Moved]] = {}
        joined = []
        for doc in docs:
            at = where.get(doc.doc_id)
            if at is not None and self.reviews[at].text == doc.text:
                moved[doc.doc_id] = self.reviews[at].take_work(doc)
            else:
                joined.append(doc)
        reviews, not_restored = build_reviews(joined, names, self.journal.records, self.labels)
        for review in reviews:
            if review.doc_id in where:
                self.reviews[where[review.doc_id]] = review
            else:
                self.reviews.append(review)
            moved[review.doc_id] = moved_between(((), ()), (review.candidates, review.links), names)
        verdicts = annotator_verdicts(journals, names, list(arrived.records))
        news = [
            line
            for doc_id, verdicts_now in verdicts.items()
            for line in _news(doc_id, self.verdicts.get(doc_id, ()), verdicts_now, moved)
        ]
        self.verdicts = {**self.verdicts, **verdicts}
        self.serve_first(arrived.queue)
        self.seen = arrived.seen
        return Taken(self.start, problems + not_restored, set(moved), news)

    def remember(self, index: int) -> None:
        """Keep the document at ``index`` as where this reviewer is, for reopening; a failure
        costs only the place (nothing of gold), so it is not an error."""
        place = _positions(self.journal.path)
        place[self.reviewer] = self.reviews[index].doc_id
        save_resume(resume_path(self.journal.path), place)  # "" or why not: only the place

    def decide(self, review: DocReview, decision: Callable[[DocReview], T]) -> T:
        """Apply ``decision`` (a call of one of ``review``'s methods, undo and redo included)
        and write gold before returning. EditRefused: nothing changed. UserError: gold could
        not be written, and the decision is taken back."""
        before = review.snapshot()
        result = decision(review)
        try:
            self.save(review)
        except UserError:
            review.restore(before)
            raise
        return result


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one annotator said of a document as a whole."""

    annotator: str
    status: str
    note: str


def annotator_verdicts(
    journals: Mapping[str, Mapping[str, DocRecord]],
    annotators: Sequence[str],
    doc_ids: Sequence[str],
) -> dict[str, tuple[Verdict, ...]]:
    """Each annotator's status and note on each of ``doc_ids`` they have a record of."""
    verdicts: dict[str, tuple[Verdict, ...]] = {}
    for doc_id in doc_ids:
        verdicts[doc_id] = tuple(
            Verdict(name, journals[name][doc_id].status, journals[name][doc_id].note)
            for name in annotators
            if doc_id in journals[name]
        )
    return verdicts


def _positions(gold: Path) -> dict[str, str]:
    """Reviewer -> the document they were on, from beside the gold journal."""
    try:
        saved = orjson.loads(read_regular(resume_path(gold)))
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(saved, dict):
        return {}
    return {k: v for k, v in saved.items() if isinstance(k, str) and isinstance(v, str)}


# Called with what is being read and how far along it is (done of total), between steps.
Progress = Callable[[str, int, int], None]


class _Cancelled(Exception):
    """The app closed while the review was being read."""


def _no_progress(_what: str, _done: int, _total: int) -> None:
    pass


# A progress report while reviews are built, every this many documents.
REPORT_EVERY = 200
# Seconds between looks at whether the app closed, while ``ReviewOpening.gate`` is held.
GATE_POLL = 0.05


class ReviewOpening:
    """A review about to open: its arguments checked, the annotators' journals found and
    gold locked, nothing read yet. Reading the journals and comparing every document takes
    seconds for large ones, so an app may show its first screen meanwhile and ``finish`` in
    a worker thread; ``close`` (from any thread) gives up gold, read or not."""

    def __init__(
        self,
        corpus: Corpus,
        annotators: list[str],
        reviewer: str,
        annotations: Path,
        held: HeldJournal,
        labels: LabelSet,
        threshold: int | None,
    ) -> None:
        self.corpus = corpus
        self.annotators = annotators
        self.reviewer = reviewer
        self.annotations = annotations
        self.held = held
        self.labels = labels
        self.threshold = threshold
        # A team's review queue: these documents first (``ReviewSetup.serve_first``).
        self.first: Sequence[str] = ()
        # Given to the setup once it is made (the threshold merge's saves do not call it).
        self.on_saved: Callable[[DocRecord], None] | None = None
        # The team's server the review reads (``annotations``: its copy here), or None.
        self.server: ServerReview | None = None
        self.setup: ReviewSetup | None = None
        self._journal: Journal | None = None
        self._closed = False
        # finish (a worker thread) and close (the app's) never run at once.
        self._lock = threading.Lock()
        # finish reads nothing before this is set (it is, unless a test holds the loading
        # screen open for as long as it needs, however fast the machine).
        self.gate = threading.Event()
        self.gate.set()

    @property
    def reads_at_once(self) -> bool:
        """Whether the journals are small enough to read before the first screen (from a
        server: only when this machine has no copy yet, so nothing to show before it)."""
        if self.server is not None:
            return not self.server.has_copy()
        paths = [journal_path(self.annotations, name) for name in self.annotators]
        paths.append(self.held.path)
        return sum(p.stat().st_size for p in paths if p.is_file()) <= READ_AT_ONCE_BYTES

    def first_document(self) -> str:
        """The document the review will most likely open on: where this reviewer was, else
        the corpus's first."""
        last = _positions(self.held.path).get(self.reviewer)
        if last is not None and last in self.corpus:
            return last
        return self.corpus.ids[0] if self.corpus.ids else ""

    def finish(
        self, cancelled: Callable[[], bool] = lambda: False, progress: Progress = _no_progress
    ) -> ReviewSetup | None:
        """Read the journals and gold, restore earlier decisions, apply the threshold merge
        and save what it accepted: the review session; None if ``cancelled()`` turned true
        or the opening was closed first. UserError if nothing can be reviewed (gold is then
        given up)."""

        def report(what: str, done: int, total: int) -> None:
            if cancelled():
                raise _Cancelled
            progress(what, done, total)

        with self._lock:
            if self._closed:
                return None
            try:
                self.setup = self._made(report)
            except _Cancelled:
                self._close()
                return None
            except BaseException:
                self._close()
                raise
            return self.setup

    def _made(self, report: Progress) -> ReviewSetup:
        notices, seen = [], 0
        if self.server is not None:
            report("reading the server", 0, 1)
            self._journal = self.held.load()
            reading = self.server.read(self._journal)
            self.annotators, self.first = list(reading.annotators), reading.queue
            _check_threshold(self.threshold, len(self.annotators))
            self.corpus, notices, seen = (
                open_corpus(self.server.corpus),
                reading.notices,
                reading.seen,
            )
        names = self.annotators
        while not self.gate.wait(GATE_POLL):
            report(f"reading {printable(names[0])}'s journal", 0, len(names))
        journals, problems = read_journals(
            self.annotations,
            names,
            lambda name, n: report(f"reading {printable(name)}'s journal", n, len(names)),
        )
        docs, left_out = documents_of(self.corpus, journals, names)
        problems = [str(p) for p in self.corpus.problems] + problems + left_out
        if not docs:
            raise UserError(
                f"none of {', '.join(names)} has a record in {self.annotations}; "
                "annotate first or pass --annotations DIR"
            )
        report("reading gold", len(names), len(names))
        journal = self._journal = self._journal or self.held.load()
        problems += [str(p) for p in journal.problems]
        reviews, left_out = build_reviews(
            docs,
            names,
            journal.records,
            self.labels,
            lambda done: report("comparing documents", done, len(docs)),
        )
        problems += left_out
        ids = [r.doc_id for r in reviews]
        last = _positions(journal.path).get(self.reviewer)
        setup = ReviewSetup(
            names,
            self.reviewer,
            reviews,
            journal,
            self.labels,
            problems,
            AgreementJob(Path(self.corpus.path), self.annotations, tuple(names)),
            annotator_verdicts(journals, names, ids),
            ids.index(last) if last in ids else 0,
        )
        if self.threshold is not None:
            report("merging at the threshold", 0, len(reviews))
            for review in reviews:
                if review.auto_merge(self.threshold):
                    setup.save(review)
        if self.first:
            setup.serve_first(self.first)
        setup.on_saved = self.on_saved
        setup.server, setup.seen, setup.corpus = self.server, seen, self.corpus
        setup.notices = notices
        setup.left_when_read = setup.conflicts_left()
        let_go(*journals.values(), docs)  # what only the reading needed
        return setup

    def close(self) -> None:
        """Give gold up (closed if it was read); waits for ``finish`` to stop."""
        with self._lock:
            self._close()

    def _close(self) -> None:
        self._closed = True
        if self._journal is not None:
            self._journal.close()
        else:
            self.held.release()


def _check_threshold(threshold: int | None, annotators: int) -> None:
    if threshold is not None and not 1 <= threshold <= annotators:
        raise UserError(f"--threshold must be between 1 and {annotators} (the annotators)")


def open_review(
    corpus: Path | None,
    annotators: list[str],
    *,
    reviewer: str,
    annotations: Path,
    gold: Path,
    threshold: int | None = None,
    labels: LabelSet | None = None,
    server: ServerReview | None = None,
) -> ReviewOpening:
    """Check everything that can refuse before anything is read: the threshold, the corpus,
    each annotator's journal, and gold's lock (UserError naming what and why). With
    ``server``, the corpus and the journals are read from it (``corpus``, ``annotators``
    and ``annotations`` are not used; no ``annotators``: the team's)."""
    if server is not None:
        annotators, annotations = list(server.asked), server.copies
        # The copy read last time, shown while the server is read again (none: read first).
        opened = open_corpus(server.corpus) if server.has_copy() else Corpus(server.corpus)
    else:
        assert corpus is not None, "a review reads a corpus or a server"
        opened = open_corpus(corpus)
        for name in annotators:
            existing_journal(annotations, name)
    if annotators:  # else once the server said who
        _check_threshold(threshold, len(annotators))
    labels = labels or load_labels(None)
    held = Journal.take(gold)
    opening = ReviewOpening(opened, annotators, reviewer, annotations, held, labels, threshold)
    opening.server = server
    return opening
