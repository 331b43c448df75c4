"""What every format shares: which records and spans go out, and how imported spans are checked."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

import orjson

from annotator.annotations.model import (
    DocRecord,
    Relation,
    Scalar,
    Span,
    check_span,
    new_relation_id,
    quoted,
)
from annotator.annotations.schema import NO_SCHEMA, Schema
from annotator.formats.alignment import DEFAULT_POLICY
from annotator.formats.report import ExportReport, SpanIssue
from annotator.problems import Problem, UserError
from annotator.regular_files import read_regular
from annotator.text.kinds import CANONICAL, DOCCANO, JOURNAL, record_kind


@dataclass(frozen=True, slots=True)
class ExportOptions:
    align: str = DEFAULT_POLICY  # see annotator.formats.alignment
    # Label names in the order their IOB tags get ids (hf); labels found only in the data
    # follow in order of appearance.
    labels: tuple[str, ...] = ()
    # Labels whose spans IOB tags keep first when spans overlap (annotator.text.iob).
    prefer: tuple[str, ...] = ()
    # Groups of labels, one IOB tag column each (conll); () is one column for every label.
    columns: tuple[tuple[str, ...], ...] = ()
    # Relation types and attributes of the label set (brat declares them in annotation.conf).
    schema: Schema = NO_SCHEMA


T = TypeVar("T")

# What a record can hold beyond its spans; a format's CARRIES says which of them it writes.
LINKS = ("relations", "attributes", "doc_labels")


# Offset order; spans that share start, end and label keep the order they were saved in.
_OFFSET_ORDER = attrgetter("start", "end", "label")


def exportable_spans(record: DocRecord, report: ExportReport) -> list[Span]:
    """The record's spans in offset order, without stale or broken ones (each is reported)."""
    text = record.text
    out = []
    for span in sorted(record.spans, key=_OFFSET_ORDER):
        start, end = span.start, span.end
        # The sound case, checked inline: this runs for every span of every export.
        if not span.stale and 0 <= start < end <= len(text) and text[start:end] == span.text:
            out.append(span)
        else:
            report_left_out(record, span, report)
    return out


def report_left_out(record: DocRecord, span: Span, report: ExportReport) -> None:
    """Why ``span`` (stale, or not matching the record's text) is not exported."""
    if span.stale:
        report.add(
            SpanIssue(
                record.id,
                span,
                "stale",
                "its text no longer matches the corpus (re-anchoring failed)",
                "not exported; fix it in the annotation app",
            )
        )
    else:
        problems = "; ".join(check_span(span, record.text))
        report.add(SpanIssue(record.id, span, "invalid", problems, "not exported"))


def exported_relations(
    record: DocRecord, exported: dict[str, T], report: ExportReport
) -> list[tuple[Relation, T, T]]:
    """The record's relations whose two spans are exported (``exported``: span id -> what the
    format writes for it); each one that cannot go with its spans is reported."""
    out = []
    for relation in record.relations:
        head, tail = exported.get(relation.head), exported.get(relation.tail)
        if head is not None and tail is not None:
            out.append((relation, head, tail))
        else:
            _report_link(record, relation.head if head is None else relation.tail, report,
                         f"its {relation.type} relation")  # fmt: skip
    report.relations += len(out)
    return out


def exported_attributes(
    record: DocRecord, exported: dict[str, T], report: ExportReport
) -> list[tuple[T, str, Scalar]]:
    """``(what the format writes for the span, name, value)`` of every attribute of an
    exported span; the attributes of a span left out are reported."""
    out = []
    for span_id, values in record.attributes.items():
        target = exported.get(span_id)
        for name, value in values.items():
            if target is None:
                _report_link(record, span_id, report, f"its attribute {name}")
            else:
                out.append((target, name, value))
    report.attributes += len(out)
    return out


def _report_link(record: DocRecord, span_id: str, report: ExportReport, what: str) -> None:
    span = next((s for s in record.spans if s.id == span_id), None)
    if span is None:
        span = Span(0, 0, "?", "")
        reason = f"{what} names span {quoted(span_id)}, which the record does not hold"
    else:
        reason = f"{what} belongs to a span that is not exported"
    report.add(SpanIssue(record.id, span, "link", reason, "not exported"))


def linked(
    record: DocRecord,
    relations: list[tuple[str, Span | None, Span | None]],
    attributes: list[tuple[Span | None, str, Scalar]],
    doc_labels: list[str],
) -> DocRecord:
    """``record`` with the relations and attributes an import found, between spans it read
    (an end that could not be read is None: the import has reported it)."""
    ids = {span.id for span in record.spans}
    record.relations = [
        Relation(new_relation_id(), kind, head.id, tail.id)
        for kind, head, tail in relations
        if head is not None and tail is not None and head.id in ids and tail.id in ids
    ]
    for span, name, value in attributes:
        if span is not None and span.id in ids:
            record.attributes.setdefault(span.id, {})[name] = value
    record.doc_labels = sorted(set(doc_labels))
    return record


