"""Hugging Face token classification: a folder with ``data.jsonl`` of
``{"id", "tokens": [...], "ner_tags": [...]}`` (one line per document, tags as integer ids) and
``labels.json``, the IOB2 tag names in id order (``"O"`` is 0).

Load it with ``datasets.load_dataset("json", data_files="DIR/data.jsonl")`` and turn
``ner_tags`` into a ``ClassLabel(names=json.load(open("DIR/labels.json")))``. Tag ids follow
the label set's order; labels found only in the data come after, in order of appearance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, quoted
from annotator.formats.common import (
    ExportOptions,
    document_id,
    jsonl_objects,
    read_json_sidecar,
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
        line = {
            "id": record.id,
            "tokens": [t.text for t in tokens],
            "ner_tags": [ids[t] for t in tag_list],
        }
        yield DATA, dumps(line, option=newline)
    yield LABELS, dumps(names, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


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
    records = documents_from_tokens(docs, data_path.stem, shown, problems, known)
    for record, doc_id in zip(records, ids, strict=True):
        record.id = doc_id
    return records
