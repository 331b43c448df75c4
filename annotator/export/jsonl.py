"""The canonical training data: one JSON object per document, spaCy/Prodigy field names.

``{"id", "text", "spans": [{"start", "end", "label", "text", "token_start", "token_end"}],
"tokens": [{"text", "start", "end", "id", "ws"}], "meta"}``; ``token_end`` is inclusive.

Tokens follow spaCy's convention so ``Doc(vocab, words, spaces)`` rebuilds the exact text: a
token's ``ws`` is one following space, and any other whitespace (line breaks, a second space)
is a token of its own. Under the default ``--align split`` a token a span edge falls inside is
cut there (and a space a span starts or ends on becomes a token), so every span keeps its
exact offsets. A span ``--align expand`` or ``contract`` moved keeps the annotated offsets
under ``"original"`` so importing the file restores them exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cache
from pathlib import Path

import orjson

from annotator.corpus import Problem
from annotator.export.alignment import align_spans, split_tokens
from annotator.export.common import (
    ExportOptions,
    exportable_spans,
    imported_span,
    jsonl_documents,
)
from annotator.export.report import ExportReport
from annotator.model import STATUSES, DocRecord, Span
from annotator.tokenize import token_pattern

KIND = "file"
SUFFIX = ".jsonl"
ALIGNS = True


@cache
def _pieces() -> re.Pattern[str]:
    return re.compile(f"({token_pattern()}|\\s+)( ?)")


_META_FIELDS = ("status", "annotator", "updated_at", "seconds", "note")


def _region_tokens(text: str, start: int, stop: int, out: list[dict], i: int) -> int:
    pos = start
    append = out.append
    for tok, space in _pieces().findall(text, start, stop):
        end = pos + len(tok)
        append({"text": tok, "start": pos, "end": end, "id": i, "ws": bool(space)})
        pos = end + len(space)
        i += 1
    return i


def canonical_tokens(text: str) -> list[dict]:
    """The tokens of ``text`` (``annotator.tokenize`` rules) plus spaCy's whitespace tokens.

    This is the export's hot path. Most space-separated chunks are one plain word or number
    (``isalpha``/``isdecimal``, checked in C) and become a token directly; the regular
    expression runs only over runs of other chunks (punctuation, harakat, line breaks, extra
    spaces), each taken with the space after it so the result is the same as running it over
    the whole text (tests/export/test_export_tokens.py checks that).
    """
    out: list[dict] = []
    append = out.append
    pos = i = 0
    region = -1  # where the pending run of chunks for the regular expression starts
    chunks = text.split(" ")
    last = len(chunks) - 1
    for n, chunk in enumerate(chunks):
        end = pos + len(chunk)
        if chunk.isalpha() or chunk.isdecimal():
            if region >= 0:
                i = _region_tokens(text, region, pos, out, i)
                region = -1
            append({"text": chunk, "start": pos, "end": end, "id": i, "ws": n != last})
            i += 1
        elif region < 0:
            region = pos
        pos = end + 1
    if region >= 0:
        _region_tokens(text, region, len(text), out, i)
    return out


def document(record: DocRecord, options: ExportOptions, report: ExportReport) -> dict:
    tokens = canonical_tokens(record.text)
    spans = exportable_spans(record, report)
    out_spans = []
    if spans:
        starts = [t["start"] for t in tokens]
        ends = [t["end"] for t in tokens]
        if options.align == "split":
            cut = split_tokens(
                record.id, record.text, spans, starts, ends, lambda k: tokens[k]["ws"], report, True
            )
            if cut is not None:
                text = record.text
                tokens = [
                    {"text": text[start:end], "start": start, "end": end, "id": i, "ws": ws}
                    for i, (start, end, ws) in enumerate(cut)
                ]
                starts = [t[0] for t in cut]
                ends = [t[1] for t in cut]
        for a in align_spans(record.id, record.text, spans, starts, ends, options.align, report):
            s = a.span
            item = {
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": s.text,
                "token_start": a.first,
                "token_end": a.last,
            }
            if s.annotators:
                item["annotators"] = list(s.annotators)
            if s.source:
                item["source"] = s.source
            if a.original is not None:
                o = a.original
                item["original"] = {"start": o.start, "end": o.end, "text": o.text}
            out_spans.append(item)
    report.spans += len(out_spans)
    meta = dict(record.meta)
    meta["status"] = record.status
    meta["annotator"] = record.annotator
    meta["updated_at"] = record.updated_at
    meta["seconds"] = record.seconds
    if record.note:
        meta["note"] = record.note
    return {
        "id": record.id,
        "text": record.text,
        "spans": out_spans,
        "tokens": tokens,
        "meta": meta,
    }


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    for record in records:
        yield "", dumps(document(record, options, report), option=newline)


def _with_provenance(span: Span, raw: dict) -> Span:
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
    for line, obj, text, doc_id in jsonl_documents(path, problems):
        raw_spans = obj.get("spans", [])
        if not isinstance(raw_spans, list):
            problems.append(Problem(shown, '"spans" is not a list; spans skipped', line))
            raw_spans = []
        spans = []
        for n, raw in enumerate(raw_spans):
            where = f"spans[{n}]"
            if not isinstance(raw, dict):
                problems.append(Problem(shown, f"{where} is not an object; skipped", line))
                continue
            source = raw.get("original") if isinstance(raw.get("original"), dict) else raw
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
                spans.append(_with_provenance(span, raw))
        meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
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
        out.append(record)
    return out
