"""The annotation data model shared by storage, export, review and the UI.

A span is ``[start, end)`` in code-point offsets of the exact stored text and
always carries its ``text``; nothing here normalises text.

A record is written as schema v2 (``"v": 2``, docs/storage.md has the field table) and read
from v1 (``"schema": 1``) or v2. A v2 line may leave its ``text`` out: the store then gives
``DocRecord.from_json`` the text it found on an earlier line (annotator.store.journal).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import secrets
import sys
from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = 2
# The versions this code reads; v1 lines say ``"schema": 1``, later ones ``"v": N``.
READ_VERSIONS = (1, 2)

STATUSES = ("new", "in_progress", "accepted", "rejected", "skipped", "flagged")
DONE_STATUSES = frozenset({"accepted", "rejected"})


class RecordError(ValueError):
    """A record or span that does not fit the schema; the message says which field and why."""


_last_hashed: tuple[str, str] = ("", "")


def text_hash(text: str) -> str:
    """The hash a record keeps of the text it was made on (detects corpus drift).

    Every save of a document hashes the same text object again: the last one is remembered
    by identity, so a key on a 5 MB article does not hash 5 MB."""
    global _last_hashed
    if _last_hashed[0] is text:
        return _last_hashed[1]
    digest = "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    _last_hashed = (text, digest)
    return digest


def carries_text(obj: dict[str, Any]) -> bool:
    """Whether a journal line holds its document's text rather than leaving it out."""
    return "text" in obj or "v" not in obj  # a v1 line always has its own text


def joined_text(obj: dict[str, Any], carrier: object) -> str:
    """The text of ``carrier`` for ``obj``, a line of the same document that leaves its text
    out; RecordError unless the carrier's text is the one ``obj`` names."""
    wanted, length = obj.get("text_hash"), obj.get("length")
    if (
        type(carrier) is dict
        and carrier.get("id") == obj.get("id")
        and type(text := carrier.get("text")) is str
        and carrier.get("text_hash") == wanted
        and len(text) == length
    ):
        return text
    doc_id = obj.get("id")
    if type(carrier) is not dict:
        raise RecordError(
            f"record {doc_id!r} leaves its text out and no earlier line of the document carries one"
        )
    raise RecordError(
        f"record {doc_id!r} leaves its text out, and the latest earlier line of the document "
        "that carries one holds another text (its text_hash or length differ)"
    )


# Span ids are unique within a document: a random prefix per process (a forked child draws
# its own) and a counter make them unique across the processes that may write spans of one
# document (annotators, review).
_span_prefix = secrets.token_hex(4)
_span_numbers = itertools.count(1)


def _new_span_prefix() -> None:
    global _span_prefix
    _span_prefix = secrets.token_hex(4)


os.register_at_fork(after_in_child=_new_span_prefix)


def new_span_id() -> str:
    return f"{_span_prefix}.{next(_span_numbers):x}"


def new_relation_id() -> str:
    """A relation's id, unique in its document the same way span ids are."""
    return f"r{_span_prefix}.{next(_span_numbers):x}"


def new_change_id() -> str:
    """The id of one saved change: the same change sent twice is stored once."""
    return os.urandom(8).hex()


def provenance_json(source: str, confidence: float | None) -> dict[str, Any]:
    """Where a suggested span or relation came from and how sure its suggester was, as its
    JSON carries them (each only when there is one)."""
    out: dict[str, Any] = {}
    if source:
        out["source"] = source
    if confidence is not None:
        out["confidence"] = confidence
    return out


