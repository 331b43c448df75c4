"""One document being annotated: its spans, status, note, time spent, and undo/redo.

Pure logic, no UI: every change goes through a method that either applies it whole or
raises ``EditRefused`` with a message for the annotator. A change is a new snapshot of
(spans, status, note) so undo and redo restore exactly what was there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from annotator.annotations.model import STATUSES, DocRecord, Span, text_hash
from annotator.annotations.rejections import KEY as REJECTED_KEY
from annotator.annotations.rejections import rejected_keys, remember_rejection


class Placed(Protocol):
    """Anything with a start offset: spans, review candidates."""

    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=Placed)

# A pause longer than this between two actions is not counted as time spent: the
# annotator went for coffee with the document open.
IDLE_CAP_SECONDS = 120.0


class EditRefused(Exception):
    """A change that would make the document wrong or duplicate; the message says why."""


@dataclass(frozen=True, slots=True)
class State:
    spans: tuple[Span, ...]
    status: str
    note: str
    # Suggestions the annotator rejected: part of the state so that undo brings them back.
    rejected: tuple[Span, ...] = ()


def reading_order(span: Span) -> tuple[int, int, str]:
    """Spans sorted by start, the longer (outer) first when two start together."""
    return (span.start, -span.end, span.label)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class DocumentSession:
    doc_id: str
    text: str
    labels: tuple[str, ...]
    state: State = field(default_factory=lambda: State((), "new", ""))
    seconds: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    _undo: list[State] = field(default_factory=list)
    _redo: list[State] = field(default_factory=list)
    _last_tick: float | None = None

    @classmethod
    def from_record(cls, record: DocRecord, labels: tuple[str, ...]) -> DocumentSession:
        spans = tuple(sorted(record.spans, key=reading_order))
        rejected = tuple(Span.of(record.text, *key) for key in sorted(rejected_keys(record)))
        extra = dict(record.extra)
        extra.pop(REJECTED_KEY, None)  # written again from the state by record()
        return cls(
            record.id,
            record.text,
            labels,
            State(spans, record.status, record.note, rejected),
            record.seconds,
            dict(record.meta),
            extra,
        )

    @property
    def spans(self) -> tuple[Span, ...]:
        return self.state.spans

    @property
    def status(self) -> str:
        return self.state.status

    @property
    def note(self) -> str:
        return self.state.note

    @property
    def rejected(self) -> tuple[Span, ...]:
        return self.state.rejected

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- time ---------------------------------------------------------------------------

    def tick(self, now: float) -> None:
        """Count the time since the last tick (capped at IDLE_CAP_SECONDS) as time spent."""
        if self._last_tick is not None:
            self.seconds += min(max(now - self._last_tick, 0.0), IDLE_CAP_SECONDS)
        self._last_tick = now

    def pause(self, now: float) -> None:
        """Stop the clock (the document is left); the next tick starts it again."""
        self.tick(now)
        self._last_tick = None

    # -- changes --------------------------------------------------------------------------

    def _commit(self, state: State) -> None:
        # A key that changes nothing (an edge already at the end of the text) must not take
        # an undo step or write a journal line.
        if state == self.state:
            raise EditRefused("that changes nothing")
        self._undo.append(self.state)
        self._redo.clear()
        self.state = state

    def _with_spans(self, spans: list[Span], rejected: tuple[Span, ...] | None = None) -> State:
        status = "in_progress" if self.status == "new" else self.status
        rejected = self.rejected if rejected is None else rejected
        return State(tuple(sorted(spans, key=reading_order)), status, self.note, rejected)

    def _checked(self, start: int, end: int, label: str, ignore: Span | None = None) -> Span:
        if label not in self.labels:
            raise EditRefused(f"unknown label {label}")
        if not 0 <= start < end <= len(self.text):
            raise EditRefused("nothing selected" if start >= end else "selection outside the text")
        for span in self.spans:
            if span is not ignore and span.key() == (start, end, label):
                raise EditRefused(f"{label} [{start}, {end}) is already there")
        return Span.of(self.text, start, end, label)

    def add(self, start: int, end: int, label: str) -> Span:
        span = self._checked(start, end, label)
        self._commit(self._with_spans([*self.spans, span]))
        return span

    def accept_suggestions(self, suggestions: list[Span]) -> list[Span]:
        """Add suggested spans as ordinary spans, keeping their ``source`` and ``confidence``;
        one change."""
        if not suggestions:
            raise EditRefused("no suggestion to accept")
        added = []
        for suggestion in suggestions:
            checked = self._checked(suggestion.start, suggestion.end, suggestion.label)
            added.append(
                replace(checked, source=suggestion.source, confidence=suggestion.confidence)
            )
        self._commit(self._with_spans([*self.spans, *added]))
        return added

    def reject_suggestion(self, suggestion: Span) -> None:
        """Remember that ``suggestion`` was rejected, so it is not suggested again."""
        key = suggestion.key()
        if any(span.key() == key for span in self.rejected):
            raise EditRefused(f"{suggestion.label} {list(key[:2])} is already rejected")
        entry = Span.of(self.text, *key)
        rejected = tuple(sorted((*self.rejected, entry), key=Span.key))
        self._commit(self._with_spans(list(self.spans), rejected))

    def remove(self, span: Span) -> None:
        if span not in self.spans:
            raise EditRefused("that span is no longer there")
        rest = list(self.spans)
        rest.remove(span)
        self._commit(self._with_spans(rest))

    def replace(self, span: Span, start: int, end: int, label: str) -> Span:
        """Relabel or move the edges of ``span``; the result must still be a distinct span."""
        if span not in self.spans:
            raise EditRefused("that span is no longer there")
        # The span keeps its id: relations and attributes refer to it by it.
        new = replace(self._checked(start, end, label, ignore=span), id=span.id)
        rest = list(self.spans)
        rest.remove(span)
        self._commit(self._with_spans([*rest, new]))
        return new

    def set_status(self, status: str, note: str | None = None) -> None:
        if status not in STATUSES:
            raise EditRefused(f"unknown status {status}")
        note = self.note if note is None else note
        if (status, note) == (self.status, self.note):
            raise EditRefused(f"already {status}")
        self._commit(State(self.spans, status, note, self.rejected))

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(self.state)
        self.state = self._undo.pop()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(self.state)
        self.state = self._redo.pop()
        return True

    def snapshot(self) -> tuple[State, tuple[State, ...], tuple[State, ...]]:
        """Everything a change can touch, to put back if the change could not be saved."""
        return self.state, tuple(self._undo), tuple(self._redo)

    def restore(self, snapshot: tuple[State, tuple[State, ...], tuple[State, ...]]) -> None:
        self.state = snapshot[0]
        self._undo = list(snapshot[1])
        self._redo = list(snapshot[2])

    # -- output ---------------------------------------------------------------------------

    def record(self, annotator: str, updated_at: str | None = None) -> DocRecord:
        record = DocRecord(
            id=self.doc_id,
            text=self.text,
            spans=list(self.spans),
            status=self.status,
            annotator=annotator,
            updated_at=updated_at or now_iso(),
            seconds=round(self.seconds, 3),
            note=self.note,
            text_hash=text_hash(self.text),
            meta=dict(self.meta),
            extra=dict(self.extra),
        )
        for span in self.rejected:
            remember_rejection(record, span)
        return record

    def span_at(self, offset: int) -> Span | None:
        """The innermost span covering ``offset`` (the one drawn on top)."""
        covering = [s for s in self.spans if s.start <= offset < s.end]
        return min(covering, key=lambda s: (s.end - s.start, s.label), default=None)


# A summary names this many changes and counts the rest.
SHOWN_CHANGES = 3


@dataclass(frozen=True, slots=True)
class Change:
    """What differs between two states of a document: what an undo or redo did."""

    added: tuple[Span, ...]
    removed: tuple[Span, ...]
    status: tuple[str, str] | None  # (before, after) when it changed
    note_changed: bool
    rejections: int  # suggestions rejected (+) or no longer rejected (-)

    @classmethod
    def between(cls, before: State, after: State) -> Change:
        return cls(
            tuple(s for s in after.spans if s not in before.spans),
            tuple(s for s in before.spans if s not in after.spans),
            (before.status, after.status) if before.status != after.status else None,
            before.note != after.note,
            len(after.rejected) - len(before.rejected),
        )

    def describe(self) -> str:
        """One line for the annotator, spans named by label and offsets (labels as stored:
        the UI escapes what it shows)."""
        parts: list[str] = []
        added, removed = list(self.added), list(self.removed)
        # A span that was moved or relabelled is one span before and after, not two.
        if len(added) == len(removed) == 1:
            old, new = removed.pop(), added.pop()
            if old.label == new.label:
                parts.append(f"{old.label} [{old.start}, {old.end}) → [{new.start}, {new.end})")
            else:
                parts.append(f"{old.label} → {new.label} [{new.start}, {new.end})")
        parts += [f"{s.label} [{s.start}, {s.end}) removed" for s in removed]
        parts += [f"{s.label} [{s.start}, {s.end}) added" for s in added]
        if self.status is not None:
            parts.append(f"status {self.status[0]} → {self.status[1]}".replace("_", " "))
        if self.note_changed:
            parts.append("note changed")
        if self.rejections > 0:
            parts.append(f"{self.rejections} suggestion(s) rejected")
        elif self.rejections < 0:
            parts.append(f"{-self.rejections} suggestion(s) suggested again")
        if len(parts) > SHOWN_CHANGES:
            parts[SHOWN_CHANGES:] = [f"and {len(parts) - SHOWN_CHANGES} more"]
        return "; ".join(parts) or "nothing"


def step_through(items: Sequence[T], current: T | None, cursor: int, step: int) -> T:
    """The item ``step`` (+1 or -1) from ``current`` in ``items`` (in reading order), wrapping
    round; with no current item, the first one at or after ``cursor`` (+1) or the last one
    before it (-1)."""
    if current in items:
        return items[(items.index(current) + step) % len(items)]
    if step > 0:
        return next((item for item in items if item.start >= cursor), items[0])
    return next((item for item in reversed(items) if item.start < cursor), items[-1])
