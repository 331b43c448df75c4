"""The checks behind ``annotator validate``: journals, canonical and doccano JSONL, line by line.

A line with a ``schema`` (v1) or ``v`` (v2) key is a journal record (``DocRecord``; a v2 line
that leaves its text out is checked against the text of the latest earlier line of its document
that carries one, as the store reads it); one with ``spans`` is a
canonical export record (``{"id", "text", "spans": [{"start", "end", "label", "text",
"token_start", "token_end"}], "tokens": [...], "meta"}``); one with ``label`` or ``entities`` is
doccano (offsets in UTF-16 code units, as the doccano exporter writes them). Every kind gets the
span checks: offsets inside the text, ``start < end``, a known label, not a duplicate, and where
the span keeps its text, ``text[start:end] == span.text``. Journal and canonical spans are also
checked against the label set's nesting rule and for an edge on whitespace. Ids may repeat in
a journal (the latest line wins) but not in an export.

A file that is none of these (binary data, a Hugging Face token file, CoNLL, a whole JSON
document, a corpus) is not checked line by line, which would only print misleading problems:
``Validated.unchecked`` says what it looks like.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import (
    SCHEMA_VERSION,
    DocRecord,
    RecordError,
    Span,
    carries_text,
    check_span,
    joined_text,
    line_version,
    quoted,
    text_hash,
)
from annotator.annotations.nesting import nesting_violations
from annotator.annotations.references import schema_problems
from annotator.problems import Problem, json_error, printable, show_path
from annotator.regular_files import NotRegularFile, open_regular
from annotator.text.jsonl import BOM, numbered_lines
from annotator.text.kinds import ARTICLE, CANONICAL, DOCCANO, HF, JOURNAL, record_kind
from annotator.text.utf16 import Utf16Offsets

CHECKED = "validate checks annotation journals, canonical and doccano JSONL"
_SNIFF = 64 * 1024
_QUOTE = 40
_MESSAGE = 300
_CONLL = re.compile(r"^(-DOCSTART-|\S+[ \t]+(?:\S+[ \t]+)*(O|[BIESLU]-\S+))$")
_BRAT = re.compile(r"^[TRAEMN#*]\d*\t")


@dataclass(frozen=True, slots=True)
class LineCheck:
    kind: str  # "journal", "export", "doccano", or "" when the line is not a record at all
    doc_id: str
    problems: list[str]
    version: int = 0  # a journal line's schema version; 0 for any other line


class TextCarriers:
    """Where the latest line carrying each document's text is in a journal being read in
    order, to check the lines that leave the text out as the store reads them."""

    def __init__(self, f: BinaryIO) -> None:
        self._file = f
        self._at: dict[str, tuple[int, int]] = {}
        # The carrier parsed last: a document's lines usually follow each other.
        self._last: tuple[int, object] = (-1, None)

    def note(self, obj: dict[str, Any], offset: int, length: int) -> None:
        doc_id = obj.get("id")
        if type(doc_id) is str and carries_text(obj):
            self._at[doc_id] = (offset, length)

    def text(self, obj: dict[str, Any]) -> str:
        doc_id = obj.get("id")
        at = self._at.get(doc_id) if type(doc_id) is str else None
        carrier = None
        if at is not None:
            if self._last[0] != at[0]:
                self._file.seek(at[0])
                try:
                    parsed = orjson.loads(self._file.read(at[1]))
                except orjson.JSONDecodeError:
                    parsed = None
                self._last = (at[0], parsed)
            carrier = self._last[1]
        return joined_text(obj, carrier)


@dataclass
class Validated:
    path: Path
    lines: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    # What the file looks like when it is not something validate can check; "" otherwise.
    unchecked: str = ""
    # The numbers of the journal lines of each schema version.
    versions: dict[int, list[int]] = field(default_factory=dict)


def describe_versions(versions: dict[int, list[int]]) -> str:
    """Which journal lines are in which schema version: ``journal schema v1 on lines 1-3;
    v2 on lines 4-9`` (``annotator compact`` rewrites them all to the newest)."""
    parts = []
    for version in sorted(versions):
        runs: list[list[int]] = []
        for number in versions[version]:
            if runs and runs[-1][1] == number - 1:
                runs[-1][1] = number
            else:
                runs.append([number, number])
        lines = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
        parts.append(f"v{version} on line{'s' if len(versions[version]) > 1 else ''} {lines}")
    return "journal schema " + "; ".join(parts)


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", int: "number", float: "number"}
    return names.get(type(value), "value")


def _value(value: object) -> str:
    return quoted(value) if isinstance(value, str) else repr(value)[:_QUOTE]


def _short(message: str) -> str:
    """A message quoting a field's value (model's errors do) kept to one readable line."""
    if len(message) <= _MESSAGE:
        return message
    return f"{message[:_MESSAGE]}… (message cut, {len(message)} characters)"


def _lines(path: Path) -> Iterator[tuple[int, int, bytes, bool]]:
    """(number, byte offset, bytes, ends with newline) for each line, read in blocks."""
    with open_regular(path) as f:
        for number, offset, raw in numbered_lines(f):
            terminated = raw.endswith(b"\n")
            yield number, offset, raw[:-1] if terminated else raw, terminated


def _looks_like(head: bytes, whole: bool) -> str:
    """What the first bytes of a file are when validate cannot check it; "" when it can."""
    if whole and len([line for line in head.splitlines() if line.strip()]) > 1:
        try:
            document = orjson.loads(head)
        except orjson.JSONDecodeError:
            pass
        else:
            return (
                f"is one JSON {_json_type(document)} over several lines, not JSON Lines "
                "(one record per line)"
            )
    lines = head.split(b"\n")
    if not whole and len(lines) > 1:
        lines.pop()  # cut by the sniff, not by the file
    other = None  # the first JSON line that is not an object
    for raw in lines:
        if not raw.strip():
            continue
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if type(obj) is not dict:
            other = obj if other is None else other
            continue
        kind = record_kind(obj)
        if kind in (JOURNAL, CANONICAL, DOCCANO):
            return ""
        if kind == HF:
            return "looks like a Hugging Face token file (tokens and ner_tags)"
        if kind == ARTICLE:
            return (
                "looks like a corpus file (text, no spans or labels); "
                "check a corpus with annotator check-corpus"
            )
        return ""  # a record with something missing: the line checks say what
    if other is not None:
        return (
            f"looks like JSON Lines of a JSON {_json_type(other)} each, not of records "
            '(each line should be an object like {"id": ..., "text": ...})'
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "byte 0: a UTF-16 byte order mark: UTF-16 text, not UTF-8; re-save it as UTF-8"
    nul = head.find(b"\x00")
    if nul >= 0:
        return f"byte {nul}: binary data (a NUL byte), not a JSON Lines text file"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if whole or exc.start < len(head) - 3:
            return f"byte {exc.start}: not UTF-8 text; re-save it as UTF-8"
        text = head[: exc.start].decode("utf-8")
    written = [line.strip() for line in text.splitlines() if line.strip()]
    if len(written) == 1 and written[0].startswith("{") and not text.endswith("\n"):
        return ""  # one torn journal line: the line checks say so
    if written and all(_CONLL.match(line) for line in written[:50]):
        return "looks like a CoNLL token file (token TAG per line)"
    if written and all(_BRAT.match(line) for line in written[:50]):
        return "looks like a brat standoff .ann file"
    if written:
        return "is not JSON Lines: no line of it is a JSON object"
    return ""


def validate_file(path: Path, labels: LabelSet) -> Validated:
    path = Path(path)
    shown = show_path(path)
    out = Validated(path)
    ids: dict[str, int] = {}
    if path.is_dir():
        out.unchecked = f"is a folder; give the files in it (FOLDER/*.jsonl); {CHECKED}"
        return out
    try:
        with open_regular(path) as f:
            head = f.read(_SNIFF + 1).removeprefix(BOM)
        looks = _looks_like(head[:_SNIFF], len(head) <= _SNIFF)
        if looks:
            out.unchecked = f"{looks}; {CHECKED}"
            return out
        with open_regular(path) as again:
            carriers = TextCarriers(again)
            for number, offset, raw, terminated in _lines(path):
                out.lines = number
                check = validate_line(raw, labels, offset, carriers)
                _count(out, check, number, terminated, raw, ids)
    except NotRegularFile as exc:
        out.unchecked = f"{exc.strerror}; {CHECKED}"
    except OSError as exc:
        out.problems.append(
            Problem(shown, f"cannot read: {exc.strerror}; check the path and its permissions")
        )
    return out


def _count(
    out: Validated, check: LineCheck, number: int, terminated: bool, raw: bytes, ids: dict[str, int]
) -> None:
    """Add one line's check to ``out``."""
    found = check.problems
    if not terminated and not check.kind and found and _torn(raw):
        found = ["incomplete last line (a write was interrupted); it is not used"]
    if check.kind:
        out.records += 1
    if check.version:
        out.versions.setdefault(check.version, []).append(number)
    if check.kind in ("export", "doccano") and check.doc_id:
        first = ids.setdefault(check.doc_id, number)
        if first != number:
            found.append(f"duplicate id {quoted(check.doc_id)} (first on line {first})")
    if found:
        shown = show_path(out.path)
        out.problems.extend(Problem(shown, message, number) for message in found)