# The ends of an imported relation (an entry of its line's "relations"), given the entry and
# where it stands ("relations[3]"); None when the format has reported it and skips it.
RelationEnds = Callable[[dict[str, Any], str], tuple[Span | None, Span | None] | None]


def read_relations(
    obj: dict[str, Any], ends: RelationEnds, problems: list[Problem], shown: str, line: int
) -> list[tuple[str, Span | None, Span | None]]:
    """The ``(type, head, tail)`` of each entry of the line's "relations" that has a type,
    its ends found by the format's ``ends``; the others are reported and skipped."""
    out: list[tuple[str, Span | None, Span | None]] = []
    raw_relations = obj.get("relations", [])
    for n, raw in enumerate(raw_relations if isinstance(raw_relations, list) else [None]):
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            problems.append(Problem(shown, f"relations[{n}] has no type; skipped", line))
            continue
        found = ends(raw, f"relations[{n}]")
        if found is not None:
            out.append((raw["type"], *found))
    return out


def read_strings(
    obj: dict[str, Any], key: str, problems: list[Problem], shown: str, line: int
) -> list[str]:
    """The line's ``key`` (document labels) as a list of strings; [] and a problem when it is
    something else."""
    values = obj.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problems.append(Problem(shown, f'"{key}" is not a list of strings; skipped', line))
        return []
    return values


# The key of the table a format with ids of its own writes beside its data so that import
# gives annotator's span and relation ids back (docs/export.md, "Span ids").
IDS = "annotator_ids"


def id_table(
    spans: Iterable[tuple[Sequence[Scalar], str]], relations: Iterable[Relation]
) -> dict[str, list[list[Scalar]]]:
    """Each exported span's place (what the format's import reads back for it, e.g. its
    offsets and label) with its id, and each exported relation's type and ends with its id."""
    return {
        "spans": [[*place, span_id] for place, span_id in spans],
        "relations": [[r.type, r.head, r.tail, r.id] for r in relations],
    }


def _rows(table: object, part: str) -> list[list[Any]]:
    rows = table.get(part) if isinstance(table, dict) else None
    # Only rows of strings and integers: a hand-edited row holding a list cannot be a key.
    return [
        row
        for row in (rows if isinstance(rows, list) else ())
        if isinstance(row, list)
        and len(row) >= 2
        and all(type(v) in (str, int) for v in row)
        and isinstance(row[-1], str)
        and row[-1]
    ]


def restore_span_ids(
    record: DocRecord, table: object, place: Callable[[Span], tuple[Scalar, ...]]
) -> DocRecord:
    """``record`` (read by an import) with the span ids an ``id_table`` names: a span whose
    ``place`` the table lists takes the id written for it (its relations and attributes
    follow). A row that matches no span (changed or deleted in the other tool) is ignored and
    the span keeps the new id its import gave it; an id is never given twice."""
    wanted: dict[tuple[Scalar, ...], str] = {}
    for row in _rows(table, "spans"):
        wanted.setdefault(tuple(row[:-1]), row[-1])
    renamed: dict[str, str] = {}
    taken = {span.id for span in record.spans}
    spans = []
    for span in record.spans:
        new = wanted.pop(place(span), None)
        if new is not None and new not in taken:
            taken.add(new)
            renamed[span.id] = new
            span = replace(span, id=new)
        spans.append(span)
    record.spans = spans
    record.attributes = {renamed.get(k, k): v for k, v in record.attributes.items()}
    record.relations = [
        replace(r, head=renamed.get(r.head, r.head), tail=renamed.get(r.tail, r.tail))
        for r in record.relations
    ]
    return record


def restore_relation_ids(record: DocRecord, table: object) -> DocRecord:
    """``record`` with the relation ids an ``id_table`` names: a relation whose type and
    ends (span ids, restored first) the table lists takes its id."""
    known: dict[tuple[str, str, str], str] = {}
    for row in _rows(table, "relations"):
        if len(row) == 4 and all(isinstance(v, str) for v in row):
            known.setdefault((row[0], row[1], row[2]), row[3])
    used = {r.id for r in record.relations}
    relations = []
    for relation in record.relations:
        new = known.pop((relation.type, relation.head, relation.tail), None)
        if new is not None and new not in used:
            used.add(new)
            relation = replace(relation, id=new)
        relations.append(relation)
    record.relations = relations
    return record


def check_label(label: str, fmt: str) -> str:
    """``label``, or UserError when ``fmt`` separates fields by whitespace and it holds some."""
    if not label or any(c.isspace() for c in label):
        raise UserError(
            f"label {quoted(label)} cannot be written to {fmt}, which separates fields with "
            "whitespace; rename the label (e.g. with _) and export again"
        )
    return label


def counted(records: Iterable[DocRecord], report: ExportReport) -> Iterator[DocRecord]:
    for record in records:
        report.documents += 1
        yield record


