"""The checks behind ``annotator validate``: journals and canonical JSONL exports, line by line.

A line with a ``schema`` key is a journal record (``DocRecord``); one without is an export
record (``{"id", "text", "spans": [{"start", "end", "label", "text", "token_start",
"token_end"}], "tokens": [...], "meta"}``). Both get the span checks: offsets inside the text,
``start < end``, ``text[start:end] == span.text``, a known label, not stale, not a duplicate.
Ids may repeat in a journal (the latest line wins) but not in an export.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.corpus import Problem, json_error, printable, show_path
from annotator.labels import LabelSet
from annotator.model import SCHEMA_VERSION, DocRecord, RecordError, Span, check_span, text_hash


@dataclass(frozen=True, slots=True)
class LineCheck:
    kind: str  # "journal", "export", or "" when the line is not a record at all
    doc_id: str
    problems: list[str]


@dataclass
class Validated:
    path: Path
    lines: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)


def _lines(path: Path) -> Iterator[tuple[int, bytes, bool]]:
    """(number, bytes, ends with newline) for each line, read in blocks."""
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            terminated = raw.endswith(b"\n")
            yield number, raw[:-1] if terminated else raw, terminated


def validate_file(path: Path, labels: LabelSet) -> Validated:
    path = Path(path)
    shown = show_path(path)
    out = Validated(path)
    export_ids: dict[str, int] = {}
    try:
        for number, raw, terminated in _lines(path):
            out.lines = number
            check = validate_line(raw, labels)
            found = check.problems
            if not terminated and not check.kind and found:
                found = ["incomplete last line (a write was interrupted); it is not used"]
            if check.kind:
                out.records += 1
            if check.kind == "export":
                first = export_ids.setdefault(check.doc_id, number)
                if first != number:
                    found.append(f"duplicate id {check.doc_id!r} (first on line {first})")
            out.problems.extend(Problem(shown, message, number) for message in found)
    except OSError as exc:
        out.problems.append(Problem(shown, f"cannot read: {exc.strerror}"))
    return out


def validate_line(raw: bytes, labels: LabelSet) -> LineCheck:
    """Every problem of one line; a blank line has none."""
    if not raw.strip():
        return LineCheck("", "", [])
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as uexc:
            reason = f"invalid UTF-8 at byte {uexc.start} of the line"
        else:
            reason = json_error(exc)
        return LineCheck("", "", [f"not valid JSON: {reason}"])
    if not isinstance(obj, dict):
        return LineCheck("", "", [f"expected a JSON object, got {type(obj).__name__}"])
    if "schema" in obj:
        return _journal_record(obj, labels)
    return _export_record(obj, labels)


def _journal_record(obj: dict, labels: LabelSet) -> LineCheck:
    try:
        record = DocRecord.from_json(obj)
    except RecordError as exc:
        return LineCheck("", "", [str(exc)])
    problems = _span_problems(record.spans, record.text, labels)
    if record.text_hash and record.text_hash != text_hash(record.text):
        problems.append("text_hash does not match the text (was the text edited by hand?)")
    return LineCheck("journal", record.id, problems)


def _export_record(obj: dict, labels: LabelSet) -> LineCheck:
    doc_id, text, spans = obj.get("id"), obj.get("text"), obj.get("spans", [])
    if not isinstance(doc_id, str) or not doc_id:
        return LineCheck(
            "",
            "",
            [
                f"id must be a non-empty string, got {doc_id!r} "
                f'(a journal line needs "schema": {SCHEMA_VERSION})'
            ],
        )
    if not isinstance(text, str):
        return LineCheck("", "", [f"record {doc_id!r} has no text string"])
    if not isinstance(spans, list):
        return LineCheck("", "", [f"record {doc_id!r}: spans must be a list"])
    problems: list[str] = []
    parsed: list[Span] = []
    for i, raw in enumerate(spans):
        try:
            parsed.append(Span.from_json(raw, f"spans[{i}]"))
        except RecordError as exc:
            problems.append(str(exc))
    problems.extend(_span_problems(parsed, text, labels))
    if "tokens" in obj:
        problems.extend(_token_problems(obj["tokens"], spans, text))
    return LineCheck("export", doc_id, problems)


def _span_problems(spans: list[Span], text: str, labels: LabelSet) -> list[str]:
    problems = []
    seen: set[tuple[int, int, str]] = set()
    for i, span in enumerate(spans):
        where = f"spans[{i}] {printable(span.label)}"
        problems.extend(check_span(span, text, where))
        if span.label not in labels:
            problems.append(
                f"{where}: unknown label {span.label!r} (known: {', '.join(labels.names)}); "
                "pass --labels FILE for another label set"
            )
        if span.stale:
            problems.append(
                f"{where} {span.text!r} is stale: the corpus text changed and it could not be "
                "re-anchored; fix it in the app"
            )
        if span.key() in seen:
            problems.append(f"{where} [{span.start}, {span.end}) is a duplicate of another span")
        seen.add(span.key())
    return problems


def _token_problems(tokens: object, spans: list, text: str) -> list[str]:
    if not isinstance(tokens, list):
        return ["tokens must be a list"]
    bounds: list[tuple[int, int]] = []
    problems = []
    for i, token in enumerate(tokens):
        start = token.get("start") if isinstance(token, dict) else None
        end = token.get("end") if isinstance(token, dict) else None
        if type(start) is not int or type(end) is not int or not 0 <= start < end <= len(text):
            problems.append(f"tokens[{i}] has no valid [start, end) inside the text")
            bounds.append((-1, -1))
            continue
        if token.get("text") != text[start:end]:
            problems.append(f"tokens[{i}] text {token.get('text')!r} differs from the document")
        bounds.append((start, end))
    for i, span in enumerate(spans):
        if not isinstance(span, dict) or "token_start" not in span:
            continue
        first, last = span.get("token_start"), span.get("token_end")
        if not all(type(t) is int and 0 <= t < len(bounds) for t in (first, last)):
            problems.append(f"spans[{i}] token_start/token_end do not index the tokens")
        elif (bounds[first][0], bounds[last][1]) != (span.get("start"), span.get("end")):
            problems.append(
                f"spans[{i}] tokens {first}..{last} cover "
                f"[{bounds[first][0]}, {bounds[last][1]}), not the span's offsets"
            )
    return problems
