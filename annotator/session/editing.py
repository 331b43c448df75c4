"""One document being annotated: its spans, relations, attributes, document labels, status,
note, time spent, and undo/redo.

Pure logic, no UI: every change goes through a method that either applies it whole or
raises ``EditRefused`` with a message for the annotator. A change is a new snapshot of
the whole state so undo and redo restore exactly what was there.

Relations name spans by id. A span's relations and attributes go with it when it is deleted
(in the same undo step), and those its new label no longer allows go when it is relabelled;
a relation to a span the document does not hold is never made. Relations, attributes and
document labels the label set does not define (a type removed after the data was made) are
kept as they are and listed in ``problems``: never dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import (
    STATUSES,
    DocRecord,
    Relation,
    Scalar,
    Span,
    new_relation_id,
    quoted,
    text_hash,
)
from annotator.annotations.references import schema_problems
from annotator.annotations.rejections import KEY as REJECTED_KEY
from annotator.annotations.rejections import rejected_keys, remember_rejection
from annotator.annotations.schema import doc_label_entry
from annotator.problems import printable
from annotator.session.history import History
from annotator.suggest.engine import resolve
from annotator.suggest.phrases import PhraseIndex, Words
from annotator.suggest.relations import (
    AttributeSuggestion,
    RelationSuggestion,
    suggest_kinds,
    suggest_speakers,
)
from annotator.text.words import without_marks


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
    relations: tuple[Relation, ...] = ()
    # (span id, attribute name, value), sorted.
    attributes: tuple[tuple[str, str, Scalar], ...] = ()
    # "name=value" entries (annotator.annotations.schema), sorted.
    doc_labels: tuple[str, ...] = ()
    # Relation and attribute suggestions the annotator rejected: (relation type, head id,
    # tail id) and ("name=value", span id, "").
    rejected_links: tuple[tuple[str, str, str], ...] = ()


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
    history: History[State] = field(default_factory=History)
    _last_tick: float | None = None
    # Relation types, attributes and document labels (an empty set: none may be added).
    schema: LabelSet = field(default_factory=lambda: LabelSet(()))
    # What loading the record found wrong with its relations, attributes or document labels.
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_record(
        cls, record: DocRecord, labels: tuple[str, ...], schema: LabelSet | None = None
    ) -> DocumentSession:
        spans = tuple(sorted(record.spans, key=reading_order))
        rejected = tuple(Span.of(record.text, *key) for key in sorted(rejected_keys(record)))
        extra = dict(record.extra)
        extra.pop(REJECTED_KEY, None)  # written again from the state by record()
        rejected_links = _rejected_links(extra.pop(REJECTED_LINKS, []))
        schema = schema or LabelSet(())
        problems = reference_problems(record, schema)
        ids = {span.id for span in spans}
        # A relation to a span the record lacks cannot be kept (it would be stored again);
        # it is the one thing left out, and it is reported.
        relations = tuple(r for r in record.relations if r.head in ids and r.tail in ids)
        attributes = tuple(
            sorted(
                (span_id, name, value)
                for span_id, values in record.attributes.items()
                if span_id in ids
                for name, value in values.items()
            )
        )
        session = cls(
            record.id,
            record.text,
            labels,
            State(
                spans,
                record.status,
                record.note,
                rejected,
                relations,
                attributes,
                tuple(sorted(set(record.doc_labels))),
                rejected_links,
            ),
            record.seconds,
            dict(record.meta),
            extra,
            schema=schema,
            problems=problems,
        )
        return session

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
    def relations(self) -> tuple[Relation, ...]:
        return self.state.relations

    @property
    def doc_labels(self) -> tuple[str, ...]:
        return self.state.doc_labels

    def attributes_of(self, span: Span) -> dict[str, Scalar]:
        return {name: value for span_id, name, value in self.state.attributes if span_id == span.id}

    def span_by_id(self, span_id: str) -> Span | None:
        return next((span for span in self.spans if span.id == span_id), None)

    def relations_of(self, span: Span) -> tuple[Relation, ...]:
        """The relations ``span`` is the head or the tail of."""
        return tuple(r for r in self.relations if span.id in (r.head, r.tail))

    def partners(self, span: Span) -> tuple[Span, ...]:
        """The spans ``span`` is linked to, either way."""
        ids = {r.tail if r.head == span.id else r.head for r in self.relations_of(span)}
        return tuple(s for s in self.spans if s.id in ids)

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
        self.history.push(self.state)
        self.state = state

    def _with_spans(self, spans: list[Span], rejected: tuple[Span, ...] | None = None) -> State:
        """The state with ``spans``; relations and attributes of spans no longer there, or
        that a span's new label does not allow, go with them."""
        status = "in_progress" if self.status == "new" else self.status
        rejected = self.rejected if rejected is None else rejected
        by_id = {span.id: span for span in spans}
        schema = self.schema
        relations = tuple(
            r
            for r in self.relations
            if r.head in by_id
            and r.tail in by_id
            and _still_fits(schema, r, by_id[r.head].label, by_id[r.tail].label)
        )
        attributes = tuple(
            a for a in self.state.attributes if a[0] in by_id and _applies(schema, a, by_id[a[0]])
        )
        return replace(
            self.state,
            spans=tuple(sorted(spans, key=reading_order)),
            status=status,
            rejected=rejected,
            relations=relations,
            attributes=attributes,
        )

    def _touched(self, **changes: Any) -> State:
        """The state with ``changes``; a new document is in progress from its first change."""
        status = "in_progress" if self.status == "new" else self.status
        return replace(self.state, status=status, **changes)

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

    # -- every occurrence -------------------------------------------------------------------

    def occurrences(self, span: Span) -> list[Span]:
        """Every other occurrence of ``span``'s words in the document, as spans of its label,
        in text order: whole tokens of the one tokenizer compared as phrases compare them
        (annotator.suggest.phrases: folded, invisible marks read through), a proclitic before
        the first word left outside (``والبوكمال`` gives ``البوكمال``), none overlapping a
        span already there or another occurrence."""
        if span not in self.spans:
            raise EditRefused("that span is no longer there")
        index = PhraseIndex()
        index.put(span.text, span.label, OCCURRENCE_SOURCE)
        if not len(index):
            raise EditRefused(f"{span.label} [{span.start}, {span.end}) holds no word to look for")
        # A proclitic cut off before a mark (و‎البوكمال) leaves the mark at the start.
        edges = (without_marks(self.text, s, e) for s, e, _ in index.matches(Words(self.text)))
        found = [
            Span.of(self.text, start, end, span.label, source=OCCURRENCE_SOURCE)
            for start, end in edges
        ]
        return resolve(found, len(self.text), self.spans, ())

    def label_all(self, occurrences: Sequence[Span]) -> list[Span]:
        """Add ``occurrences`` (found by ``occurrences``) as one change, so one undo takes
        them all back; each keeps the source that says how it was made."""
        if not occurrences:
            raise EditRefused("no other occurrence to label")
        added = [
            replace(self._checked(o.start, o.end, o.label), source=o.source) for o in occurrences
        ]
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
        self._commit(replace(self.state, status=status, note=note))

    # -- relations, attributes, document labels ------------------------------------------

    def relation_types(self, head: Span, tail: Span) -> tuple[str, ...]:
        """The relation types the label set allows from ``head`` to ``tail``."""
        if head.id == tail.id:
            return ()
        return self.schema.relation_types(head.label, tail.label)

    def link_targets(self, head: Span) -> list[Span]:
        """The spans a relation from ``head`` may point to, nearest first (by the characters
        between them, then reading order)."""

        def distance(span: Span) -> tuple[int, int, int]:
            gap = max(span.start - head.end, head.start - span.end, 0)
            return (gap, span.start, -span.end)

        found = [s for s in self.spans if self.relation_types(head, s)]
        return sorted(found, key=distance)

    def link(
        self,
        head: Span,
        tail: Span,
        kind: str,
        source: str = "",
        confidence: float | None = None,
    ) -> Relation:
        """A relation of type ``kind`` from ``head`` to ``tail``, both spans of this document."""
        for end in (head, tail):
            if self.span_by_id(end.id) != end:
                raise EditRefused("that span is no longer there")
        allowed = self.relation_types(head, tail)
        if kind not in allowed:
            if head.id == tail.id:
                raise EditRefused("a span cannot be linked to itself")
            relation = self.schema.relation(kind)
            if relation is None:
                raise EditRefused(f"unknown relation type {kind}")
            raise EditRefused(
                f"{kind} goes from {' or '.join(relation.head)} to {' or '.join(relation.tail)}, "
                f"not from {head.label} to {tail.label}"
            )
        if any((r.type, r.head, r.tail) == (kind, head.id, tail.id) for r in self.relations):
            raise EditRefused(f"{head.label} → {kind} → {tail.label} is already there")
        made = Relation(new_relation_id(), kind, head.id, tail.id, source, confidence)
        self._commit(self._touched(relations=(*self.relations, made)))
        return made

    def unlink(self, relation: Relation) -> None:
        if relation not in self.relations:
            raise EditRefused("that relation is no longer there")
        self._commit(self._touched(relations=tuple(r for r in self.relations if r != relation)))

    def unlink_span(self, span: Span) -> int:
        """Remove every relation ``span`` is an end of, as one change; how many."""
        gone = self.relations_of(span)
        if not gone:
            raise EditRefused(f"{span.label} [{span.start}, {span.end}) has no relation")
        self._commit(self._touched(relations=tuple(r for r in self.relations if r not in gone)))
        return len(gone)

    def attributes_unset(self) -> list[Span]:
        """Spans with an attribute of their label not set yet, in reading order."""
        return [
            span
            for span in self.spans
            if any(
                a.name not in self.attributes_of(span)
                for a in self.schema.attributes_of(span.label)
            )
        ]

    def set_attribute(self, span: Span, name: str, value: Scalar | None) -> None:
        """Set (or, with None, clear) attribute ``name`` of ``span`` to one of its values."""
        if self.span_by_id(span.id) != span:
            raise EditRefused("that span is no longer there")
        attribute = self.schema.attribute(span.label, name)
        if attribute is None:
            raise EditRefused(f"{span.label} has no attribute {name}")
        if value is not None and value not in attribute.values:
            raise EditRefused(f"{name} is one of {', '.join(attribute.values)}, not {value}")
        kept = [a for a in self.state.attributes if (a[0], a[1]) != (span.id, name)]
        if value is not None:
            kept.append((span.id, name, value))
        self._commit(self._touched(attributes=tuple(sorted(kept))))

    def cycle_attribute(self, span: Span, name: str | None = None) -> Scalar | None:
        """Step attribute ``name`` (the label's first when None) of ``span`` to its next
        value, and from the last back to unset; the new value."""
        attributes = self.schema.attributes_of(span.label)
        attribute = next((a for a in attributes if name in (None, a.name)), None)
        if attribute is None:
            raise EditRefused(f"{span.label} has no attribute{'' if name is None else ' ' + name}")
        current = self.attributes_of(span).get(attribute.name)
        values: list[Scalar | None] = [*attribute.values, None]
        following = (
            values[(values.index(current) + 1) % len(values)] if current in values else values[0]
        )
        self.set_attribute(span, attribute.name, following)
        return following

    # -- relation and attribute suggestions ----------------------------------------------

    def link_suggestions(self) -> tuple[list[RelationSuggestion], list[AttributeSuggestion]]:
        """The speakers and casualty kinds the rules suggest (annotator.suggest.relations)
        that are still open: not there yet, not rejected, and where nothing is set already
        (a quote with a speaker, a span with that attribute)."""
        rejected = set(self.state.rejected_links)
        spans = self.spans
        has_speaker = {(r.type, r.head) for r in self.relations}
        relations = [
            s
            for s in suggest_speakers(self.text, spans, self.schema)
            if (s.type, s.head.id) not in has_speaker
            and (s.type, s.head.id, s.tail.id) not in rejected
        ]
        attributes = [
            s
            for s in suggest_kinds(self.text, spans, self.schema)
            if s.name not in self.attributes_of(s.span)
            and (doc_label_entry(s.name, s.value), s.span.id, "") not in rejected
        ]
        return relations, attributes

    def accept_link(self, suggestion: RelationSuggestion | AttributeSuggestion) -> None:
        """Make a suggested relation (with its source and confidence) or set a suggested
        attribute."""
        if isinstance(suggestion, RelationSuggestion):
            self.link(
                suggestion.head,
                suggestion.tail,
                suggestion.type,
                suggestion.source,
                suggestion.confidence,
            )
        else:
            self.set_attribute(suggestion.span, suggestion.name, suggestion.value)

    def reject_link(self, suggestion: RelationSuggestion | AttributeSuggestion) -> None:
        """Remember that a relation or attribute suggestion was rejected: not offered again."""
        if isinstance(suggestion, RelationSuggestion):
            entry = (suggestion.type, suggestion.head.id, suggestion.tail.id)
        else:
            entry = (doc_label_entry(suggestion.name, suggestion.value), suggestion.span.id, "")
        if entry in self.state.rejected_links:
            raise EditRefused("that suggestion is already rejected")
        rejected = tuple(sorted((*self.state.rejected_links, entry)))
        self._commit(self._touched(rejected_links=rejected))

    def toggle_doc_label(self, name: str, value: str) -> bool:
        """Set document label ``name`` to ``value``, or take it off when it is set; whether
        it is set now. A single-choice label replaces its other value."""
        group = self.schema.doc_label(name)
        if group is None:
            raise EditRefused(f"unknown document label {name}")
        if value not in group.values:
            raise EditRefused(f"{name} is one of {', '.join(group.values)}, not {value}")
        entry = doc_label_entry(name, value)
        labels = set(self.doc_labels)
        if entry in labels:
            labels.discard(entry)
        else:
            if not group.multiple:
                labels -= {doc_label_entry(name, v) for v in group.values}
            labels.add(entry)
        self._commit(self._touched(doc_labels=tuple(sorted(labels))))
        return entry in labels

    def undo(self) -> bool:
        return self._go_to(self.history.undo(self.state))

    def redo(self) -> bool:
        return self._go_to(self.history.redo(self.state))

    def _go_to(self, state: State | None) -> bool:
        if state is None:
            return False
        self.state = state
        return True

    def snapshot(self) -> tuple[State, History[State]]:
        """Everything a change can touch, to put back if the change could not be saved."""
        return self.state, self.history.copy()

    def restore(self, snapshot: tuple[State, History[State]]) -> None:
        self.state = snapshot[0]
        self.history = snapshot[1].copy()

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
            relations=list(self.relations),
            attributes=attributes_dict(self.state.attributes),
            doc_labels=list(self.doc_labels),
        )
        for span in self.rejected:
            remember_rejection(record, span)
        if self.state.rejected_links:
            record.extra[REJECTED_LINKS] = [list(entry) for entry in self.state.rejected_links]
        return record

    def span_at(self, offset: int) -> Span | None:
        """The innermost span covering ``offset`` (the one drawn on top)."""
        covering = [s for s in self.spans if s.start <= offset < s.end]
        return min(covering, key=lambda s: (s.end - s.start, s.label), default=None)