def checked_provenance(obj: dict[str, Any], where: str) -> tuple[str, float | None]:
    """The ``source`` and ``confidence`` of a span's or relation's JSON, checked."""
    confidence = obj.get("confidence")
    if confidence is not None and (
        type(confidence) not in (int, float) or not 0 <= confidence <= 1
    ):
        raise RecordError(f"{where}.confidence must be a number from 0 to 1, got {confidence!r}")
    source = obj.get("source", "")
    if not isinstance(source, str):
        raise RecordError(f"{where}.source must be a string")
    return source, None if confidence is None else float(confidence)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int
    label: str
    text: str
    # Optional provenance: which annotators had this span (gold), where a suggestion came from,
    # and whether re-anchoring after a corpus change failed.
    annotators: tuple[str, ...] = ()
    source: str = ""
    stale: bool = False
    # Stays with the span when an edge moves or the label changes (dataclasses.replace keeps
    # it); relations and attributes refer to spans by it. Not part of what a span is: two
    # spans over the same text with the same label are equal whatever their ids.
    id: str = field(default_factory=new_span_id, compare=False)
    # How sure the suggester that proposed it was (0..1), kept when it is accepted.
    confidence: float | None = field(default=None, compare=False)

    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
        }
        if self.annotators:
            out["annotators"] = list(self.annotators)
        out.update(provenance_json(self.source, self.confidence))
        if self.stale:
            out["stale"] = True
        return out

    @classmethod
    def from_json(cls, obj: Any, where: str = "span") -> Span:
        """A span from its JSON, checked field by field; one without an id gets a new one."""
        return cls._checked(obj, where, new_span_id())

    @classmethod
    def _checked(cls, obj: Any, where: str, span_id: str) -> Span:
        """Any span, checked field by field so that an error names what is wrong."""
        if not isinstance(obj, dict):
            raise RecordError(f"{where} is {type(obj).__name__}, expected an object")
        found = obj.get("id", span_id)
        if not isinstance(found, str) or not found:
            raise RecordError(f"{where}.id must be a non-empty string, got {found!r}")
        source, confidence = checked_provenance(obj, where)
        for name in ("start", "end"):
            value = obj.get(name)
            if type(value) is not int:
                raise RecordError(f"{where}.{name} must be an integer, got {value!r}")
        for name in ("label", "text"):
            if not isinstance(obj.get(name), str):
                raise RecordError(f"{where}.{name} must be a string, got {obj.get(name)!r}")
        annotators = obj.get("annotators", [])
        if not isinstance(annotators, list) or not all(isinstance(a, str) for a in annotators):
            raise RecordError(f"{where}.annotators must be a list of strings")
        return cls(
            obj["start"],
            obj["end"],
            obj["label"],
            obj["text"],
            tuple(annotators),
            source,
            bool(obj.get("stale", False)),
            found,
            confidence,
        )

    @classmethod
    def of(cls, text: str, start: int, end: int, label: str, **extra: Any) -> Span:
        """A span over ``text[start:end]``, its text taken from the document itself."""
        return cls(start, end, label, text[start:end], **extra)


class _Unfrozen:
    """Span's slots without its frozen guard. Loading a journal builds hundreds of thousands
    of spans: the frozen dataclass's __init__ sets each field through object.__setattr__, at
    about three times the cost of setting this class's slots as plain attributes and then
    giving the object Span's class (Python allows it: the two lay out the same slots). The
    object is then a Span like any other, every field set, frozen from there on."""

    __slots__ = Span.__slots__
    start: int
    end: int
    label: str
    text: str
    annotators: tuple[str, ...]
    source: str
    stale: bool
    id: str
    confidence: float | None


_QUOTE = 40


def quoted(text: str) -> str:
    """``text`` as repr shows it (control and bidi characters escaped), cut to its first
    characters and its length when long, so one message never prints a whole article."""
    if len(text) <= _QUOTE:
        return repr(text)
    return f"{text[:_QUOTE]!r}… ({len(text)} characters)"


