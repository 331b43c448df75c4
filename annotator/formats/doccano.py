"""doccano sequence-labelling JSONL: ``{"id", "text", "label": [[start, end, "LABEL"], ...]}``.

doccano counts offsets in UTF-16 code units, as JavaScript does (doccano/doccano#2290), so a
character outside the Basic Multilingual Plane (most emoji, 𝔸) counts two; export converts
from code points and import converts back (an offset inside such a character is reported).
Arabic text is all in the BMP, where both counts agree. doccano keeps ``id`` (and any other
key) as metadata, so importing an export restores the document ids. Import also reads the
newer ``"entities": [{"start_offset", "end_offset", "label"}]`` form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.formats.common import (
    ExportOptions,
    exportable_spans,
    imported_span,
    jsonl_documents,
)
from annotator.formats.report import ExportReport
from annotator.problems import Problem
from annotator.text.utf16 import Utf16Offsets

KIND = "file"
SUFFIX = ".doccano.jsonl"
ALIGNS = False
REBUILDS_TEXT = False  # import gives back the exact text


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
    for record in records:
        spans = exportable_spans(record, report) if record.spans else []
        report.spans += len(spans)
        labels = _labels(record, spans)
        yield "", dumps({"id": record.id, "text": record.text, "label": labels}, option=newline)


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
        out.append(DocRecord(id=doc_id, text=text, spans=spans, status=""))
    return out
