"""``compact``: rewrite a journal to one line per document, atomically.

Each line is written in the newest schema (v2) with its text, so compaction is also how a v1
journal is migrated; a record keeps its change id (one read from a v1 line has none).

The new file is written beside the old one, fsync'd, then renamed over it and the directory
fsync'd, so a crash at any moment leaves either the old or the new journal whole. Bad lines are
appended to ``<file>.rejected`` (durably) before the rename takes them out of the journal; a crash
in between can only leave a second copy of them there, never lose one. The journal's lock is held
throughout, so a running app and a compaction never interleave.

Only an annotation journal is compacted: a file with any JSON line that is not a journal record
(a corpus file, an export) is refused before anything is written or locked beside it, because
compacting it would keep one line per id and drop the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.problems import UserError, show_path
from annotator.store.durable import replacing
from annotator.store.journal import Journal, append_rejected, encode, rejected_path, require_journal

_TEMP_SUFFIX = ".compact.tmp"


@dataclass(frozen=True, slots=True)
class Compacted:
    """What one compaction did: lines before, records kept, bad lines moved out."""

    path: Path
    lines_before: int
    records: int
    rejected: int

    def __str__(self) -> str:
        text = f"{show_path(self.path)}: {self.lines_before} line(s) -> {self.records} record(s)"
        if self.rejected:
            text += f"; {self.rejected} bad line(s) moved to {show_path(rejected_path(self.path))}"
        return text


def temp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{_TEMP_SUFFIX}")


def compact(path: Path) -> Compacted:
    path = Path(path)
    if path.is_dir():
        raise UserError(
            f"{show_path(path)}: is a folder; give a journal file such as "
            "annotations/<annotator>.jsonl"
        )
    require_journal(
        path,
        "compact only rewrites annotation journals (annotations/<annotator>.jsonl), "
        "so this file was left unchanged",
    )
    with Journal.open(path) as journal:
        lines_before = journal.lines + journal.set_aside
        try:
            if journal.bad_lines:
                append_rejected(path, [raw for _, raw in journal.bad_lines])
            with replacing(path, temp=temp_path(path), buffering=1 << 20) as out:
                for record in journal.records.values():
                    out.write(encode(record))
        except OSError as exc:
            raise UserError(
                f"{show_path(path)}: compaction failed ({exc.strerror}); the journal is unchanged"
            ) from None
        rejected = len(journal.bad_lines) + journal.set_aside
        return Compacted(path, lines_before, len(journal.records), rejected)