def check_span(span: Span, text: str, where: str = "span") -> list[str]:
    """Every way ``span`` fails to describe ``text``; empty when it is sound.

    An offset outside the text is one problem: slicing with it (a negative start counts from
    the end) would quote something else.
    """
    if span.start < 0 or span.end > len(text):
        return [f"{where} [{span.start}, {span.end}) lies outside the text (length {len(text)})"]
    if span.start >= span.end:
        return [f"{where} has start {span.start} not before end {span.end}"]
    found = text[span.start : span.end]
    if found != span.text:
        return [
            f"{where} text {quoted(span.text)} differs from the document's {quoted(found)} "
            f"at [{span.start}, {span.end})"
        ]
    return []


Scalar = str | int | float | bool


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two spans of one record, by their ids (``head`` -> ``tail``)."""

    id: str
    type: str
    head: str
    tail: str
    # Where a suggested relation came from and how sure its suggester was, as for spans.
    source: str = ""
    confidence: float | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "head": self.head,
            "tail": self.tail,
        }
        out.update(provenance_json(self.source, self.confidence))
        return out

    @classmethod
    def from_json(cls, obj: Any, where: str) -> Relation:
        if (
            not isinstance(obj, dict)
            or not {"id", "type", "head", "tail"} <= obj.keys()
            or not obj.keys() <= {"id", "type", "head", "tail", "source", "confidence"}
        ):
            raise RecordError(
                f"{where} must be an object of id, type, head and tail (and source, confidence)"
            )
        for name in ("id", "type", "head", "tail"):
            if not isinstance(obj[name], str) or not obj[name]:
                raise RecordError(f"{where}.{name} must be a non-empty string")
        return cls(
            obj["id"], obj["type"], obj["head"], obj["tail"], *checked_provenance(obj, where)
        )


@dataclass(slots=True)
class DocRecord:
    """One document's state as one journal line; the latest line for an id wins."""

    id: str
    text: str
    spans: list[Span] = field(default_factory=list)
    status: str = "new"
    annotator: str = ""
    updated_at: str = ""
    seconds: float = 0.0
    note: str = ""
    text_hash: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    # Keys this version does not know, kept so a round trip never loses them.
    extra: dict[str, Any] = field(default_factory=dict)
    # The version of the line it was read from; a record is always written as the newest.
    schema: int = SCHEMA_VERSION
    # The id of the change this state was saved as (the store sets it when it writes).
    change: str = ""
    relations: list[Relation] = field(default_factory=list)
    # Span id -> {attribute name: value}.
    attributes: dict[str, dict[str, Scalar]] = field(default_factory=dict)
    doc_labels: list[str] = field(default_factory=list)

    def bookkeeping(self) -> dict[str, Any]:
        """Where the annotator left the document, who, when, after how long, and their note
        (when there is one), in the order a journal line writes them."""
        out: dict[str, Any] = {
            "status": self.status,
            "annotator": self.annotator,
            "updated_at": self.updated_at,
            "seconds": self.seconds,
        }
        if self.note:
            out["note"] = self.note
        return out

    def to_json(self, with_text: bool = True) -> dict[str, Any]:
        """The record as a v2 line; without its text when ``with_text`` is false (the store
        leaves it out when an earlier line of the document carries it)."""
        out: dict[str, Any] = {"v": SCHEMA_VERSION, "id": self.id}
        if self.change:
            out["change"] = self.change
        if with_text:
            out["text"] = self.text
        out["text_hash"] = self.text_hash or text_hash(self.text)
        out["length"] = len(self.text)
        out["spans"] = [s.to_json() for s in sorted(self.spans)]
        out.update(self.bookkeeping())
        if self.meta:
            out["meta"] = self.meta
        if self.relations:
            out["relations"] = [r.to_json() for r in self.relations]
        if self.attributes:
            out["attributes"] = self.attributes
        if self.doc_labels:
            out["doc_labels"] = self.doc_labels
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, obj: Any, text: str | None = None) -> DocRecord:
        """The record of a v1 or v2 line. A v2 line without ``text`` needs the document's
        text from the store (``text``), checked against the line's ``length``."""
        return cls._read(obj, text)[0]

    @classmethod
    def from_line(cls, obj: Any, text: str | None = None) -> DocRecord:
        """``from_json``, refused (RecordError) unless every span describes the record's text:
        offsets inside it, start before end, and ``text[start:end] == span.text``. A stale span
        keeps the text it had before the corpus changed, so only its offsets must hold."""
        record, sound = cls._read(obj, text)
        if not sound:
            text = record.text
            length = len(text)
            for i, span in enumerate(record.spans):
                start, end = span.start, span.end
                if 0 <= start < end <= length and span.stale:
                    continue
                faults = check_span(span, text, f"spans[{i}]")
                if faults:
                    raise RecordError(f"record {record.id!r}: {faults[0]}")
        return record

    @classmethod
    def _read(cls, obj: Any, text: str | None) -> tuple[DocRecord, bool]:
        """The record of a line, and whether every span is sound (``_spans``)."""
        if not isinstance(obj, dict):
            raise RecordError(f"record is {type(obj).__name__}, expected an object")
        get = obj.get
        version = line_version(obj)
        doc_id = get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise RecordError(f"id must be a non-empty string, got {doc_id!r}")
        if text is None:
            text = get("text")
            if not isinstance(text, str):
                if version >= 2 and "text" not in obj:
                    raise RecordError(
                        f"record {doc_id!r} carries no text and no earlier line of the "
                        "document does"
                    )
                raise RecordError(f"record {doc_id!r} has no text string")
        raw_spans = get("spans", [])
        if not isinstance(raw_spans, list):
            raise RecordError(f"record {doc_id!r}: spans must be a list")
        spans, sound = _spans(raw_spans, text)
        status = get("status", "new")
        if status not in STATUSES:
            raise RecordError(
                f"record {doc_id!r}: status {status!r} is not one of {', '.join(STATUSES)}"
            )
        seconds = get("seconds", 0.0)
        if type(seconds) not in (int, float) or seconds < 0:
            raise RecordError(f"record {doc_id!r}: seconds must be a non-negative number")
        annotator, updated_at, note, hashed = (
            get("annotator", ""), get("updated_at", ""), get("note", ""), get("text_hash", "")
        )  # fmt: skip
        if not (
            type(annotator) is str
            and type(updated_at) is str
            and type(note) is str
            and type(hashed) is str
        ):
            for name in ("annotator", "updated_at", "note", "text_hash"):
                if not isinstance(get(name, ""), str):
                    raise RecordError(f"record {doc_id!r}: {name} must be a string")
        if type(annotator) is str and type(status) is str:
            # Shared, as span labels are: every line of a journal repeats them.
            annotator, status = sys.intern(annotator), sys.intern(status)
        meta = get("meta", {})
        if not isinstance(meta, dict):
            raise RecordError(f"record {doc_id!r}: meta must be an object")
        record = cls(
            doc_id, text, spans, status, annotator, updated_at, float(seconds), note, hashed, meta
        )
        record.schema = version
        known = _KNOWN_V1
        if version >= 2:
            known = _KNOWN_V2
            _read_v2_fields(record, obj)
        # Unknown keys are rare: finding there are none builds nothing.
        if not known.issuperset(obj):
            record.extra = {_kept_as(k, version): v for k, v in obj.items() if k not in known}
        return record, sound


