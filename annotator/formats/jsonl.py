"""The canonical training data: one JSON object per document, spaCy/Prodigy field names.

``{"id", "text", "spans": [{"start", "end", "label", "text", "token_start", "token_end", "id"}],
"tokens": [{"text", "start", "end", "id", "ws"}], "meta"}``; ``token_end`` is inclusive. A
document with relations, attributes or document labels also has ``"relations": [{"id", "type",
"head", "child", "head_span", "child_span"}]`` (``head`` and ``child`` are span ids, the
``_span`` objects their spans' ``start``, ``end`` and ``label``), ``"attributes": {span id:
{name: value}}`` and ``"doc_labels": ["name=value", ...]``.

Tokens follow spaCy's convention (``annotator.formats.tokens``) so ``Doc(vocab, words,
spaces)`` rebuilds the exact text. Under the default ``--align split`` a token a span edge
falls inside is cut there (and a space a span starts or ends on becomes a token), so every
span keeps its exact offsets. A span ``--align expand`` or ``contract`` moved keeps the
annotated offsets under ``"original"`` so importing the file restores them exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import STATUSES, DocRecord, Span, quoted
from annotator.formats.alignment import Aligned, align_spans, split_tokens
from annotator.formats.common import (
    LINKS,
    ExportOptions,
    exportable_spans,
    exported_attributes,
    exported_relations,
    imported_span,
    jsonl_documents,
    linked,
    read_strings,
    report_left_out,
    restore_relation_ids,
)
from annotator.formats.report import ExportReport
from annotator.formats.tokens import as_dicts, bounds, compiled
from annotator.problems import Problem

KIND = "file"
SUFFIX = ".jsonl"
ALIGNS = True
REBUILDS_TEXT = False  # import gives back the exact text
CARRIES = LINKS


_META_FIELDS = ("status", "annotator", "updated_at", "seconds", "note")


def _span_json(span: Span, first: int, last: int, original: Span | None = None) -> dict[str, Any]:
    item = {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": span.text,
        "token_start": first,
        "token_end": last,
    }
    if span.annotators:
        item["annotators"] = list(span.annotators)
    if span.source:
        item["source"] = span.source
    item["id"] = span.id
    if original is not None:
        item["original"] = {"start": original.start, "end": original.end, "text": original.text}
    return item


def _compiled_split(
    module: Any, record: DocRecord, report: ExportReport
) -> tuple[bytes, bytes] | None:
    """Tokens and spans as JSON from ``annotator._tokens`` (``--align split``), or None when
    its spans do not fall on its tokens (never so far; then the Python path decides)."""
    text, spans = record.text, record.spans
    tokens, aligned, events, left_out = module.split_export(text, spans)
    if aligned is None:
        return None
    for index in left_out or ():
        report_left_out(record, spans[index], report)
    for index, of_span in events or ():
        report.add_split(record.id, text, spans[index], of_span)
    report.spans += len(spans) - len(left_out or ())
    return tokens, aligned


def _python(
    record: DocRecord, options: ExportOptions, report: ExportReport
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Tokens and spans by the pure-Python reference."""
    starts, ends, ws, aligned = aligned_tokens(record, options, report)
    return as_dicts(record.text, starts, ends, ws), [_span_json(*a) for a in aligned]


def aligned_tokens(
    record: DocRecord, options: ExportOptions, report: ExportReport
) -> tuple[list[int], list[int], Sequence[int], list[Aligned]]:
    """The record's tokens (cut at span edges under --align split) and its exportable spans
    aligned to them: what every token-based export writes."""
    text = record.text
    spans = exportable_spans(record, report) if record.spans else []
    starts, ends, ws = bounds(text)
    if spans and options.align == "split":
        cut = split_tokens(record.id, text, spans, starts, ends, ws, report, True)
        if cut is not None:
            starts, ends, ws = cut
    aligned = align_spans(record.id, text, spans, starts, ends, options.align, report)
    report.spans += len(aligned)
    return starts, ends, ws, aligned


def _json(value: bytes | list[dict[str, Any]]) -> orjson.Fragment | list[dict[str, Any]]:
    return orjson.Fragment(value) if isinstance(value, bytes) else value


def document(record: DocRecord, options: ExportOptions, report: ExportReport) -> dict[str, Any]:
    """The document's JSON object (its tokens and spans may already be JSON, in an
    ``orjson.Fragment``)."""
    module = compiled()
    found = None
    if module is not None and options.align == "split":
        found = _compiled_split(module, record, report)
    tokens, spans = found or _python(record, options, report)
    meta = dict(record.meta)
    meta.update(record.bookkeeping())
    out = {
        "id": record.id,
        "text": record.text,
        "spans": _json(spans),
        "tokens": _json(tokens),
        "meta": meta,
    }
    if record.relations or record.attributes or record.doc_labels:
        out.update(_links(record, report))
    return out


def _ends(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label}


def _links(record: DocRecord, report: ExportReport) -> dict[str, Any]:
    """The document's relations, attributes and document labels, between exported spans."""
    exported = {s.id: s for s in exportable_spans(record, ExportReport())}
    relations = []
    for relation, head, tail in exported_relations(record, exported, report):
        item: dict[str, Any] = {
            "id": relation.id,
            "type": relation.type,
            "head": head.id,
            "child": tail.id,
            "head_span": _ends(head),
            "child_span": _ends(tail),
        }
        if relation.source:
            item["source"] = relation.source
        if relation.confidence is not None:
            item["confidence"] = relation.confidence
        relations.append(item)
    attributes: dict[str, dict[str, Any]] = {}
    for span, name, value in exported_attributes(record, exported, report):
        attributes.setdefault(span.id, {})[name] = value
    out: dict[str, Any] = {}
    if relations:
        out["relations"] = relations
    if attributes:
        out["attributes"] = attributes
    if record.doc_labels:
        report.doc_labels += 1
        out["doc_labels"] = list(record.doc_labels)
    return out


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    for record in records:
        yield "", dumps(document(record, options, report), option=newline)