REJECTED_LINKS = "rejected_links"
# The source of spans labelled with every other occurrence of a span (``label_all``).
OCCURRENCE_SOURCE = "occurrence"


def _rejected_links(raw: object) -> tuple[tuple[str, str, str], ...]:
    """The rejected relation and attribute suggestions a record keeps (well-formed ones)."""
    if not isinstance(raw, list):
        return ()
    return tuple(
        sorted(
            (entry[0], entry[1], entry[2])
            for entry in raw
            if isinstance(entry, list)
            and len(entry) == 3
            and all(isinstance(e, str) for e in entry)
        )
    )


def attributes_dict(
    attributes: tuple[tuple[str, str, Scalar], ...],
) -> dict[str, dict[str, Scalar]]:
    """``(span id, name, value)`` triples as a record stores them: span id -> {name: value}."""
    out: dict[str, dict[str, Scalar]] = {}
    for span_id, name, value in attributes:
        out.setdefault(span_id, {})[name] = value
    return out


def _still_fits(schema: LabelSet, relation: Relation, head: str, tail: str) -> bool:
    """Whether a relation may stay between spans now labelled ``head`` and ``tail``: a type
    the label set does not define is kept (reported, never dropped by an edit)."""
    defined = schema.relation(relation.type)
    return defined is None or defined.joins(head, tail)