def _kept_as(key: str, version: int) -> str:
    """The key an unknown key is kept under: a v1 key that v2 defines (a tool's own
    ``"change"``) is renamed ``v1_<key>``, so that writing the record as v2 keeps both."""
    return f"v1_{key}" if version == 1 and key in _KNOWN_V2 else key


_KNOWN_V1 = frozenset(
    ("schema", "id", "text", "text_hash", "spans", "status", "annotator",
     "updated_at", "seconds", "note", "meta")
)  # fmt: skip
_KNOWN_V2 = (_KNOWN_V1 - {"schema"}) | {
    "v", "change", "length", "relations", "attributes", "doc_labels"
}  # fmt: skip


def line_version(obj: dict[str, Any]) -> int:
    """The schema version of a journal line: ``"v"`` from v2 on, ``"schema": 1`` before."""
    version = obj.get("v", obj.get("schema", 1))
    if type(version) is not int or version not in READ_VERSIONS or ("v" in obj) == (version == 1):
        raise RecordError(
            f"schema {version!r} is not one this version reads "
            '("schema": 1 or "v": 2); upgrade annotator'
        )
    return version


def _read_v2_fields(record: DocRecord, obj: dict[str, Any]) -> None:
    """``length``, ``change``, ``relations``, ``attributes`` and ``doc_labels``, checked."""
    doc_id = record.id
    length = obj.get("length")
    if type(length) is not int or length != len(record.text):
        raise RecordError(
            f"record {doc_id!r}: length {length!r} is not the length of its text "
            f"({len(record.text)} characters)"
        )
    change = obj.get("change", "")
    if not isinstance(change, str):
        raise RecordError(f"record {doc_id!r}: change must be a string")
    record.change = change
    # Most records hold no relations, attributes or document labels: those are only checked,
    # and the record's own empty ones kept, when the line has them.
    if "relations" in obj:
        relations = obj["relations"]
        if not isinstance(relations, list):
            raise RecordError(f"record {doc_id!r}: relations must be a list")
        record.relations = [
            Relation.from_json(r, f"relations[{i}]") for i, r in enumerate(relations)
        ]
    if "attributes" in obj:
        attributes = obj["attributes"]
        if not isinstance(attributes, dict) or not all(
            isinstance(values, dict)
            and all(type(v) in (str, int, float, bool) for v in values.values())
            for values in attributes.values()
        ):
            raise RecordError(
                f"record {doc_id!r}: attributes must map span ids to objects of names and "
                "string, number or true/false values"
            )
        record.attributes = attributes
    if "doc_labels" in obj:
        doc_labels = obj["doc_labels"]
        if not isinstance(doc_labels, list) or not all(isinstance(d, str) for d in doc_labels):
            raise RecordError(f"record {doc_id!r}: doc_labels must be a list of strings")
        record.doc_labels = doc_labels