def _torn(raw: bytes) -> bool:
    """Whether an unreadable last line is what an interrupted write leaves: text cut short."""
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return True


def validate_line(
    raw: bytes, labels: LabelSet, offset: int = 0, carriers: TextCarriers | None = None
) -> LineCheck:
    """Every problem of one line; a blank line has none. ``offset`` is the line's byte offset
    in its file, so a bad byte is named where it is; ``carriers`` knows the journal's earlier
    lines (without it, a journal line that leaves its text out cannot be checked)."""
    if not raw.strip():
        return LineCheck("", "", [])
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        nul = raw.find(b"\x00")
        if nul >= 0:
            return LineCheck(
                "",
                "",
                [f"byte {offset + nul}: binary data (a NUL byte); remove this line or restore "
                 "the file from a backup"],
            )  # fmt: skip
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as uexc:
            return LineCheck(
                "",
                "",
                [f"byte {offset + uexc.start}: not UTF-8 text; re-save the file as UTF-8 or "
                 "remove this line"],
            )  # fmt: skip
        return LineCheck("", "", [f"not valid JSON: {json_error(exc)}; fix or remove this line"])
    if not isinstance(obj, dict):
        return LineCheck(
            "",
            "",
            [f"expected a JSON object, got a JSON {_json_type(obj)}; each line is one record"],
        )
    kind = record_kind(obj)
    # A broken journal record (no spans) is still one: its checks say how.
    if kind == JOURNAL or "schema" in obj or "v" in obj:
        if carriers is None:
            return _journal_record(obj, labels, None)
        carried = None
        if carries_text(obj):
            carriers.note(obj, offset, len(raw))
        else:
            carried = carriers.text
        return _journal_record(obj, labels, carried)
    if kind == CANONICAL:
        return _export_record(obj, labels)
    if kind == DOCCANO:
        return _doccano_record(obj, labels)
    return LineCheck(
        "",
        "",
        [
            'no "schema", "spans" or doccano "label" list: not a journal, canonical or doccano '
            "record; fix or remove this line"
        ],
    )


