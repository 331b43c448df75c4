"""Hugging Face token classification: a folder with ``data.jsonl`` of
``{"id", "tokens": [...], "ner_tags": [...]}`` (one line per document, tags as integer ids) and
``labels.json``, the IOB2 tag names in id order (``"O"`` is 0).

Load it with ``datasets.load_dataset("json", data_files="DIR/data.jsonl")`` and turn
``ner_tags`` into a ``ClassLabel(names=json.load(open("DIR/labels.json")))``. Tag ids follow
the label set's order; labels found only in the data come after, in order of appearance.

When any document has relations, attributes or document labels, every line also has
``"relations": [{"type", "head": [first, last], "tail": [first, last]}]`` (token indices,
``last`` inclusive, of the spans the tags hold), ``"attributes": [{"span": [first, last],
"name", "value"}]`` and ``"doc_labels": ["name=value", ...]``. A relation or attribute of a span
the tags cannot hold (IOB2 does not nest) is reported and left out.

Every line also has ``"annotator_ids": {"spans": [[first, last, label, id], ...], "relations":
[[type, head id, tail id, id], ...]}``: import gives the span its tags make from tokens
``first``..``last`` the id written for it, and a relation with those ends and type its id.
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
    document_id,
    exported_attributes,
    exported_relations,
    id_table,
    jsonl_objects,
    linked,
    read_json_sidecar,
    read_relations,
    read_strings,
    restore_relation_ids,
    restore_span_ids,
)
from annotator.formats.conll import documents_from_tokens
from annotator.formats.iob import flat_spans, tag_names, tags
from annotator.formats.report import ExportReport
from annotator.problems import Problem, UserError
from annotator.text.tokenize import tokenize

KIND = "dir"
SUFFIX = ".hf"
ALIGNS = True
# Import joins the tokens with single spaces: the text is not the original article's.
REBUILDS_TEXT = True
CARRIES = LINKS
DATA = "data.jsonl"
LABELS = "labels.json"


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    if options.columns:
        raise UserError(
            "--columns writes tag columns of conll; hf has one tag list per document: pass "
            "--prefer LABEL,... to choose what overlapping spans keep, or --format spacy, "
            "which keeps every span"
        )
    names = tag_names(options.labels)
    ids = {name: i for i, name in enumerate(names)}
    dumps = orjson.dumps
    newline = orjson.OPT_APPEND_NEWLINE
    records = list(records)
    links = any(r.relations or r.attributes or r.doc_labels for r in records)
    for record in records:
        tokens = tokenize(record.text)
        tokens, (kept,) = flat_spans(record, tokens, options, report)
        tag_list = tags(len(tokens), kept)
        for tag in tag_list:
            if tag not in ids:
                label = tag[2:]
                for name in ("B-" + label, "I-" + label):
                    ids[name] = len(names)
                    names.append(name)
        line: dict[str, Any] = {
            "id": record.id,
            "tokens": [t.text for t in tokens],
            "ner_tags": [ids[t] for t in tag_list],
        }
        placed = {(a.original or a.span).id: [a.first, a.last] for a in kept}
        if links:
            line.update(_links(record, placed, report))
        line[IDS] = id_table(
            (([a.first, a.last, a.span.label], (a.original or a.span).id) for a in kept),
            (r for r, _, _ in exported_relations(record, placed, ExportReport())),
        )
        yield DATA, dumps(line, option=newline)
    yield LABELS, dumps(names, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _links(record: DocRecord, placed: dict[str, list[int]], report: ExportReport) -> dict[str, Any]:
    report.doc_labels += bool(record.doc_labels)
    return {
        "relations": [
            {"type": relation.type, "head": head, "tail": tail}
            for relation, head, tail in exported_relations(record, placed, report)
        ],
        "attributes": [
            {"span": span, "name": name, "value": value}
            for span, name, value in exported_attributes(record, placed, report)
        ],
        "doc_labels": list(record.doc_labels),
    }


def _read_links(
    record: DocRecord, obj: dict[str, Any], tokens: list[str], problems: list[Problem], line: int,
    shown: str,
) -> DocRecord:  # fmt: skip
    """The relations, attributes and document labels of a line, onto the spans its tags gave
    (the text is the tokens joined by spaces, as ``documents_from_tokens`` builds it)."""
    starts = []
    pos = 0
    for token in tokens:
        starts.append(pos)
        pos += len(token) + 1
    by_range = {(span.start, span.end): span for span in record.spans}

    def span_of(value: object, where: str) -> Span | None:
        found = None
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(type(i) is int and 0 <= i < len(tokens) for i in value)
        ):
            first, last = value
            found = by_range.get((starts[first], starts[last] + len(tokens[last])))
        if found is None:
            problems.append(
                Problem(
                    shown, f"{where}: {value!r} is not the tokens of a tagged span; skipped", line
                )
            )
        return found

    def ends(raw: dict[str, Any], where: str) -> tuple[Span | None, Span | None]:
        head = span_of(raw.get("head"), f"{where}.head")
        return head, span_of(raw.get("tail"), f"{where}.tail") if head is not None else None

    relations = read_relations(obj, ends, problems, shown, line)
    attributes: list[tuple[Span | None, str, Scalar]] = []
    raw_attributes = obj.get("attributes", [])
    for n, raw in enumerate(raw_attributes if isinstance(raw_attributes, list) else [None]):
        value = raw.get("value") if isinstance(raw, dict) else None
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("name"), str)
            or (type(value) not in (str, int, float, bool))
        ):
            problems.append(Problem(shown, f"attributes[{n}] has no name and value; skipped", line))
            continue
        attributes.append((span_of(raw.get("span"), f"attributes[{n}].span"), raw["name"], value))  # type: ignore[arg-type]
    doc_labels = read_strings(obj, "doc_labels", problems, shown, line)
    record = linked(record, relations, attributes, doc_labels)
    first = {start: n for n, start in enumerate(starts)}
    last = {
        start + len(token): n for n, (start, token) in enumerate(zip(starts, tokens, strict=True))
    }
    record = restore_span_ids(
        record, obj.get(IDS), lambda s: (first.get(s.start, -1), last.get(s.end, -1), s.label)
    )
    return restore_relation_ids(record, obj.get(IDS))


def _tag_names(path: Path, problems: list[Problem]) -> list[str] | None:
    if not path.exists():
        return None
    names = read_json_sidecar(path, problems, "tag ids cannot be read")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        problems.append(Problem(str(path), 'must be a JSON list of tag names like ["O", ...]'))
        return None
    return names


def read(
    path: Path, problems: list[Problem], known: tuple[str, ...] | None = None
) -> list[DocRecord]:
    data_path = path / DATA if path.is_dir() else path
    names = _tag_names(data_path.parent / LABELS, problems)
    shown = str(data_path)
    docs = []
    ids = []
    lines: list[tuple[int, dict[str, Any], list[str]]] = []
    for line, obj in jsonl_objects(data_path, problems):
        tokens, raw_tags = obj.get("tokens"), obj.get("ner_tags")
        if not isinstance(tokens, list) or not all(isinstance(t, str) and t for t in tokens):
            problems.append(
                Problem(shown, '"tokens" must be a list of strings; line skipped', line)
            )
            continue
        if not isinstance(raw_tags, list) or len(raw_tags) != len(tokens):
            problems.append(
                Problem(shown, '"ner_tags" must be a list as long as "tokens"; line skipped', line)
            )
            continue
        tag_list = []
        for tag in raw_tags:
            if isinstance(tag, str):
                tag_list.append(tag)
            elif type(tag) is int and names is not None and 0 <= tag < len(names):
                tag_list.append(names[tag])
            else:
                problems.append(
                    Problem(
                        shown,
                        f"tag {quoted(tag) if isinstance(tag, str) else repr(tag)[:40]} is not a "
                        f"tag name or an id in {LABELS}; read as O",
                        line,
                    )
                )
                tag_list.append("O")
        ids.append(document_id(obj, f"{data_path.stem}-{line}", problems, shown, line))
        docs.append([[(t, g, line) for t, g in zip(tokens, tag_list, strict=True)]])
        lines.append((line, obj, tokens))
    records = documents_from_tokens(docs, data_path.stem, shown, problems, known)
    for record, doc_id, (line, obj, tokens) in zip(records, ids, lines, strict=True):
        record.id = doc_id
        _read_links(record, obj, tokens, problems, line, shown)
    return records
