"""The annotation data model shared by storage, export, review and the UI.

A span is ``[start, end)`` in code-point offsets of the exact stored text and
always carries its ``text``; nothing here normalises text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 1

STATUSES = ("new", "in_progress", "accepted", "rejected", "skipped", "flagged")
DONE_STATUSES = frozenset({"accepted", "rejected"})


class RecordError(ValueError):
    """A record or span that does not fit the schema; the message says which field and why."""


def text_hash(text: str) -> str:
    """The hash a record keeps of the text it was made on (detects corpus drift)."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


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

    def key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.label)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "text": self.text,
        }
        if self.annotators:
            out["annotators"] = list(self.annotators)
        if self.source:
            out["source"] = self.source
        if self.stale:
            out["stale"] = True
        return out

    @classmethod
    def from_json(cls, obj: Any, where: str = "span") -> Span:
        if type(obj) is dict and len(obj) == 4:
            start, end, label, text = (
                obj.get("start"), obj.get("end"), obj.get("label"), obj.get("text")
            )  # fmt: skip
            if type(start) is int and type(end) is int and type(label) is str and type(text) is str:
                return _new_span(start, end, label, text)
        return cls._checked(obj, where)

    @classmethod
    def _checked(cls, obj: Any, where: str) -> Span:
        """Any span, checked field by field so that an error names what is wrong."""
        if not isinstance(obj, dict):
            raise RecordError(f"{where} is {type(obj).__name__}, expected an object")
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
        source = obj.get("source", "")
        if not isinstance(source, str):
            raise RecordError(f"{where}.source must be a string")
        return cls(
            obj["start"],
            obj["end"],
            obj["label"],
            obj["text"],
            tuple(annotators),
            source,
            bool(obj.get("stale", False)),
        )

    @classmethod
    def of(cls, text: str, start: int, end: int, label: str, **extra: Any) -> Span:
        """A span over ``text[start:end]``, its text taken from the document itself."""
        return cls(start, end, label, text[start:end], **extra)


# Loading a journal builds hundreds of thousands of spans. The frozen dataclass's __init__ sets
# each field through object.__setattr__; setting the slots directly makes the same object in
# about half the time. Every field is set, so the object is whole.
_SETTERS = tuple(Span.__dict__[f.name].__set__ for f in fields(Span))
_SET_START, _SET_END, _SET_LABEL, _SET_TEXT, _SET_ANNOTATORS, _SET_SOURCE, _SET_STALE = _SETTERS


def _new_span(start: int, end: int, label: str, text: str) -> Span:
    span = object.__new__(Span)
    _SET_START(span, start)
    _SET_END(span, end)
    _SET_LABEL(span, label)
    _SET_TEXT(span, text)
    _SET_ANNOTATORS(span, ())
    _SET_SOURCE(span, "")
    _SET_STALE(span, False)
    return span


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
    schema: int = SCHEMA_VERSION

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "schema": self.schema,
            "id": self.id,
            "text": self.text,
            "text_hash": self.text_hash or text_hash(self.text),
            "spans": [s.to_json() for s in sorted(self.spans)],
            "status": self.status,
            "annotator": self.annotator,
            "updated_at": self.updated_at,
            "seconds": self.seconds,
        }
        if self.note:
            out["note"] = self.note
        if self.meta:
            out["meta"] = self.meta
        out.update(self.extra)
        return out

    @classmethod
    def from_json(cls, obj: Any) -> DocRecord:
        if not isinstance(obj, dict):
            raise RecordError(f"record is {type(obj).__name__}, expected an object")
        get = obj.get
        schema = get("schema", SCHEMA_VERSION)
        if type(schema) is not int or not 1 <= schema <= SCHEMA_VERSION:
            raise RecordError(
                f"schema {schema!r} is not one this version reads (1..{SCHEMA_VERSION}); "
                "upgrade annotator"
            )
        doc_id = get("id")
        if not isinstance(doc_id, str) or not doc_id:
            raise RecordError(f"id must be a non-empty string, got {doc_id!r}")
        text = get("text")
        if not isinstance(text, str):
            raise RecordError(f"record {doc_id!r} has no text string")
        raw_spans = get("spans", [])
        if not isinstance(raw_spans, list):
            raise RecordError(f"record {doc_id!r}: spans must be a list")
        spans = _spans(raw_spans)
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
        meta = get("meta", {})
        if not isinstance(meta, dict):
            raise RecordError(f"record {doc_id!r}: meta must be an object")
        # Unknown keys are rare: a set difference finds there are none without a loop.
        extra = {k: v for k, v in obj.items() if k not in _KNOWN} if obj.keys() - _KNOWN else {}
        return cls(
            doc_id,
            text,
            spans,
            status,
            annotator,
            updated_at,
            float(seconds),
            note,
            hashed,
            meta,
            extra,
            schema,
        )


_KNOWN = frozenset(
    ("schema", "id", "text", "text_hash", "spans", "status", "annotator",
     "updated_at", "seconds", "note", "meta")
)  # fmt: skip


def _spans(raw_spans: list) -> list[Span]:
    """``Span.from_json`` of each, with its common case inline: a record may hold hundreds."""
    spans = []
    append = spans.append
    for i, obj in enumerate(raw_spans):
        if type(obj) is dict and len(obj) == 4:
            start, end, label, text = (
                obj.get("start"), obj.get("end"), obj.get("label"), obj.get("text")
            )  # fmt: skip
            if type(start) is int and type(end) is int and type(label) is str and type(text) is str:
                append(_new_span(start, end, label, text))
                continue
        append(Span._checked(obj, f"spans[{i}]"))
    return spans
