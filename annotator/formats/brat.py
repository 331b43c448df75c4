"""brat standoff: a folder with ``NAME.txt`` (the exact text, UTF-8) and ``NAME.ann`` per
document, ``annotation.conf`` declaring the labels, and ``index.json`` mapping each file name
back to its document id (names are made safe by ``annotator.formats.safe_names``).

``T1<TAB>SITE 11 19<TAB>البوكمال``: offsets are code points, as brat counts them. brat draws
one line at a time, so a span across a line break is written as fragments,
``T2<TAB>QUOTE 5 20;21 40<TAB>first line second line`` (fragment texts joined by a space). A
span that begins or ends with a line break loses that edge in brat; each one is reported.

Relations are ``R`` lines, ``R1<TAB>SPEAKER Arg1:T4 Arg2:T2`` (Arg1 the head, Arg2 the tail);
attributes ``A`` lines, ``A1<TAB>kind T3 killed`` (a ``true`` attribute is brat's binary
``A1<TAB>name T3``). Both are declared in ``annotation.conf`` from the label set, and any found
only in the data with ``<ENTITY>`` ends. brat has no document labels: by this exporter's
convention they are in ``index.json``, as ``"doc_labels": ["relevant=yes", ...]`` in the
document's entry, and import reads them from there.

brat numbers its annotations ``T1``, ``R1``... per file; annotator's span and relation ids are
kept in the document's ``index.json`` entry, ``"annotator_ids": {"spans": [[start, end, label,
id], ...], "relations": [[type, head id, tail id, id], ...]}`` (``start``/``end`` as the T line
has them). Import gives a span the id of the row with its offsets and label, then a relation
the id of the row with its type and ends, so a round trip keeps every id; an annotation
changed or added in brat matches no row and gets a new id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import STATUSES, DocRecord, Scalar, Span, quoted
from annotator.formats.common import (
    IDS,
    LINKS,
    ExportOptions,
    check_label,
    exportable_spans,
    exported_attributes,
    exported_relations,
    id_table,
    imported_span,
    linked,
    read_bytes,
    restore_relation_ids,
    restore_span_ids,
)
from annotator.formats.report import ExportReport, SpanIssue
from annotator.formats.safe_names import safe_names
from annotator.problems import Problem

KIND = "dir"
SUFFIX = ".brat"
ALIGNS = False
REBUILDS_TEXT = False  # import gives back the exact text
CARRIES = LINKS
INDEX = "index.json"
CONF = "annotation.conf"
_LINE_BREAK = re.compile(r"[^\r\n]+")
_OFFSETS = re.compile(r"^(\d+) (\d+)((?:;\d+ \d+)*)$")
_RELATION = re.compile(r"^(\S+) Arg1:(\S+) Arg2:(\S+)$")
_ATTRIBUTE = re.compile(r"^(\S+) (\S+)(?: (\S+))?$")


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
    relation_types: dict[str, None] = {}
    attribute_values: dict[str, dict[Scalar, None]] = {}
    index = []
    for record in records:
        name = names[record.id]
        lines: list[str] = []
        written: dict[str, str] = {}  # span id -> T id
        places: list[tuple[list[Scalar], str]] = []  # (what import reads, span id)
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
            written[span.id] = f"T{len(lines) + 1}"
            places.append(([parts[0][0], parts[-1][1], label], span.id))
            lines.append(f"{written[span.id]}\t{label} {offsets}\t{shown}\n")
            labels[span.label] = None
        report.spans += len(lines)
        relations = exported_relations(record, written, report)
        for n, (relation, head, tail) in enumerate(relations, 1):
            kind = check_label(relation.type, "brat")
            lines.append(f"R{n}\t{kind} Arg1:{head} Arg2:{tail}\n")
            relation_types[kind] = None
        for n, (target, attribute, value) in enumerate(
            exported_attributes(record, written, report), 1
        ):
            attribute = check_label(attribute, "brat")
            if value is True:
                lines.append(f"A{n}\t{attribute} {target}\n")
            else:
                lines.append(f"A{n}\t{attribute} {target} {check_label(str(value), 'brat')}\n")
            attribute_values.setdefault(attribute, {})[value] = None
        entry: dict[str, Any] = {"file": name, "id": record.id, "status": record.status}
        entry[IDS] = id_table(places, (r for r, _, _ in relations))
        if record.doc_labels:
            entry["doc_labels"] = list(record.doc_labels)
            report.doc_labels += 1
        index.append(entry)
        yield f"{name}.txt", record.text.encode("utf-8", "surrogatepass")
        yield f"{name}.ann", "".join(lines).encode("utf-8", "surrogatepass")
    yield CONF, _conf(labels, relation_types, attribute_values, options).encode("utf-8")
    yield INDEX, orjson.dumps(index, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _conf(
    labels: dict[str, None],
    relation_types: dict[str, None],
    attribute_values: dict[str, dict[Scalar, None]],
    options: ExportOptions,
) -> str:
    """annotation.conf: the label set's entities, relations and attributes, then those found
    only in the data (brat refuses to show an annotation its configuration does not name)."""
    relations = [
        f"{r.name}\tArg1:{'|'.join(r.head)}, Arg2:{'|'.join(r.tail)}\n"
        for r in options.schema.relations
    ]
    declared = {r.name for r in options.schema.relations}
    relations += [
        f"{name}\tArg1:<ENTITY>, Arg2:<ENTITY>\n" for name in relation_types if name not in declared
    ]
    attributes = [
        f"{a.name}\tArg:{'|'.join(a.labels)}, Value:{'|'.join(a.values)}\n"
        for a in options.schema.attributes
    ]
    declared = {a.name for a in options.schema.attributes}
    for name, values in attribute_values.items():
        if name in declared:
            continue
        choices = [str(v) for v in values if v is not True]
        attributes.append(
            f"{name}\tArg:<ENTITY>" + (f", Value:{'|'.join(choices)}" if choices else "") + "\n"
        )
    return (
        "[entities]\n"
        + "".join(f"{label}\n" for label in labels)
        + "\n[relations]\n"
        + "".join(relations)
        + "\n[events]\n\n[attributes]\n"
        + "".join(attributes)
    )


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


def _annotations(
    ann: Path, text: str, problems: list[Problem], known: tuple[str, ...] | None
) -> tuple[list[Span], dict[str, Span], list[tuple[int, str]]]:
    """The spans of the T lines, each T id's span, and the R and A lines (with their numbers)
    for ``_links``."""
    shown = str(ann)
    source = _read_text(ann, problems) if ann.exists() else ""
    spans = []
    by_id: dict[str, Span] = {}
    later: list[tuple[int, str]] = []
    for number, line in enumerate((source or "").split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith(("R", "A")):
            later.append((number, line))
            continue
        if not line.startswith("T"):
            problems.append(
                Problem(
                    shown,
                    "only text-bound (T), relation (R) and attribute (A) annotations are "
                    "imported; line skipped",
                    number,
                )
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
        by_id[fields[0]] = span
    return spans, by_id, later


def _links(
    ann: Path, record: DocRecord, by_id: dict[str, Span], lines: list[tuple[int, str]],
    doc_labels: list[str], problems: list[Problem],
) -> DocRecord:  # fmt: skip
    """``record`` with the relations and attributes of its R and A lines."""
    shown = str(ann)
    relations: list[tuple[str, Span | None, Span | None]] = []
    attributes: list[tuple[Span | None, str, Scalar]] = []
    for number, line in lines:
        fields = line.split("\t")
        pattern = _RELATION if line.startswith("R") else _ATTRIBUTE
        match = pattern.match(fields[1]) if len(fields) >= 2 else None
        if match is None:
            shape = "R<n><TAB>TYPE Arg1:T<n> Arg2:T<n>" if pattern is _RELATION else (
                "A<n><TAB>NAME T<n> [VALUE]"
            )  # fmt: skip
            problems.append(Problem(shown, f"expected {shape}; line skipped", number))
            continue
        name, first, second = match.groups()
        ends = [first, second] if pattern is _RELATION else [first]
        missing = [t for t in ends if t not in by_id]
        if missing:
            problems.append(
                Problem(
                    shown,
                    f"{quoted(fields[0])}: {quoted(missing[0])} is not a span read from this "
                    "file; line skipped",
                    number,
                )
            )
            continue
        if pattern is _RELATION:
            relations.append((name, by_id[first], by_id[second]))
        else:
            attributes.append((by_id[first], name, True if second is None else second))
    return linked(record, relations, attributes, doc_labels)


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
        ann = txt.with_suffix(".ann")
        spans, by_id, later = _annotations(ann, text, problems, known)
        record = DocRecord(
            id=str(entry.get("id", txt.stem)),
            text=text,
            spans=spans,
            status=status if status in STATUSES else "",
        )
        doc_labels = entry.get("doc_labels", [])
        if not isinstance(doc_labels, list) or not all(isinstance(d, str) for d in doc_labels):
            problems.append(
                Problem(str(path / INDEX), f"doc_labels of {txt.stem} is not a list of strings")
            )
            doc_labels = []
        record = _links(ann, record, by_id, later, doc_labels, problems)
        record = restore_span_ids(record, entry.get(IDS), Span.key)
        out.append(restore_relation_ids(record, entry.get(IDS)))
    return out