def imported_span(
    text: str,
    start: object,
    end: object,
    label: object,
    expected: object,
    problems: list[Problem],
    path: str,
    line: int | None,
    where: str,
    known: tuple[str, ...] | None = None,
) -> Span | None:
    """A span read from another tool's file, or None with the reason added to ``problems``.

    ``expected`` is the span text the file claims (None when the format has none); a span
    whose text differs from the document's is reported and skipped, never imported. So is a
    span whose label is not in ``known`` (None: any label).
    """
    if type(start) is not int or type(end) is not int:
        problems.append(Problem(path, f"{where}: offsets must be integers; span skipped", line))
        return None
    if not isinstance(label, str) or not label:
        problems.append(Problem(path, f"{where}: label must be a non-empty string", line))
        return None
    if known is not None and label not in known:
        problems.append(Problem(path, unknown_label(where, label, known), line))
        return None
    if not 0 <= start < end <= len(text):
        problems.append(
            Problem(
                path,
                f"{where}: [{start}, {end}) is not a span of the text (length {len(text)}); "
                "span skipped",
                line,
            )
        )
        return None
    span = Span.of(text, start, end, label)
    if expected is not None and expected != span.text:
        problems.append(
            Problem(
                path,
                f"{where}: span text {quoted(str(expected))} differs from the document's "
                f"{quoted(span.text)} "
                f"at [{start}, {end}); span skipped (offsets must be code points of the text)",
                line,
            )
        )
        return None
    return span


def unknown_label(where: str, label: str, known: tuple[str, ...]) -> str:
    return (
        f"{where}: label {quoted(label)} is not in the label set ({', '.join(known)}); span not "
        "imported (add it to a --labels file, or pass --allow-unknown-labels)"
    )


def read_json_sidecar(path: Path, problems: list[Problem], unless: str) -> Any:
    """The JSON value in ``path``, or None (a problem saying ``unless`` when it is not JSON)."""
    data = read_bytes(path, problems)
    try:
        return orjson.loads(data) if data is not None else None
    except orjson.JSONDecodeError as exc:
        problems.append(Problem(str(path), f"not valid JSON ({exc}); {unless}"))
        return None


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    try:
        return read_regular(path)
    except OSError as exc:
        problems.append(Problem(str(path), f"cannot read: {exc.strerror}"))
        return None


# The import format of each kind of JSON line that has spans.
_FORMAT_OF = {JOURNAL: "jsonl", CANONICAL: "jsonl", DOCCANO: "doccano"}


def jsonl_documents(
    path: Path,
    problems: list[Problem],
    fields: tuple[str, ...] = (),
) -> Iterator[tuple[int, dict[str, Any], str, str]]:
    """``(line number, object, text, id)`` for each JSON object line with a ``text`` string;
    every other line is a Problem. A missing id becomes ``<file stem>-<line>``.

    A document with none of the format's span ``fields`` is left out: a file in another format
    would otherwise come in with every span lost (a document without spans has the field,
    empty). They are reported once for the file, with the format the first of them that
    ``record_kind`` recognises is in."""

    def missing_fields() -> str:
        names = " or ".join(f'"{field}"' for field in fields)
        if missing == 1:
            message, outcome = f"the document on this line has no {names} field", "it was not"
        else:
            message = f"{missing} document(s), the first on this line, have no {names} field"
            outcome = "none was"
        if not seen:
            return (
                f"{message}, so {outcome} imported: a document without spans has "
                f'"{fields[0]}": [] (or pass the --format the file was written in)'
            )
        return (
            f"{message} but looks like {seen}, so {outcome} imported: is this a {seen} file? "
            f"pass --format {seen}"
        )

    shown = str(path)
    missing = first = 0
    seen = ""  # the format of the first such document that is in one
    for line, obj in jsonl_objects(path, problems):
        text = obj.get("text")
        if not isinstance(text, str):
            problems.append(Problem(shown, 'no "text" string; line skipped', line))
            continue
        if fields and not any(field in obj for field in fields):
            missing += 1
            first = first or line
            seen = seen or _FORMAT_OF.get(record_kind(obj) or "", "")
            continue
        yield line, obj, text, document_id(obj, f"{path.stem}-{line}", problems, shown, line)
    if missing:
        problems.append(Problem(shown, missing_fields(), first))


def jsonl_objects(path: Path, problems: list[Problem]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each JSON object line; every other line is a Problem."""
    data = read_bytes(path, problems)
    if data is None:
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for number, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            try:
                raw.decode("utf-8")
                reason = str(exc)
            except UnicodeDecodeError as uexc:
                reason = f"invalid UTF-8 at byte {uexc.start} of the line"
            problems.append(Problem(str(path), f"not valid JSON ({reason}); line skipped", number))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(str(path), "not a JSON object; line skipped", number))
            continue
        yield number, obj


def document_id(
    obj: dict[str, Any], fallback: str, problems: list[Problem], path: str, line: int
) -> str:
    """The id a file gives a document (strings and integers, as doccano writes), else
    ``fallback``."""
    value = obj.get("id")
    if isinstance(value, str) and value:
        return value
    if type(value) is int:
        return str(value)
    if value is not None:
        problems.append(
            Problem(
                path,
                f"id of type {type(value).__name__} is not a string or integer; "
                f"using {quoted(fallback)}",
                line,
            )
        )
    return fallback
