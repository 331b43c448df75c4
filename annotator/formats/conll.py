"""CoNLL-2003 style NER: ``token _ _ TAG`` per line (IOB2 tag last; no part-of-speech or
chunk, hence ``_``), a blank line after each sentence, and ``-DOCSTART- -X- O O`` plus a blank
line before each document. Every line has CoNLL-2003's four columns: spaCy's ``spacy convert``
splits documents only at that exact ``-DOCSTART-`` line (any other form becomes a word of the
text), and readers that expect a fixed number of columns read every line alike.

Sentences are split at line breaks and after ``. ؟ ! …`` (see ``annotator.text.tokenize``), except
where a span runs across the boundary: a span is never cut in two. The format has no document
ids, so the export writes them beside the file, in document order, as ``FILE.ids.json``
(``[{"id", "status"}, ...]``); import restores them from it when it is there and holds as many
entries as the file has documents, else names documents ``<file stem>-<n>``. Import rebuilds
the text by joining tokens with one space and sentences with a line break.

CoNLL carries spans only: relations, attributes and document labels are not written, and the
export says how many were left out (``--format jsonl``, ``brat``, ``doccano`` or ``hf`` carry
them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import STATUSES, DocRecord, Span, quoted
from annotator.formats.common import (
    ExportOptions,
    check_label,
    read_bytes,
    read_json_sidecar,
    unknown_label,
)
from annotator.formats.iob import decode, flat_spans, tags
from annotator.formats.report import ExportReport
from annotator.problems import Problem
from annotator.text.tokenize import sentences, tokenize

KIND = "file"
SUFFIX = ".conll"
ALIGNS = True
# Import joins the tokens with single spaces: the text is not the original article's.
REBUILDS_TEXT = True
CARRIES: tuple[str, ...] = ()  # spans only
DOCSTART = "-DOCSTART- -X- O O"
IDS = ".ids.json"  # the sidecar's suffix, after the file's whole name


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    index = []
    # Every line has the same number of columns: one more O per extra tag column.
    docstart = DOCSTART + " O" * (len(options.columns) - 1 if options.columns else 0)
    for record in records:
        index.append({"id": record.id, "status": record.status})
        tokens, layers = flat_spans(record, tokenize(record.text), options, report)
        for a in (a for layer in layers for a in layer):
            check_label(a.span.label, "conll")
        columns = [tags(len(tokens), layer) for layer in layers]
        inside = {k for layer in layers for a in layer for k in range(a.first + 1, a.last + 1)}
        lines = [docstart, ""]
        for sentence in sentences(record.text, tokens):
            if sentence.start in inside:
                lines.pop()  # the previous sentence goes on: a span crosses the boundary
            lines += [
                " ".join([tokens[k].text, "_", "_", *(c[k] for c in columns)]) for k in sentence
            ]
            lines.append("")
        yield "", ("\n".join(lines) + "\n").encode("utf-8")
    yield IDS, orjson.dumps(index, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _ids(path: Path, count: int, problems: list[Problem]) -> list[dict[str, Any]] | None:
    """The sidecar's ``{"id", "status"}`` entries, when it exists and fits ``count`` documents."""
    sidecar = path.with_name(path.name + IDS)
    if not sidecar.is_file():
        return None
    entries = read_json_sidecar(sidecar, problems, "ids not restored")
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"] for e in entries
    ):
        problems.append(
            Problem(str(sidecar), 'must be a list of {"id": ..., "status": ...}; ids not restored')
        )
        return None
    if len(entries) != count:
        problems.append(
            Problem(
                str(sidecar),
                f"holds {len(entries)} id(s) for {count} document(s) in {path.name}; "
                "ids not restored (was the file edited?)",
            )
        )
        return None
    return entries