def _journal_record(
    obj: dict[str, Any], labels: LabelSet, carried: Callable[[dict[str, Any]], str] | None
) -> LineCheck:
    """A journal line; ``carried`` finds the text of a line that leaves it out."""
    try:
        version = line_version(obj)
        record = DocRecord.from_json(obj, None if carried is None else carried(obj))
    except RecordError as exc:
        return LineCheck("", "", [_short(str(exc))])
    problems = _span_problems(record.spans, record.text, labels)
    problems.extend(_reference_problems(record))
    problems.extend(schema_problems(record, labels))
    if record.text_hash and record.text_hash != text_hash(record.text):
        problems.append("text_hash does not match the text (was the text edited by hand?)")
    return LineCheck("journal", record.id, problems, version)


def _reference_problems(record: DocRecord) -> list[str]:
    """Span ids used twice, and relations or attributes naming a span the record lacks."""
    problems = []
    ids: set[str] = set()
    for i, span in enumerate(record.spans):
        if span.id in ids:
            problems.append(f"spans[{i}] id {quoted(span.id)} is used by another span too")
        ids.add(span.id)
    relation_ids: set[str] = set()
    for i, relation in enumerate(record.relations):
        if relation.id in relation_ids:
            problems.append(f"relations[{i}] id {quoted(relation.id)} is used twice")
        relation_ids.add(relation.id)
        for end in ("head", "tail"):
            if getattr(relation, end) not in ids:
                problems.append(
                    f"relations[{i}] {end} {quoted(getattr(relation, end))} is not a span id "
                    "of this record"
                )
    problems.extend(
        f"attributes of {quoted(span_id)}: not a span id of this record"
        for span_id in record.attributes
        if span_id not in ids
    )
    return problems


