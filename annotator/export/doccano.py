"""doccano sequence-labelling JSONL: ``{"id", "text", "label": [[start, end, "LABEL"], ...]}``.

Offsets are code points of the text. doccano keeps ``id`` (and any other key) as metadata, so
importing an export restores the document ids. Import also reads the newer
``"entities": [{"start_offset", "end_offset", "label"}]`` form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from annotator.corpus import Problem
from annotator.export.common import (
    ExportOptions,
    document_id,
    exportable_spans,
    imported_span,
    jsonl_objects,
)
from annotator.export.report import ExportReport
from annotator.model import DocRecord

KIND = "file"
SUFFIX = ".doccano.jsonl"
ALIGNS = False


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    for record in records:
        spans = exportable_spans(record, report) if record.spans else []
        report.spans += len(spans)
        labels = [[s.start, s.end, s.label] for s in spans]
        yield "", dumps({"id": record.id, "text": record.text, "label": labels}, option=newline)


def read(path: Path, problems: list[Problem]) -> list[DocRecord]:
    shown = str(path)
    out = []
    for line, obj in jsonl_objects(path, problems):
        text = obj.get("text")
        if not isinstance(text, str):
            problems.append(Problem(shown, 'no "text" string; line skipped', line))
            continue
        doc_id = document_id(obj, f"{path.stem}-{line}", problems, shown, line)
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
            raw = obj.get("label", [])
            items = [
                tuple(e) if isinstance(e, list) and len(e) == 3 else None
                for e in (raw if isinstance(raw, list) else [None])
            ]
            key = "label"
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
            span = imported_span(text, *item, None, problems, shown, line, where)
            if span is not None:
                spans.append(span)
        out.append(DocRecord(id=doc_id, text=text, spans=spans, status=""))
    return out