def _spans(raw_spans: list[Any], text: str) -> tuple[list[Span], bool]:
    """``Span.from_json`` of each, with its common case inline (a record may hold hundreds),
    and whether every span is sound: inside ``text``, start before end, quoting it. When one
    is not, or is not the common case, ``DocRecord.from_line`` checks each with ``check_span``
    to say what is wrong.

    A span written without an id (every v1 span) is given ``#<index>``, the same each time
    the line is read, so it keeps it once the record is saved again. Labels and quoted texts
    are shared (``sys.intern``): a journal repeats a handful of labels hundreds of thousands
    of times, and the same names and places in many documents."""
    spans: list[Span] = []
    append = spans.append
    intern = sys.intern
    length = len(text)
    sound = True
    for i, obj in enumerate(raw_spans):
        try:
            start, end, label, quoted = obj["start"], obj["end"], obj["label"], obj["text"]
            span_id = obj["id"] if len(obj) == 5 else f"#{i}"
        except (KeyError, TypeError):
            pass  # not the common shape: checked field by field below
        else:
            if (
                type(obj) is dict
                and len(obj) <= 5
                and type(start) is int
                and type(end) is int
                and type(label) is str
                and type(quoted) is str
                and type(span_id) is str
                and span_id
            ):
                span = _Unfrozen()
                span.start = start
                span.end = end
                span.label = intern(label)
                span.text = intern(quoted)
                span.annotators = ()
                span.source = ""
                span.stale = False
                span.id = span_id
                span.confidence = None
                span.__class__ = Span  # type: ignore[assignment]
                append(span)  # type: ignore[arg-type]
                if sound and not (0 <= start < end <= length and text[start:end] == quoted):
                    sound = False
                continue
        append(Span._checked(obj, f"spans[{i}]", f"#{i}"))
        sound = False
    return spans, sound