def _record_text(obj: dict[str, Any]) -> tuple[str, str] | str:
    """(id, text) of an export line, or the problem that stops it being checked."""
    doc_id, text = obj.get("id"), obj.get("text")
    if not isinstance(doc_id, str) or not doc_id:
        return _short(
            f"id must be a non-empty string, got {doc_id!r} "
            f'(a journal line needs "schema": {SCHEMA_VERSION})'
        )
    if not isinstance(text, str):
        return f'record {quoted(doc_id)} has no "text" string'
    return doc_id, text


def _export_record(obj: dict[str, Any], labels: LabelSet) -> LineCheck:
    found = _record_text(obj)
    if isinstance(found, str):
        return LineCheck("", "", [found])
    doc_id, text = found
    spans = obj.get("spans", [])
    if not isinstance(spans, list):
        return LineCheck("", "", [f"record {quoted(doc_id)}: spans must be a list"])
    problems: list[str] = []
    parsed: list[Span] = []
    for i, raw in enumerate(spans):
        try:
            parsed.append(Span.from_json(raw, f"spans[{i}]"))
        except RecordError as exc:
            problems.append(_short(str(exc)))
    problems.extend(_span_problems(parsed, text, labels))
    if "tokens" in obj:
        problems.extend(_token_problems(obj["tokens"], spans, text))
    return LineCheck("export", doc_id, problems)


