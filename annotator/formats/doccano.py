"""doccano sequence-labelling JSONL: ``{"id", "text", "label": [[start, end, "LABEL"], ...]}``.

doccano counts offsets in UTF-16 code units, as JavaScript does (doccano/doccano#2290), so a
character outside the Basic Multilingual Plane (most emoji, 𝔸) counts two; export converts
from code points and import converts back (an offset inside such a character is reported).
Arabic text is all in the BMP, where both counts agree. doccano keeps ``id`` (and any other
key) as metadata, so importing an export restores the document ids. Import also reads the
newer ``"entities": [{"start_offset", "end_offset", "label"}]`` form.

When any document has relations, attributes or document labels, every line is written in
doccano's relation form: ``"entities": [{"id", "label", "start_offset", "end_offset"}]``,
``"relations": [{"id", "from_id", "to_id", "type"}]`` (entity ids, the head first), the document
labels as ``"cats"`` (as doccano's intent-and-slot projects write them), and the attributes,
which doccano has no place for, as ``"attributes": {span id: {name: value}}`` (doccano keeps
a key it does not know as metadata, so they come back on import; a file that names entity ids
there is read too).

doccano gives entities and relations ids of its own (and new ones when it imports a file), so
every line also has ``"annotator_ids": {"spans": [[start, end, label, id], ...], "relations":
[[type, head id, tail id, id], ...]}`` (offsets in code points, as annotator counts them), kept
by doccano as metadata. Import gives a span the id of the row with its offsets and label, then
a relation the id of the row with its type and ends; an annotation made or changed in doccano
matches no row and gets a new id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import DocRecord, Scalar, Span, quoted
from annotator.formats.common import (
    IDS,
    LINKS,
    ExportOptions,
    exportable_spans,
    exported_attributes,
    exported_relations,
    id_table,
    imported_span,
    jsonl_documents,
    linked,
    read_relations,
    read_strings,
    restore_relation_ids,
    restore_span_ids,
)
from annotator.formats.report import ExportReport
from annotator.problems import Problem
from annotator.text.utf16 import Utf16Offsets

KIND = "file"
SUFFIX = ".doccano.jsonl"
ALIGNS = False
REBUILDS_TEXT = False  # import gives back the exact text
CARRIES = LINKS


def _labels(record: DocRecord, spans: list[Span]) -> list[list[int | str]]:
    offsets = Utf16Offsets(record.text)
    if not offsets.astral:
        return [[s.start, s.end, s.label] for s in spans]
    return [[offsets.to_units(s.start), offsets.to_units(s.end), s.label] for s in spans]


def _code_point(offset: object, offsets: Utf16Offsets) -> object:
    """The code-point offset of a UTF-16 ``offset`` read from a file (anything else is
    returned as it is, for ``imported_span`` to refuse); None between the halves of one."""
    return offsets.to_code_point(offset) if type(offset) is int else offset


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    records = list(records)
    if any(r.relations or r.attributes or r.doc_labels for r in records):
        for record in records:
            yield "", dumps(_relation_form(record, report), option=newline)
        return
    for record in records:
        spans = exportable_spans(record, report) if record.spans else []
        report.spans += len(spans)
        labels = _labels(record, spans)
        line: dict[str, Any] = {"id": record.id, "text": record.text, "label": labels}
        line[IDS] = id_table(((s.key(), s.id) for s in spans), ())
        yield "", dumps(line, option=newline)


def _relation_form(record: DocRecord, report: ExportReport) -> dict[str, Any]:
    spans = exportable_spans(record, report) if record.spans else []
    report.spans += len(spans)
    entity = {span.id: n for n, span in enumerate(spans, 1)}
    entities = [
        {"id": entity[span.id], "label": label, "start_offset": start, "end_offset": end}
        for span, (start, end, label) in zip(spans, _labels(record, spans), strict=True)
    ]
    exported = exported_relations(record, entity, report)
    relations = [
        {"id": n, "from_id": head, "to_id": tail, "type": relation.type}
        for n, (relation, head, tail) in enumerate(exported, 1)
    ]
    # Keyed by span id, not entity id: doccano numbers entities anew when it imports a file.
    attributes: dict[str, dict[str, Scalar]] = {}
    for span, name, value in exported_attributes(record, {s.id: s for s in spans}, report):
        attributes.setdefault(span.id, {})[name] = value
    out: dict[str, Any] = {
        "id": record.id,
        "text": record.text,
        "entities": entities,
        "relations": relations,
        "cats": list(record.doc_labels),
    }
    report.doc_labels += bool(record.doc_labels)
    if attributes:
        out["attributes"] = attributes
    out[IDS] = id_table(((s.key(), s.id) for s in spans), (r for r, _, _ in exported))
    return out


def read(
    path: Path, problems: list[Problem], known: tuple[str, ...] | None = None
) -> list[DocRecord]:
    shown = str(path)
    out = []
    found = jsonl_documents(path, problems, ("label", "entities"))
    for line, obj, text, doc_id in found:
        spans = []
        if "entities" in obj:
            raw = obj["entities"]
            items = [
                (e.get("start_offset"), e.get("end_offset"), e.get("label"))
                if isinstance(e, dict)
                else None
                for e in (raw if isinstance(raw, list) else [None])
            ]
            key = "entities"
        else:
            raw = obj["label"]
            items = [
                tuple(e) if isinstance(e, list) and len(e) == 3 else None
                for e in (raw if isinstance(raw, list) else [None])
            ]
            key = "label"
        offsets = Utf16Offsets(text)
        entity: dict[object, int] = {}  # the file's entity id -> index in spans
        for n, item in enumerate(items):
            where = f"{key}[{n}]"
            if item is None:
                problems.append(
                    Problem(
                        shown,
                        f"{where} is not a span ([start, end, label] or an object with "
                        "start_offset, end_offset, label); skipped",
                        line,
                    )
                )
                continue
            start, end, label = item
            if offsets.astral:
                start, end = _code_point(start, offsets), _code_point(end, offsets)
                if start is None or end is None:
                    problems.append(
                        Problem(
                            shown,
                            f"{where}: an offset falls inside a character written as two "
                            "UTF-16 units (an emoji?); span skipped",
                            line,
                        )
                    )
                    continue
            span = imported_span(text, start, end, label, None, problems, shown, line, where, known)
            if span is not None:
                spans.append(span)
                if key == "entities" and isinstance(raw, list) and isinstance(raw[n], dict):
                    entity[raw[n].get("id")] = len(spans) - 1
        record = DocRecord(id=doc_id, text=text, spans=spans, status="")
        # Ids first (the spans are renamed), then the links between the renamed spans.
        record = restore_span_ids(record, obj.get(IDS), Span.key)
        entities = {k: record.spans[n] for k, n in entity.items()}
        record = _read_links(record, obj, entities, problems, shown, line)
        out.append(restore_relation_ids(record, obj.get(IDS)))
    return out


def _read_links(
    record: DocRecord,
    obj: dict[str, Any],
    entity: dict[object, Span],
    problems: list[Problem],
    shown: str,
    line: int,
) -> DocRecord:
    """The relations, document labels (``cats``) and attributes of a relation-form line."""

    def ends(raw: dict[str, Any], where: str) -> tuple[Span, Span] | None:
        head, tail = entity.get(raw.get("from_id")), entity.get(raw.get("to_id"))
        if head is None or tail is None:
            problems.append(
                Problem(shown, f"{where}: from_id or to_id is not an entity read; skipped", line)
            )
            return None
        return head, tail

    relations = read_relations(obj, ends, problems, shown, line)
    attributes: list[tuple[Span | None, str, Scalar]] = []
    raw_attributes = obj.get("attributes", {})
    by_id = {span.id: span for span in record.spans}
    for key, values in (raw_attributes if isinstance(raw_attributes, dict) else {}).items():
        # By span id; files written before span ids were kept name the entity id.
        span = by_id.get(key) or (entity.get(int(key)) if key.isdigit() else None)
        if span is None or not isinstance(values, dict):
            problems.append(
                Problem(
                    shown,
                    f"attributes of {quoted(key)}: not a span read (by annotator_ids) or an "
                    "entity id; skipped",
                    line,
                )
            )
            continue
        attributes += [
            (span, name, v) for name, v in values.items() if type(v) in (str, int, float, bool)
        ]
    cats = read_strings(obj, "cats", problems, shown, line)
    return linked(record, relations, attributes, cats)