def _with_provenance(span: Span, raw: dict[str, Any]) -> Span:
    """The span with the gold provenance the export wrote beside it, when well formed."""
    annotators = raw.get("annotators", [])
    source = raw.get("source", "")
    if not isinstance(annotators, list) or not all(isinstance(a, str) for a in annotators):
        annotators = []
    if not isinstance(source, str):
        source = ""
    return replace(span, annotators=tuple(annotators), source=source)


def read(
    path: Path, problems: list[Problem], known: tuple[str, ...] | None = None
) -> list[DocRecord]:
    shown = str(path)
    out = []
    found = jsonl_documents(path, problems, ("spans",))
    for line, obj, text, doc_id in found:
        raw_spans = obj["spans"]
        if not isinstance(raw_spans, list):
            problems.append(Problem(shown, '"spans" is not a list; spans skipped', line))
            raw_spans = []
        spans: list[Span] = []
        for n, raw in enumerate(raw_spans):
            where = f"spans[{n}]"
            if not isinstance(raw, dict):
                problems.append(Problem(shown, f"{where} is not an object; skipped", line))
                continue
            original = raw.get("original")
            source: dict[str, Any] = original if isinstance(original, dict) else raw
            span = imported_span(
                text,
                source.get("start"),
                source.get("end"),
                raw.get("label"),
                source.get("text"),
                problems,
                shown,
                line,
                where,
                known,
            )
            if span is not None:
                span = _with_provenance(span, raw)
                span_id = raw.get("id")
                if isinstance(span_id, str) and span_id and all(s.id != span_id for s in spans):
                    span = replace(span, id=span_id)
                spans.append(span)
        found_meta = obj.get("meta")
        meta: dict[str, Any] = found_meta if isinstance(found_meta, dict) else {}
        status = meta.get("status")
        record = DocRecord(
            id=doc_id,
            text=text,
            spans=spans,
            status=status if status in STATUSES else "",
            meta={k: v for k, v in meta.items() if k not in _META_FIELDS},
        )
        if isinstance(meta.get("note"), str):
            record.note = meta["note"]
        out.append(_read_links(record, obj, problems, shown, line))
    return out


def _read_links(
    record: DocRecord, obj: dict[str, Any], problems: list[Problem], shown: str, line: int
) -> DocRecord:
    """The relations, attributes and document labels of an export line, onto ``record``'s
    spans (by id, else by the offsets and label a relation gives); what does not fit is
    reported."""
    by_id = {span.id: span for span in record.spans}
    by_key = {span.key(): span for span in record.spans}

    def end(raw: dict[str, Any], name: str, where: str) -> Span | None:
        span_id = raw.get(name)
        found = by_id.get(span_id) if isinstance(span_id, str) else None
        ends = raw.get(f"{name}_span")
        if found is None and isinstance(ends, dict):
            key = (ends.get("start"), ends.get("end"), ends.get("label"))
            found = next((s for k, s in by_key.items() if k == key), None)
        if found is None:
            problems.append(
                Problem(shown, f"{where}: its {name} is not a span read; skipped", line)
            )
        return found

    relations: list[tuple[str, Span | None, Span | None]] = []
    # The relations' own ids and provenance, given back once they are read.
    ids: list[list[Any]] = []
    provenance: dict[str, tuple[str, float | None]] = {}
    raw_relations = obj.get("relations", [])
    for n, raw in enumerate(raw_relations if isinstance(raw_relations, list) else [None]):
        where = f"relations[{n}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("type"), str) or not raw["type"]:
            problems.append(Problem(shown, f"{where} has no type; skipped", line))
            continue
        head = end(raw, "head", where)
        tail = end(raw, "child", where) if head is not None else None
        relations.append((raw["type"], head, tail))
        if head is not None and tail is not None and isinstance(raw.get("id"), str):
            ids.append([raw["type"], head.id, tail.id, raw["id"]])
            provenance[raw["id"]] = _relation_provenance(raw)
    attributes: list[tuple[Span | None, str, Any]] = []
    raw_attributes = obj.get("attributes", {})
    if not isinstance(raw_attributes, dict):
        problems.append(Problem(shown, '"attributes" is not an object; skipped', line))
        raw_attributes = {}
    for span_id, values in raw_attributes.items():
        span = by_id.get(span_id)
        if span is None or not isinstance(values, dict):
            problems.append(
                Problem(shown, f"attributes of {quoted(span_id)}: not a span read; skipped", line)
            )
            continue
        for name, value in values.items():
            if type(value) in (str, int, float, bool):
                attributes.append((span, name, value))
            else:
                problems.append(
                    Problem(shown, f"attribute {quoted(name)} is not a scalar; skipped", line)
                )
    doc_labels = read_strings(obj, "doc_labels", problems, shown, line)
    record = restore_relation_ids(
        linked(record, relations, attributes, doc_labels), {"relations": ids}
    )
    record.relations = [
        replace(r, source=found[0], confidence=found[1]) if (found := provenance.get(r.id)) else r
        for r in record.relations
    ]
    return record


def _relation_provenance(raw: dict[str, Any]) -> tuple[str, float | None]:
    """The source and confidence an export wrote on a relation, when well formed."""
    source, found = raw.get("source", ""), raw.get("confidence")
    confidence = None
    if isinstance(found, int | float) and not isinstance(found, bool) and 0 <= found <= 1:
        confidence = float(found)
    return (source if isinstance(source, str) else "", confidence)
