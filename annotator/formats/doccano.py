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
which doccano has no place for, as ``"attributes": {entity id: {name: value}}`` (doccano keeps
a key it does not know as metadata, so they come back on import).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import DocRecord, Scalar, Span
from annotator.formats.common import (
    LINKS,
    ExportOptions,
    exportable_spans,
    exported_attributes,
    exported_relations,
    imported_span,
    jsonl_documents,
    linked,
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
        yield "", dumps({"id": record.id, "text": record.text, "label": labels}, option=newline)


def _relation_form(record: DocRecord, report: ExportReport) -> dict[str, Any]:
    spans = exportable_spans(record, report) if record.spans else []
    report.spans += len(spans)
    entity = {span.id: n for n, span in enumerate(spans, 1)}
    entities = [
        {"id": entity[span.id], "label": label, "start_offset": start, "end_offset": end}
        for span, (start, end, label) in zip(spans, _labels(record, spans), strict=True)
    ]
    relations = [
        {"id": n, "from_id": head, "to_id": tail, "type": relation.type}
        for n, (relation, head, tail) in enumerate(exported_relations(record, entity, report), 1)
    ]
    attributes: dict[str, dict[str, Scalar]] = {}
    for target, name, value in exported_attributes(record, entity, report):
        attributes.setdefault(str(target), {})[name] = value
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
        entity: dict[object, Span] = {}
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
                    entity[raw[n].get("id")] = span
        record = DocRecord(id=doc_id, text=text, spans=spans, status="")
        out.append(_read_links(record, obj, entity, problems, shown, line))
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
    relations: list[tuple[str, Span | None, Span | None]] = []
    raw_relations = obj.get("relations", [])
    for n, raw in enumerate(raw_relations if isinstance(raw_relations, list) else [None]):
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
            problems.append(Problem(shown, f"relations[{n}] has no type; skipped", line))
            continue
        head, tail = entity.get(raw.get("from_id")), entity.get(raw.get("to_id"))
        if head is None or tail is None:
            problems.append(
                Problem(
                    shown, f"relations[{n}]: from_id or to_id is not an entity read; skipped", line
                )
            )
            continue
        relations.append((raw["type"], head, tail))
    attributes: list[tuple[Span | None, str, Scalar]] = []
    raw_attributes = obj.get("attributes", {})
    for key, values in (raw_attributes if isinstance(raw_attributes, dict) else {}).items():
        span = entity.get(int(key)) if key.isdigit() else None
        if span is None or not isinstance(values, dict):
            problems.append(
                Problem(shown, f"attributes of entity {key}: not an entity read; skipped", line)
            )
            continue
        attributes += [
            (span, name, v) for name, v in values.items() if type(v) in (str, int, float, bool)
        ]
    cats = obj.get("cats", [])
    if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
        problems.append(Problem(shown, '"cats" is not a list of strings; skipped', line))
        cats = []
    return linked(record, relations, attributes, cats)