def documents_from_tokens(
    docs: list[list[list[tuple[str, str, int]]]],
    stem: str,
    shown: str,
    problems: list[Problem],
    known: tuple[str, ...] | None,
) -> list[DocRecord]:
    """Records from documents of sentences of ``(token, tag, line)``; shared with hf. A span
    whose label is not in ``known`` (None: any label) is reported and left out."""
    out = []
    for n, doc in enumerate(docs, 1):
        pieces: list[str] = []
        offsets: list[tuple[int, int]] = []
        tag_list: list[str] = []
        lines: list[int] = []
        pos = 0
        for s, sentence in enumerate(doc):
            if s:
                pieces.append("\n")
                pos += 1
            for t, (token, tag, line) in enumerate(sentence):
                if t:
                    pieces.append(" ")
                    pos += 1
                pieces.append(token)
                offsets.append((pos, pos + len(token)))
                pos += len(token)
                tag_list.append(tag)
                lines.append(line)
        text = "".join(pieces)
        found, tag_problems = decode(tag_list)
        for index, message in tag_problems:
            problems.append(Problem(shown, message, lines[index]))
        spans = []
        for first, last, label in found:
            if known is not None and label not in known:
                where = f"token {first + 1} of document {n}"
                problems.append(Problem(shown, unknown_label(where, label, known), lines[first]))
                continue
            spans.append(Span.of(text, offsets[first][0], offsets[last][1], label))
        out.append(DocRecord(id=f"{stem}-{n}", text=text, spans=spans, status=""))
    return out


def _json_line(source: str) -> int:
    """The number of the first non-blank line when it starts a JSON object, else 0."""
    for number, line in enumerate(source.splitlines(), 1):
        if line.strip():
            return number if line.lstrip().startswith("{") else 0
    return 0


def read(
    path: Path, problems: list[Problem], known: tuple[str, ...] | None = None
) -> list[DocRecord]:
    shown = str(path)
    data = read_bytes(path, problems)
    if data is None:
        return []
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(shown, "not UTF-8; save it as UTF-8", byte=exc.start))
        return []
    json_line = _json_line(source)
    if json_line:
        # Read as CoNLL, every JSON line would be a junk document and a kilobyte-long tag.
        problems.append(
            Problem(
                shown,
                "looks like JSON lines, not CoNLL (the line starts with {); nothing imported: "
                "pass --format jsonl or doccano",
                json_line,
            )
        )
        return []
    docs: list[list[list[tuple[str, tuple[str, ...], int]]]] = []
    sentence: list[tuple[str, tuple[str, ...], int]] = []
    saw_docstart = False

    def close_sentence() -> None:
        nonlocal sentence
        if sentence:
            if not docs:
                docs.append([])
            docs[-1].append(sentence)
            sentence = []

    for number, line in enumerate(source.splitlines(), 1):
        columns = line.split()
        if not columns:
            close_sentence()
            continue
        if columns[0] == "-DOCSTART-":
            close_sentence()
            saw_docstart = True
            docs.append([])
            continue
        if len(columns) < 2:
            problems.append(
                Problem(
                    shown,
                    f"expected a token and a tag, got {quoted(line.strip())}; skipped",
                    number,
                )
            )
            continue
        # CoNLL-2003's tag is the last of four columns; --columns writes more after them.
        tags = tuple(columns[3:]) if len(columns) > 4 else (columns[-1],)
        sentence.append((columns[0], tags, number))
    close_sentence()
    if not saw_docstart and docs:
        # Without -DOCSTART- lines, each sentence is a document of its own.
        docs = [[s] for s in docs[0]]
    width = max((len(tags) for doc in docs for s in doc for _, tags, _ in s), default=1)
    records: list[DocRecord] = []
    for c in range(width):  # each tag column gives its spans; the text is the same
        column = [
            [[(tok, tags[c] if c < len(tags) else "O", line) for tok, tags, line in s] for s in doc]
            for doc in docs
        ]
        found = documents_from_tokens(column, path.stem, shown, problems, known)
        if c == 0:
            records = found
            continue
        for record, more in zip(records, found, strict=True):
            record.spans += more.spans
    entries = _ids(path, len(records), problems)
    for record, entry in zip(records, entries or (), strict=False):
        record.id = entry["id"]
        status = entry.get("status")
        record.status = status if status in STATUSES else ""
    return records