def _doccano_record(obj: dict[str, Any], labels: LabelSet) -> LineCheck:
    """``{"text", "label": [[start, end, "LABEL"], ...]}`` or ``"entities": [{"start_offset",
    "end_offset", "label"}]``, offsets in UTF-16 code units; the id is optional in doccano."""
    text = obj.get("text")
    doc_id = obj.get("id")
    doc_id = str(doc_id) if type(doc_id) in (str, int) else ""
    if not isinstance(text, str):
        return LineCheck("", "", [f'doccano record {quoted(doc_id)} has no "text" string'])
    key = "entities" if "entities" in obj else "label"
    items = obj[key]
    if not isinstance(items, list):
        return LineCheck("", "", [f"{key} must be a list, got {type(items).__name__}"])
    offsets = Utf16Offsets(text)
    length = offsets.length
    problems: list[str] = []
    seen: set[tuple[int, int, str]] = set()
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        if key == "label" and isinstance(item, list) and len(item) == 3:
            start, end, label = item
        elif key == "entities" and isinstance(item, dict):
            start, end, label = (item.get(k) for k in ("start_offset", "end_offset", "label"))
        else:
            shape = "[start, end, label]" if key == "label" else "{start_offset, end_offset, label}"
            problems.append(_short(f"{where} is not {shape}: {item!r}"))
            continue
        if type(start) is not int or type(end) is not int or not isinstance(label, str):
            problems.append(_short(f"{where} needs integer offsets and a string label: {item!r}"))
            continue
        where = f"{where} {printable(label[:_QUOTE])}"
        if start < 0 or end > length:
            problems.append(
                f"{where} [{start}, {end}) lies outside the text "
                f"(length {length} in UTF-16 units, as doccano counts)"
            )
            continue
        if start >= end:
            problems.append(f"{where} has start {start} not before end {end}")
            continue
        inside = [o for o in (start, end) if offsets.to_code_point(o) is None]
        if inside:
            problems.append(
                f"{where}: offset {inside[0]} falls inside a character written as two UTF-16 "
                "units (an emoji?)"
            )
            continue
        if label not in labels:
            problems.append(_unknown_label(where, label, labels))
        if (start, end, label) in seen:
            problems.append(f"{where} [{start}, {end}) is a duplicate of another span; delete one")
        seen.add((start, end, label))
    return LineCheck("doccano", doc_id, problems)


def _unknown_label(where: str, label: str, labels: LabelSet) -> str:
    return (
        f"{where}: unknown label {quoted(label)} (known: {', '.join(labels.names)}); "
        "pass --labels FILE for another label set"
    )


def _span_problems(spans: list[Span], text: str, labels: LabelSet) -> list[str]:
    problems = []
    seen: set[tuple[int, int, str]] = set()
    # Spans that describe the text, once each: those the nesting rule is checked on (a
    # duplicate, a stale span or one off the text is reported already, its offsets not meant).
    sound: dict[tuple[int, int, str], Span] = {}
    for i, span in enumerate(spans):
        where = f"spans[{i}] {printable(span.label[:_QUOTE])}"
        faults = check_span(span, text, where)
        problems.extend(faults)
        if span.label not in labels:
            problems.append(_unknown_label(where, span.label, labels))
        if span.stale:
            problems.append(
                f"{where} {quoted(span.text)} is stale: the corpus text changed and it could not "
                "be re-anchored; fix it in the app"
            )
        elif not faults:
            sound.setdefault(span.key(), span)
            if span.text[:1].isspace() or span.text[-1:].isspace():
                problems.append(
                    f"{where} {quoted(span.text)} starts or ends in whitespace; move its edge "
                    "onto the word"
                )
        if span.key() in seen:
            problems.append(
                f"{where} [{span.start}, {span.end}) is a duplicate of another span; delete one"
            )
        seen.add(span.key())
    problems.extend(
        f"{violation} (nesting rule of the label set)"
        for violation in nesting_violations(sound.values(), labels)
    )
    return problems


def _token_problems(tokens: object, spans: list[Any], text: str) -> list[str]:
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
            problems.append(
                f"tokens[{i}] text {_value(token.get('text'))} differs from the document's "
                f"{quoted(text[start:end])}"
            )
        bounds.append((start, end))
    for i, span in enumerate(spans):
        if not isinstance(span, dict) or "token_start" not in span:
            continue
        first, last = span.get("token_start"), span.get("token_end")
        if not (
            type(first) is int
            and type(last) is int
            and 0 <= first < len(bounds)
            and 0 <= last < len(bounds)
        ):
            problems.append(f"spans[{i}] token_start/token_end do not index the tokens")
        elif (bounds[first][0], bounds[last][1]) != (span.get("start"), span.get("end")):
            problems.append(
                f"spans[{i}] tokens {first}..{last} cover "
                f"[{bounds[first][0]}, {bounds[last][1]}), not the span's offsets"
            )
    return problems