def _applies(schema: LabelSet, attribute: tuple[str, str, Scalar], span: Span) -> bool:
    """Whether an attribute may stay on ``span``: one no label of the set defines is kept."""
    name = attribute[1]
    defined = any(a.name == name for a in schema.attributes)
    return not defined or schema.attribute(span.label, name) is not None


def reference_problems(record: DocRecord, schema: LabelSet) -> list[str]:
    """What a record's relations, attributes and document labels hold that its spans or the
    label set do not allow, each saying what happens to it."""
    ids = {span.id for span in record.spans}
    problems = [
        f"relation {printable(r.type)} {quoted(r.id)} points at a span the document does not "
        "hold; it is left out"
        for r in record.relations
        if r.head not in ids or r.tail not in ids
    ]
    problems += [
        f"attributes of span {quoted(span_id)}, which the document does not hold, are left out"
        for span_id in record.attributes
        if span_id not in ids
    ]
    problems += [f"{p}; kept as it is" for p in schema_problems(record, schema)]
    return problems


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
    linked: tuple[Relation, ...] = ()
    unlinked: tuple[Relation, ...] = ()
    attributes_changed: int = 0
    doc_labels_changed: bool = False

    @classmethod
    def between(cls, before: State, after: State) -> Change:
        return cls(
            tuple(s for s in after.spans if s not in before.spans),
            tuple(s for s in before.spans if s not in after.spans),
            (before.status, after.status) if before.status != after.status else None,
            before.note != after.note,
            len(after.rejected) - len(before.rejected),
            tuple(r for r in after.relations if r not in before.relations),
            tuple(r for r in before.relations if r not in after.relations),
            len(set(after.attributes) ^ set(before.attributes)),
            before.doc_labels != after.doc_labels,
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
        parts += [f"{r.type} relation added" for r in self.linked]
        parts += [f"{r.type} relation removed" for r in self.unlinked]
        if self.attributes_changed:
            parts.append("attribute changed")
        if self.doc_labels_changed:
            parts.append("document labels changed")
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
