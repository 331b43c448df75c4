"""brat standoff: a folder with ``NAME.txt`` (the exact text, UTF-8) and ``NAME.ann`` per
document, ``annotation.conf`` declaring the labels, and ``index.json`` mapping each file name
back to its document id (names are made safe by ``annotator.formats.safe_names``).

``T1<TAB>SITE 11 19<TAB>البوكمال``: offsets are code points, as brat counts them. brat draws
one line at a time, so a span across a line break is written as fragments,
``T2<TAB>QUOTE 5 20;21 40<TAB>first line second line`` (fragment texts joined by a space). A
span that begins or ends with a line break loses that edge in brat; each one is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import STATUSES, DocRecord, Span, quoted
from annotator.formats.common import (
    ExportOptions,
    check_label,
    exportable_spans,
    imported_span,
    read_bytes,
)
from annotator.formats.report import ExportReport, SpanIssue
from annotator.formats.safe_names import safe_names
from annotator.problems import Problem

KIND = "dir"
SUFFIX = ".brat"
ALIGNS = False
REBUILDS_TEXT = False  # import gives back the exact text
INDEX = "index.json"
CONF = "annotation.conf"
_LINE_BREAK = re.compile(r"[^\r\n]+")
_OFFSETS = re.compile(r"^(\d+) (\d+)((?:;\d+ \d+)*)$")


def fragments(text: str, span: Span) -> list[tuple[int, int]]:
    """The pieces of ``span`` between line breaks, as ``(start, end)``."""
    return [m.span() for m in _LINE_BREAK.finditer(text, span.start, span.end)]


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    records = list(records)
    # An id that is already a file name (the bundled corpus's are) keeps its .txt, not a second.
    names = safe_names([r.id for r in records], ".txt")
    # Every label of the set, so annotators can add any of them in brat; labels found only in
    # the data follow, or brat would refuse to show those spans.
    labels = dict.fromkeys(options.labels)
    index = []
    for record in records:
        name = names[record.id]
        lines: list[str] = []
        for span in exportable_spans(record, report):
            parts = fragments(record.text, span)
            if not parts:
                report.add(
                    SpanIssue(record.id, span, "line-break", "holds only line breaks", "dropped")
                )
                continue
            if parts[0][0] != span.start or parts[-1][1] != span.end:
                report.add(
                    SpanIssue(
                        record.id,
                        span,
                        "line-break",
                        "begins or ends with a line break, which brat cannot show",
                        f"written as [{parts[0][0]}, {parts[-1][1]})",
                    )
                )
            offsets = ";".join(f"{a} {b}" for a, b in parts)
            shown = " ".join(record.text[a:b] for a, b in parts)
            label = check_label(span.label, "brat")
            lines.append(f"T{len(lines) + 1}\t{label} {offsets}\t{shown}\n")
            labels[span.label] = None
        report.spans += len(lines)
        index.append({"file": name, "id": record.id, "status": record.status})
        yield f"{name}.txt", record.text.encode("utf-8", "surrogatepass")
        yield f"{name}.ann", "".join(lines).encode("utf-8", "surrogatepass")
    conf = "[entities]\n" + "".join(f"{label}\n" for label in labels)
    yield CONF, (conf + "\n[relations]\n\n[events]\n\n[attributes]\n").encode("utf-8")
    yield INDEX, orjson.dumps(index, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _index(folder: Path, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    path = folder / INDEX
    if not path.exists():
        return {}
    data = read_bytes(path, problems)
    try:
        entries = orjson.loads(data) if data is not None else []
    except orjson.JSONDecodeError as exc:
        problems.append(Problem(str(path), f"not valid JSON ({exc}); file names used as ids"))
        return {}
    if not isinstance(entries, list):
        entries = [None]
    out = {}
    for n, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("file"), str) and entry.get("id"):
            out[entry["file"]] = entry
        else:
            problems.append(Problem(str(path), f"entry {n} has no file and id; ignored"))
    return out


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    data = read_bytes(path, problems)
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), "not UTF-8; document skipped", byte=exc.start))
        return None


def _spans(
    ann: Path, text: str, problems: list[Problem], known: tuple[str, ...] | None
) -> list[Span]:
    shown = str(ann)
    source = _read_text(ann, problems) if ann.exists() else ""
    spans = []
    for number, line in enumerate((source or "").split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if not line.startswith("T"):
            problems.append(
                Problem(shown, "only text-bound (T) annotations are imported; line skipped", number)
            )
            continue
        fields = line.split("\t", 2)
        head = fields[1].split(" ", 1) if len(fields) == 3 else []
        match = _OFFSETS.match(head[1]) if len(head) == 2 else None
        if match is None:
            problems.append(
                Problem(
                    shown,
                    "expected T<n><TAB>LABEL START END[;START END...]<TAB>TEXT; line skipped",
                    number,
                )
            )
            continue
        parts = [tuple(map(int, p.split())) for p in head[1].split(";")]
        start, end = parts[0][0], parts[-1][1]
        pairs = list(pairwise(parts))
        if any(b[0] < a[1] or text[a[1] : b[0]].strip("\r\n") for a, b in pairs):
            problems.append(
                Problem(
                    shown,
                    "fragments are separated by more than line breaks (a discontinuous span); "
                    "annotator spans are continuous; line skipped",
                    number,
                )
            )
            continue
        # The annotation's id names it in messages: T<n>, unless the file says otherwise.
        where = fields[0] if fields[0][1:].isdigit() else quoted(fields[0])
        span = imported_span(text, start, end, head[0], None, problems, shown, number, where, known)
        if span is None:
            continue
        expected = " ".join(text[a:b] for a, b in parts)
        if fields[2] != expected:
            problems.append(
                Problem(
                    shown,
                    f"{where}: annotation text {quoted(fields[2])} differs from the document's "
                    f"{quoted(expected)}; span skipped (offsets must be code points of the .txt)",
                    number,
                )
            )
            continue
        spans.append(span)
    return spans


def read(
    path: Path, problems: list[Problem], known: tuple[str, ...] | None = None
) -> list[DocRecord]:
    if not path.is_dir():
        problems.append(Problem(str(path), "brat import reads a folder of .txt and .ann files"))
        return []
    index = _index(path, problems)
    out = []
    for txt in sorted(path.glob("*.txt")):
        text = _read_text(txt, problems)
        if text is None:
            continue
        entry = index.get(txt.stem, {})
        status = entry.get("status")
        out.append(
            DocRecord(
                id=str(entry.get("id", txt.stem)),
                text=text,
                spans=_spans(txt.with_suffix(".ann"), text, problems, known),
                status=status if status in STATUSES else "",
            )
        )
    return out
