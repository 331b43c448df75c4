"""The annotation store: one append-only JSONL journal per annotator.

Each change is one self-contained line (a whole ``DocRecord`` with its ``schema`` version); the
latest valid line per document id wins. ``Journal.append`` writes the line with one ``write`` and
returns only after ``fsync``, so a crash loses at most the change in flight, which leaves at most
one torn last line. Loading never drops a line silently: every line that is not JSON with an id,
and every latest line of a document that fails the record checks, is reported. A torn last line
is moved to ``<file>.rejected`` when the journal is next opened for writing; other bad lines stay
in the journal (reported on each load) until ``annotator compact`` moves them there.
"""

from __future__ import annotations

import errno
import gc
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import orjson

from annotator.corpus import Problem, json_error, printable, show_path
from annotator.errors import UserError
from annotator.locking import FileLock
from annotator.model import DocRecord, RecordError

_NAME = re.compile(r"^[^/\\\x00-\x1f.][^/\\\x00-\x1f]*$")


def journal_path(annotations_dir: Path, annotator: str) -> Path:
    """``<dir>/<annotator>.jsonl``; the name must be usable as a file name."""
    if not _NAME.match(annotator):
        raise UserError(
            f"annotator name {annotator!r} cannot name a file; use letters, digits, - or _"
        )
    return Path(annotations_dir) / f"{annotator}.jsonl"


def rejected_path(path: Path) -> Path:
    return path.with_name(path.name + ".rejected")


