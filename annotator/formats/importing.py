"""Bringing another tool's file into an annotator's journal.

The file is read in the format the user named, but one that plainly is another format is
refused before it is read (rather than reported line by line), and documents already in the
journal with other contents are replaced only when the caller says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.annotations.links import same_links
from annotator.annotations.model import DocRecord
from annotator.formats import FORMATS, hf
from annotator.problems import Problem, UserError, show_path
from annotator.store.journal import Journal, journal_path
from annotator.text.kinds import ARTICLE, CANONICAL, JOURNAL, record_kind

DEFAULT_STATUS = "accepted"  # imported data is usually finished work
SAMPLED_LINES = 5  # non-blank lines read to tell what a file is
SHOWN_IDS = 5  # ids named when documents would be replaced

_IOB_TAG = re.compile(r"O|[BIES]-\S+")
_BOM = b"\xef\xbb\xbf"
# What each --format reads besides its own kind: a journal's lines are canonical records too.
_ALSO_READS = {"jsonl": {JOURNAL}}
_NAMES = {
    JOURNAL: "an annotation journal record",
    CANONICAL: "a jsonl (canonical) document",
    "doccano": "a doccano document",
    "hf": "a Hugging Face token line (tokens and ner_tags)",
    ARTICLE: "a corpus article (text, no spans)",
    "conll": "a CoNLL token and IOB tag",
}


@dataclass
class Imported:
    """What an import did, for the command to report."""

    journal: Path
    imported: int = 0  # documents written (new or replaced)
    spans: int = 0
    unchanged: int = 0  # already in the journal exactly so
    replaced: int = 0  # in the journal before with other text, spans or status
    defaulted: int = 0  # imported as DEFAULT_STATUS because the file gave none
    problems: list[Problem] = field(default_factory=list)


def looks_like(path: Path, fmt: str | None = None) -> tuple[str, str] | None:
    """(kind, where it shows) when ``path`` plainly is one kind of file; kinds are
    ``record_kind``'s, ``conll``, ``brat``, or ``text`` when no sampled line is JSON or CoNLL.
    None when its first lines do not tell, or one of them is ``fmt``: a file is judged by what
    it holds, not by one torn line (an empty or unreadable file: its reader reports it)."""
    if path.is_dir():
        if next(path.glob("*.ann"), None) is not None:
            return "brat", "it is a folder of .ann files"
        if (path / hf.DATA).is_file():
            return "hf", f"it is a folder with {hf.DATA}"
        return None
    sampled = _sampled_lines(path)
    if fmt is not None and any(_reads(fmt, kind) for _, kind in sampled):
        return None
    for number, kind in sampled:
        if kind is not None and kind != "text":
            return kind, f"line {number} is {_NAMES[kind]}"
    if sampled and all(kind == "text" for _, kind in sampled):
        return "text", f"line {sampled[0][0]} is plain text"
    return None


def _reads(fmt: str, kind: str | None) -> bool:
    return kind == fmt or kind in _ALSO_READS.get(fmt, ())


def _sampled_lines(path: Path) -> list[tuple[int, str | None]]:
    """(line number, kind) of the first few non-blank, non-comment lines."""
    sampled: list[tuple[int, str | None]] = []
    try:
        with open(path, "rb") as f:
            for number, raw in enumerate(f, 1):
                line = raw.removeprefix(_BOM).strip() if number == 1 else raw.strip()
                if line and not line.startswith(b"#"):
                    sampled.append((number, _line_kind(line)))
                    if len(sampled) == SAMPLED_LINES:
                        break
    except OSError:
        pass
    return sampled


def _line_kind(line: bytes) -> str | None:
    if line.startswith(b"{"):
        try:
            return record_kind(orjson.loads(line))
        except orjson.JSONDecodeError:
            return None
    fields = line.split()
    last = fields[-1].decode("utf-8", "replace")
    if fields[0] == b"-DOCSTART-" or (len(fields) >= 2 and _IOB_TAG.fullmatch(last)):
        return "conll"
    return "text"


def check_format(path: Path, fmt: str) -> None:
    """UserError, before anything is read, when ``path`` plainly is not ``fmt``."""
    found = looks_like(path, fmt)
    if found is None:
        return
    kind, where = found
    if _reads(fmt, kind):
        return
    if kind == JOURNAL:
        advice = "pass --format jsonl to copy a journal's documents"
    elif kind in FORMATS:
        advice = f"pass --format {kind}"
    elif kind == ARTICLE:
        advice = "a corpus holds no spans to import: open it with annotator annotate"
    else:
        advice = f"give a {fmt} file"
    raise UserError(f"{show_path(path)}: {where}, not {fmt}; nothing imported: {advice}")


def import_file(
    path: Path,
    fmt: str,
    annotations: Path,
    annotator: str,
    *,
    now: str,
    status: str | None = None,
    known: tuple[str, ...] | None = None,
    replace: bool = False,
) -> Imported:
    """Read ``path`` as ``fmt`` into ``annotations/<annotator>.jsonl``, every record stamped
    ``now``. Spans with labels outside ``known`` are left out and reported (None: any label).
    Nothing is written when nothing could be read, or when documents already in the journal
    would change and ``replace`` is false (UserError naming them)."""
    if not path.exists():
        raise UserError(f"{show_path(path)}: no such file or folder")
    if annotations.exists() and not annotations.is_dir():
        raise UserError(
            f"{show_path(annotations)} is a file; --annotations takes the folder the journal "
            f"{annotator}.jsonl goes in (e.g. annotations)"
        )
    check_format(path, fmt)
    result = Imported(journal_path(annotations, annotator))
    records = FORMATS[fmt].read(path, result.problems, known)
    for doc_id, n in Counter(r.id for r in records).items():
        if n > 1:
            result.problems.append(
                Problem(
                    show_path(path),
                    f"document id {doc_id!r} appears {n} times; the last one is kept",
                )
            )
    if not records:  # nothing read: no empty journal left behind under the annotator's name
        return result
    with Journal.open(result.journal) as journal:
        changed: list[DocRecord] = []
        replaced: list[str] = []
        for record in {r.id: r for r in records}.values():
            defaulted = not (status or record.status)
            record.status = status or record.status or DEFAULT_STATUS
            record.annotator = annotator
            old = journal.records.get(record.id)
            if old is not None and _same(old, record):
                result.unchanged += 1
                continue
            result.defaulted += defaulted
            if old is not None:
                replaced.append(record.id)
            record.updated_at = now
            changed.append(record)
            result.spans += len(record.spans)
        if replaced and not replace:
            named = ", ".join(repr(i) for i in replaced[:SHOWN_IDS])
            more = f" and {len(replaced) - SHOWN_IDS} more" if len(replaced) > SHOWN_IDS else ""
            raise UserError(
                f"{show_path(result.journal)} already holds {len(replaced)} of these documents "
                f"with other text, spans or status ({named}{more}); nothing imported: pass "
                "--replace to replace them, or import under another --annotator"
            )
        # One fsync per thousand documents: an import can simply be run again.
        result.imported = journal.append_many(changed)
        result.replaced = len(replaced)
    return result


def _same(old: DocRecord, new: DocRecord) -> bool:
    return (
        old.text == new.text
        and old.status == new.status
        and sorted(s.key() for s in old.spans) == sorted(s.key() for s in new.spans)
        and same_links(old, new)
    )