def fsync_dir(path: Path) -> None:
    """Make a created, renamed or removed directory entry durable."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class JournalContents:
    records: dict[str, DocRecord] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    lines: int = 0
    # Byte offset where an unterminated, unreadable last line starts (a torn write), if any.
    torn_at: int | None = None
    # Line numbers and bytes of every bad line, so compaction can set them aside.
    bad_lines: list[tuple[int, bytes]] = field(default_factory=list)


_CHUNK = 4 * 1024 * 1024
_BATCH = 1000  # records per write and fsync in append_many


def iter_lines(f: BinaryIO) -> Iterator[tuple[int, int, bytes, bool]]:
    """(line number, byte offset, bytes without the newline, ended by a newline) per line.

    Reads in blocks, so memory stays flat however long the journal has grown.
    """
    buf = b""
    base = 0  # file offset of buf[0]
    number = 0
    while chunk := f.read(_CHUNK):
        buf = buf + chunk if buf else chunk
        start = 0
        while (end := buf.find(b"\n", start)) >= 0:
            number += 1
            yield number, base + start, buf[start:end], True
            start = end + 1
        buf = buf[start:]
        base += start
    if buf:
        yield number + 1, base, buf, False


def read_journal(f: BinaryIO, shown: str) -> JournalContents:
    """The latest *valid* line per id wins; every bad line is a Problem, none is dropped.

    One pass parses every line as JSON and remembers the latest object per id; only those
    winners are turned into ``DocRecord`` (the costly part), so an older line only has to be
    JSON with an id. A winner that fails the record checks is reported and, in a second pass
    over just its id, the latest earlier valid line takes its place.
    """
    # Loading builds many small containers and no cycles; without this pause the cyclic
    # collector would rescan the growing set of them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read_journal(f, shown)
    finally:
        if collecting:
            gc.enable()


def _read_journal(f: BinaryIO, shown: str) -> JournalContents:
    out = JournalContents()
    latest: dict[str, tuple[int, dict]] = {}
    problems: list[Problem] = []
    bad: list[tuple[int, bytes]] = []
    for number, offset, raw, terminated in iter_lines(f):
        out.lines = number
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if not raw.strip():
                continue
            if not terminated:
                out.torn_at = offset
                message = (
                    f"incomplete last line ({len(raw)} bytes; a write was interrupted); not "
                    f"used, moved to {rejected_path(Path(shown)).name} when next opened to write"
                )
            else:
                message = f"not valid JSON ({_reason(raw, exc)}); line kept, not used"
            problems.append(Problem(shown, message, number))
            bad.append((number, raw))
            continue
        doc_id = obj.get("id") if type(obj) is dict else None
        if type(doc_id) is not str or not doc_id:
            problems.append(
                Problem(shown, "not a record (no string id); line kept, not used", number)
            )
            bad.append((number, raw))
            continue
        latest[doc_id] = (number, obj)

    winners: list[tuple[int, str, DocRecord]] = []
    failed: dict[str, int] = {}
    # Popped as converted, so the parsed objects are freed while their records are built.
    while latest:
        doc_id, (number, obj) = latest.popitem()
        try:
            winners.append((number, doc_id, DocRecord.from_json(obj)))
        except RecordError as exc:
            problems.append(Problem(shown, f"{exc}; line kept, not used", number))
            failed[doc_id] = number
    if failed:
        f.seek(0)
        winners.extend(_fallback(f, shown, failed, problems, bad))
    # Ordered by each id's latest line, as appending keeps it.
    winners.sort(key=lambda w: w[0])
    out.records = {doc_id: record for _, doc_id, record in winners}
    problems.sort(key=lambda p: p.line or 0)
    bad.sort(key=lambda b: b[0])
    out.problems = problems
    out.bad_lines = bad
    return out


def _fallback(
    f: BinaryIO,
    shown: str,
    failed: dict[str, int],
    problems: list[Problem],
    bad: list[tuple[int, bytes]],
) -> list[tuple[int, str, DocRecord]]:
    """For ids whose latest line is invalid: check their older lines; the latest valid wins.

    Also collects the bytes of those invalid latest lines, which the first pass did not keep.
    """
    found: dict[str, tuple[int, DocRecord]] = {}
    for number, _, raw, _ in iter_lines(f):
        try:
            obj = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue  # reported by the first pass
        doc_id = obj.get("id") if type(obj) is dict else None
        if type(doc_id) is not str or number > failed.get(doc_id, -1):
            continue
        if number == failed[doc_id]:
            bad.append((number, raw))  # the invalid winner, kept byte for byte for compaction
            continue
        try:
            found[doc_id] = (number, DocRecord.from_json(obj))
        except RecordError as exc:
            problems.append(Problem(shown, f"{exc}; line kept, not used", number))
            bad.append((number, raw))
    return [(number, doc_id, record) for doc_id, (number, record) in found.items()]


def _reason(raw: bytes, exc: Exception) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as uexc:
        return f"invalid UTF-8 at byte {uexc.start} of the line"
    return json_error(exc)


def load_journal(path: Path) -> JournalContents:
    """Read a journal without locking it (review, export, validate); a missing file is empty."""
    path = Path(path)
    shown = show_path(path)
    try:
        with open(path, "rb") as f:
            return read_journal(f, shown)
    except FileNotFoundError:
        return JournalContents()
    except OSError as exc:
        raise UserError(f"{shown}: cannot read: {exc.strerror}") from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def append_rejected(path: Path, chunks: list[bytes]) -> None:
    """Append lines to ``<file>.rejected`` durably before they leave the journal."""
    target = rejected_path(path)
    created = not target.exists()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        _write_all(fd, b"".join(c if c.endswith(b"\n") else c + b"\n" for c in chunks))
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(target.parent)


class Journal:
    """The single writer of one journal file, holding its lock while open."""

    def __init__(self, path: Path, lock: FileLock, fd: int, contents: JournalContents) -> None:
        self.path = path
        self.records: dict[str, DocRecord] = contents.records
        self.problems: list[Problem] = contents.problems
        self.lines = contents.lines
        # Bad lines still in the file (numbers and bytes); compaction sets them aside.
        self.bad_lines: list[tuple[int, bytes]] = contents.bad_lines
        # Lines moved to <file>.rejected on opening: the torn last line of a crash, if any.
        self.set_aside = 0 if contents.torn_at is None else 1
        self._lock = lock
        self._fd: int | None = fd
        self._size = os.fstat(fd).st_size

    @classmethod
    def open(cls, path: Path) -> Journal:
        """Lock ``path`` (UserError naming the holder if taken), repair a torn end, load it."""
        path = Path(path)
        shown = show_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{show_path(path.parent)}: cannot create: {exc.strerror}") from None
        lock = FileLock.acquire(path)
        try:
            created = not path.exists()
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            lock.release()
            raise UserError(f"{shown}: cannot open for writing: {exc.strerror}") from None
        try:
            if created:
                fsync_dir(path.parent)
            with os.fdopen(os.dup(fd), "rb") as f:
                contents = read_journal(f, shown)
            _repair_end(path, fd, contents)
        except OSError as exc:
            os.close(fd)
            lock.release()
            raise UserError(f"{shown}: cannot read or repair: {exc.strerror}") from None
        except BaseException:
            os.close(fd)
            lock.release()
            raise
        return cls(path, lock, fd, contents)

    def append(self, record: DocRecord) -> None:
        """Write one line and return only once it is on disk (flush + fsync)."""
        self._save([record], "the last change")

    def append_many(self, records: Iterable[DocRecord]) -> int:
        """Append many records with one fsync for all of them; returns how many.

        For batch tools (import, suggest) whose run can simply be repeated: a crash part way
        keeps a prefix of the batch. The app saves every change on its own with ``append``.
        """
        batch = list(records)
        for start in range(0, len(batch), _BATCH):
            self._save(batch[start : start + _BATCH], f"{len(batch) - start} record(s)")
        return len(batch)

    def _save(self, records: list[DocRecord], what: str) -> None:
        if self._fd is None:
            raise UserError(f"{show_path(self.path)} is closed; reopen it to save changes")
        lines = []
        for record in records:
            if not record.id:
                raise UserError("cannot save a record without a document id")
            try:
                lines.append(orjson.dumps(record.to_json()) + b"\n")
            except (TypeError, orjson.JSONEncodeError) as exc:
                raise UserError(f"cannot save {printable(record.id)!r}: {exc}") from None
        data = b"".join(lines)
        try:
            _write_all(self._fd, data)
            os.fsync(self._fd)
        except OSError as exc:
            self._undo_partial_write()
            hint = "free some disk space" if exc.errno == errno.ENOSPC else "check the disk"
            raise UserError(
                f"{show_path(self.path)}: could not save {what} ({exc.strerror}); "
                f"{hint} and try again"
            ) from None
        self._size += len(data)
        self.lines += len(lines)
        for record in records:
            # Keep the order a reload gives: by each record's latest line.
            self.records.pop(record.id, None)
            self.records[record.id] = record

    def _undo_partial_write(self) -> None:
        # A half-written line would glue onto the next one; cut back to the last whole line.
        try:
            os.ftruncate(self._fd, self._size)
            os.fsync(self._fd)
        except OSError:
            pass  # the next load reports the torn line and sets it aside

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self._lock.release()

    @property
    def closed(self) -> bool:
        return self._fd is None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _repair_end(path: Path, fd: int, contents: JournalContents) -> None:
    """Make the file end with a newline before anything is appended to it."""
    size = os.fstat(fd).st_size
    if size == 0:
        return
    last = os.pread(fd, 1, size - 1)
    if last == b"\n":
        return
    if contents.torn_at is None:
        # The last line is whole and valid, only its newline was not written.
        _write_all(fd, b"\n")
        os.fsync(fd)
        return
    tail = os.pread(fd, size - contents.torn_at, contents.torn_at)
    append_rejected(path, [tail])
    os.ftruncate(fd, contents.torn_at)
    os.fsync(fd)
    torn = contents.problems.pop()
    contents.problems.append(
        Problem(
            torn.path,
            f"incomplete last line ({len(tail)} bytes; a write was interrupted); "
            f"moved to {show_path(rejected_path(path))}",
            torn.line,
        )
    )
    contents.bad_lines.pop()
    contents.lines -= 1
