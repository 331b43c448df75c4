"""The annotation store: one append-only JSONL journal per annotator.

Each change is one line holding a whole ``DocRecord`` (schema v2, docs/storage.md); the latest
valid line per document id wins. A document's text is written once: a line leaves it out when
the latest earlier line of the same document that carries a text carries this one (same
``text_hash`` and ``length``), and the reader joins them again, so a change on a 5 MB article
writes kilobytes. v1 lines (``"schema": 1``, each with its text) are read as they are.
``Journal.append`` writes the line with one ``write`` and
returns only after ``fsync``, so a crash loses at most the change in flight, which leaves at most
one torn last line. Loading never drops a line silently: every line that is not JSON with an id
is reported when the journal is opened, and every latest line of a document that fails the
record checks when that record is first read (``Records`` says when that is). A torn last line
is moved to ``<file>.rejected`` when the journal is next opened for writing; other bad lines stay
in the journal (reported on each load) until ``annotator compact`` moves them there.
"""

from __future__ import annotations

import errno
import gc
import os
import unicodedata
import weakref
from collections import OrderedDict
from collections.abc import (
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    MutableMapping,
    ValuesView,
)
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, BinaryIO, cast

import orjson

from annotator.annotations.model import (
    DocRecord,
    RecordError,
    carries_text,
    joined_text,
    new_change_id,
    text_hash,
)
from annotator.giving_way import give_way
from annotator.problems import Problem, UserError, json_error, printable, show_path
from annotator.regular_files import NotRegularFile, check_regular, open_regular, open_regular_fd
from annotator.store.locking import FileLock
from annotator.store.sharing import share_created
from annotator.text.jsonl import numbered_lines
from annotator.text.kinds import JOURNAL, record_kind

# The reviewer's journal of settled spans: one name, never an annotator's.
GOLD_NAME = "gold"
_NAME_LIMIT = 64
_ALLOWED = (
    f"letters and digits (any script), with - _ or . between them, at most {_NAME_LIMIT} characters"
)


def check_name(name: str, option: str, *, gold: bool = False) -> str:
    """``name`` when it can name a person and the files kept under their name, or UserError
    saying what is wrong and what is allowed. ``option`` says where the name was given
    (``--annotator``); ``gold`` lets the reviewer's journal be named (where it is only read).

    Every command that takes a name checks it here: a name becomes ``<name>.jsonl`` beside
    other people's journals and is printed in every message, so it holds no path separator,
    no leading dot, and no control, format or bidi character that could hide or reorder it.
    """
    why = _unusable_name(name)
    if why is None and not gold and name.casefold() == GOLD_NAME:
        why = f"{GOLD_NAME} names the reviewer's journal ({GOLD_NAME}.jsonl), not a person"
    if why is not None:
        raise UserError(
            f"{option} '{printable(name)}' cannot name a file: {why}; a name is {_ALLOWED}"
        )
    return name


def _unusable_name(name: str) -> str | None:
    if not name:
        return "it is empty"
    if len(name) > _NAME_LIMIT:
        return f"it has {len(name)} characters"
    for i, char in enumerate(name):
        kind = unicodedata.category(char)
        if kind[0] in "LN" or (kind[0] == "M" and i > 0):
            continue
        if char in "-_" or (char == "." and i > 0):
            continue
        if char in "/\\":
            return "it holds a path separator"
        if char == ".":
            return "it starts with a dot (a hidden file)"
        described = unicodedata.name(char, "")
        shown = f"U+{ord(char):04X}" + (f" {described}" if described else "")
        if char.isspace():
            return f"it holds a space ({shown})"
        if kind[0] in "CZ":
            return f"it holds an invisible or control character ({shown})"
        return f"it holds {char!r} ({shown})"
    return None


def journal_path(annotations_dir: Path, annotator: str) -> Path:
    """``<dir>/<annotator>.jsonl``; the name must be usable as a file name (``check_name``)."""
    check_name(annotator, "annotator name", gold=True)
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


_BATCH = 1000  # records per write and fsync in append_many
_READ_ALONE = 1000  # records built one at a time before the rest are built at once


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Loading builds many small containers and no cycles; without this pause the cyclic
    # collector would rescan the growing set of them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# Where a document's line is, not read yet: (line number, offset, length), and the offset and
# length of the latest line up to it that carries the document's text (-1, 0 if none does).
_Place = tuple[int, int, int, int, int]
# Documents whose latest line waits, parsed, to be built while a journal is read for every
# record (Records._read): enough for the saves of one document in a row to meet.
_PENDING = 256


def _built(obj: dict[str, Any], carrier: dict[str, Any] | None) -> DocRecord | None:
    """The record of a parsed line (``carrier``: the latest line of its document carrying its
    text), or None when it fails its checks."""
    try:
        text = None if carries_text(obj) else joined_text(obj, carrier)
        return DocRecord.from_line(obj, text)
    except RecordError:
        return None


class Records(MutableMapping[str, DocRecord]):
    """Each document's latest valid record, ordered by the line each one comes from.

    Loading keeps only where each id's latest line is in the file; its ``DocRecord`` is read,
    built and checked when first asked for. Reading one record (``[]``, ``get``, ``in``) checks
    that one. Everything that takes in the whole journal (``len``, iterating,
    ``keys``/``values``/``items``, ``problems``, ``bad_lines``) first checks every record, so a
    count or a list of problems is never partial. A latest line that fails the checks is
    reported and the latest valid line before it is used instead. Lines are read again from the
    file as it was loaded: a descriptor is kept open until every record is checked, and a line
    that is no longer what was loaded (the file was rewritten in place) is reported, never used.
    """

    def __init__(self, shown: str = "") -> None:
        self._shown = shown  # the file as named in messages
        # A DocRecord, or where its line is, not checked yet.
        self._items: dict[str, DocRecord | _Place] = {}
        # Documents whose record's text is the one the latest line carrying their text holds:
        # their next line may leave the text out.
        self._carried: set[str] = set()
        self._unchecked = 0
        self._read_alone = 0
        # The line each checked record comes from, to keep the order when one falls back.
        self._numbers: dict[str, int] = {}
        self._problems: list[Problem] = []
        # Numbers and bytes (without the newline) of every bad line still in the file.
        self._bad: list[tuple[int, bytes]] = []
        self._fd: int | None = None
        self._closer: weakref.finalize[[int], Records] | None = None
        # When the caller reads every record (``every_record``): the latest lines of the last
        # few documents read, not built yet, as parsed, each with the latest line carrying its
        # text, so that building them does not read and parse the lines again.
        self._parsed: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] | None = None

    def _descriptor(self) -> int:
        """The file as loaded; only read while some record is not built yet."""
        if self._fd is None:
            raise OSError(errno.EBADF, "the journal is no longer open")
        return self._fd

    def _keep_file(self, fd: int) -> None:
        """Read lines from ``fd`` (the file as loaded) when their records are asked for."""
        if self._unchecked:
            self._fd = os.dup(fd)
            self._closer = weakref.finalize(self, os.close, self._fd)

    @property
    def problems(self) -> list[Problem]:
        """Every torn, malformed or invalid line found, by line number."""
        self._check_all()
        return self._problems

    @property
    def bad_lines(self) -> list[tuple[int, bytes]]:
        self._check_all()
        return self._bad

    def __getitem__(self, doc_id: str) -> DocRecord:
        value = self._items[doc_id]
        if type(value) is DocRecord:
            return value
        self._read_alone += 1
        if self._read_alone <= _READ_ALONE:
            return self._check([doc_id])[doc_id]
        # A caller walking the journal record by record: checking the rest at once with the
        # collector paused takes half the time.
        self._check_all()
        return cast(DocRecord, self._items[doc_id])  # every record is built now

    def __contains__(self, doc_id: object) -> bool:
        if type(doc_id) is not str:
            return False
        try:
            self[doc_id]
        except KeyError:
            return False
        return True

    def __setitem__(self, doc_id: str, record: DocRecord) -> None:
        value = self._items.get(doc_id)
        if type(value) is tuple:
            self._check([doc_id])  # a line replaced unchecked still has its problems found
        self._numbers.pop(doc_id, None)
        self._carried.discard(doc_id)  # not known to be in the file
        self._items[doc_id] = record

    def __delitem__(self, doc_id: str) -> None:
        self[doc_id]  # KeyError when it has no valid line
        del self._items[doc_id]
        self._numbers.pop(doc_id, None)
        self._carried.discard(doc_id)

    def text_is_written(self, record: DocRecord) -> bool:
        """Whether the latest line carrying the text of ``record``'s document carries
        ``record.text`` with its ``text_hash``, so that a new line may leave it out."""
        old = self.get(record.id)
        return (
            old is not None
            and record.id in self._carried
            and old.text_hash == record.text_hash
            and old.text == record.text
        )

    def _saved(self, record: DocRecord) -> None:
        """``record`` was appended to the file: its latest line, its text carried."""
        self.pop(record.id, None)  # keep the order a reload gives: by each latest line
        self[record.id] = record
        self._carried.add(record.id)

    def __iter__(self) -> Iterator[str]:
        self._check_all()
        return iter(self._items)

    def __len__(self) -> int:
        self._check_all()
        return len(self._items)

    def keys(self) -> KeysView[str]:
        self._check_all()
        return self._items.keys()

    def values(self) -> ValuesView[DocRecord]:
        self._check_all()
        return self._items.values()  # type: ignore[return-value]

    def items(self) -> ItemsView[str, DocRecord]:
        self._check_all()
        return self._items.items()  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"Records({len(self._items)} document(s), {self._unchecked} not checked yet)"

    def _read(self, f: BinaryIO, every_record: bool = False) -> tuple[int, int | None]:
        """Parse every line, keeping each id's latest and where the text it leaves out is; the
        number of lines, and the offset of a torn last line if there is one.

        With ``every_record``, each record is built as its line is parsed, a few documents
        later (``_PENDING``): the latest lines of the last documents seen wait, parsed, so
        that a document saved several times in a row is built once, from its latest line,
        and the parsed lines never pile up. A record whose line fails its checks is left to
        be checked again when it is read (reported then, with its fallback), and so is a line
        that leaves its text out once the document's earlier lines are no longer held."""
        latest = cast(dict[str, _Place], self._items)  # nothing is built while reading
        forget = latest.pop
        built: dict[str, DocRecord] = {}
        pending: OrderedDict[str, tuple[dict[str, Any], dict[str, Any] | None]] = OrderedDict()
        number = 0
        torn_at = None
        for number, start, raw in numbered_lines(f):
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                if not raw.strip():
                    continue
                if raw[-1:] != b"\n":
                    torn_at = start
                    message = (
                        f"incomplete last line ({len(raw)} bytes; a write was interrupted); not "
                        f"used, moved to {rejected_path(Path(self._shown)).name} when next "
                        "opened to write"
                    )
                else:
                    reason = _reason(raw.removesuffix(b"\n"), exc)
                    message = f"not valid JSON ({reason}); line kept, not used"
                self._report(number, raw, message)
                continue
            doc_id = obj.get("id") if type(obj) is dict else None
            if type(doc_id) is not str or not doc_id:
                self._report(number, raw, "not a record (no string id); line kept, not used")
                continue
            # Removed first so that the order is that of each id's latest line.
            before = forget(doc_id, None)
            length = len(raw)
            carried = carries_text(obj)
            if carried:
                latest[doc_id] = (number, start, length, start, length)
            elif before is None:
                latest[doc_id] = (number, start, length, -1, 0)
            else:
                latest[doc_id] = (number, start, length, before[3], before[4])
            if not every_record:
                continue
            held = pending.pop(doc_id, None)
            if carried:
                pending[doc_id] = (obj, obj)
            elif held is not None:
                pending[doc_id] = (obj, held[1])
            elif before is None:
                pending[doc_id] = (obj, None)  # no earlier line: building it says so
            if before is not None:
                built.pop(doc_id, None)
            if len(pending) > _PENDING:
                doc_id, (obj, carrier) = pending.popitem(last=False)
                record = _built(obj, carrier)
                if record is not None:
                    built[doc_id] = record
        self._unchecked = len(latest) - len(built)
        items, numbers = self._items, self._numbers
        for doc_id, record in built.items():
            numbers[doc_id] = latest[doc_id][0]
            items[doc_id] = record
            self._carried.add(doc_id)
        self._parsed = dict(pending)
        return number, torn_at

    def _torn_moved(self, message: str) -> None:
        """The torn last line went to ``.rejected``: its problem says so, it is no longer bad.

        Loading found it last, so its problem and bad line are the last ones (records are not
        checked here: that waits until they are read)."""
        torn = self._problems.pop()
        self._problems.append(Problem(torn.path, message, torn.line))
        self._bad.pop()

    def _check_all(self) -> None:
        if self._unchecked:
            with _collector_paused():
                self._check([k for k, v in self._items.items() if type(v) is tuple])

    def _check(self, ids: list[str]) -> dict[str, DocRecord]:
        """Build and check the records of ``ids`` from their latest lines; on failure fall back
        to that id's latest valid earlier line, or drop the id if it has none."""
        items, numbers = self._items, self._numbers
        built: dict[str, DocRecord] = {}
        failed: dict[str, tuple[int, bytes]] = {}
        lost: list[int] = []
        reason = "it was rewritten since it was loaded"
        parsed = self._parsed or {}
        for n, doc_id in enumerate(ids, 1):
            give_way(n)
            number, offset, length, text_at, text_length = cast(_Place, items[doc_id])
            kept = parsed.pop(doc_id, None)
            if kept is None:
                try:
                    raw = os.pread(self._descriptor(), length, offset)
                except OSError as exc:
                    raw, reason = b"", f"cannot read it again ({exc.strerror})"
                try:
                    obj = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    obj = None  # not the line that was loaded
                if type(obj) is not dict or obj.get("id") != doc_id:
                    lost.append(number)
                    del items[doc_id]
                    continue
            else:
                obj, raw = kept[0], b""
            try:
                if carries_text(obj):
                    text = None
                elif kept is None:
                    text = self._text_at(obj, text_at, text_length)
                else:
                    text = joined_text(obj, kept[1])
                built[doc_id] = items[doc_id] = DocRecord.from_line(obj, text)
            except RecordError as exc:
                if kept is not None:
                    raw = self._line_again(offset, length)
                self._report(number, raw, f"{exc}; line kept, not used")
                failed[doc_id] = (number, raw)
                continue
            numbers[doc_id] = number
            self._carried.add(doc_id)
        self._unchecked -= len(ids)
        if lost:
            self._not_reread(reason, lost)
        if failed:
            self._fall_back(failed, built)
        if not self._unchecked:
            self._parsed = None
            if self._closer is not None:
                self._closer()  # every record is known: the file is not needed any more
                self._fd = self._closer = None
        return built

    def _line_again(self, offset: int, length: int) -> bytes:
        """The bytes of a kept line that failed its checks, to report and set aside (empty
        when they cannot be read: falling back then reports the file as rewritten)."""
        try:
            return os.pread(self._descriptor(), length, offset)
        except OSError:
            return b""

    def _text_at(self, obj: dict[str, Any], offset: int, length: int) -> str:
        """The text a line leaves out, from the line at ``offset`` (the latest earlier line of
        its document that carries one)."""
        carrier = None
        # A line that cannot be read again is no carrier: the text is then not found.
        with suppress(OSError, orjson.JSONDecodeError):
            if offset >= 0:
                carrier = orjson.loads(os.pread(self._descriptor(), length, offset))
        return joined_text(obj, carrier)

    def _fall_back(self, failed: dict[str, tuple[int, bytes]], built: dict[str, DocRecord]) -> None:
        found = self._older(failed)
        for doc_id in failed:
            if doc_id in found:
                self._numbers[doc_id], built[doc_id] = found[doc_id]
                self._items[doc_id] = built[doc_id]
            else:
                del self._items[doc_id]
        # Ordered by the line each record now comes from; records appended since loading stay
        # last, as they are in the file.
        numbers = self._numbers

        def line_of(item: tuple[str, DocRecord | _Place]) -> float:
            doc_id, value = item
            if type(value) is tuple:
                return value[0]
            return numbers.get(doc_id, float("inf"))

        ordered = sorted(self._items.items(), key=line_of)
        self._items.clear()
        self._items.update(ordered)
        self._problems.sort(key=lambda p: p.line or 0)
        self._bad.sort(key=lambda b: b[0])

    def _not_reread(self, reason: str, numbers: list[int]) -> None:
        lines = ", ".join(str(number) for number in sorted(numbers))
        self._problems.append(
            Problem(
                self._shown,
                f"{reason}, so line(s) {lines} are not used and their documents are left out; "
                "open it again",
            )
        )

    def _report(self, number: int, raw: bytes, message: str) -> None:
        self._problems.append(Problem(self._shown, message, number))
        self._bad.append((number, raw.removesuffix(b"\n")))

    def _older(self, failed: dict[str, tuple[int, bytes]]) -> dict[str, tuple[int, DocRecord]]:
        """The latest valid line before each failed one, reading the file as loaded."""
        if self._fd is None:
            return {}
        try:
            found = self._scan(failed)
        except OSError as exc:
            found = None
            reason = f"cannot read it again ({exc.strerror})"
        else:
            reason = "it was rewritten since it was loaded"
        if found is None:
            self._not_reread(reason, [number for number, _ in failed.values()])
            return {}
        return found

    def _scan(
        self, failed: dict[str, tuple[int, bytes]]
    ) -> dict[str, tuple[int, DocRecord]] | None:
        """None when a failed line is no longer where it was (the file was rewritten)."""
        found: dict[str, tuple[int, DocRecord]] = {}
        before = {doc_id: number for doc_id, (number, _) in failed.items()}
        expected = dict(failed.values())
        # The latest line so far carrying each failed document's text.
        carriers: dict[str, dict[str, Any]] = {}
        with os.fdopen(os.dup(self._descriptor()), "rb") as f:
            f.seek(0)
            for number, _, raw in numbered_lines(f):
                if number in expected:
                    # A whole last line may have been given its newline since.
                    if expected.pop(number).removesuffix(b"\n") != raw.removesuffix(b"\n"):
                        return None
                    if not expected:
                        break
                    continue
                try:
                    obj = orjson.loads(raw)
                except orjson.JSONDecodeError:
                    continue  # reported when loaded
                doc_id = obj.get("id") if type(obj) is dict else None
                if type(doc_id) is not str or number >= before.get(doc_id, 0):
                    continue
                try:
                    if carries_text(obj):
                        carriers[doc_id] = obj
                        found[doc_id] = (number, DocRecord.from_line(obj))
                    else:
                        text = joined_text(obj, carriers.get(doc_id))
                        found[doc_id] = (number, DocRecord.from_line(obj, text))
                except RecordError as exc:
                    self._report(number, raw, f"{exc}; line kept, not used")
        return None if expected else found


class JournalContents:
    """A loaded journal: its records, the problems found, and where a torn last line starts."""

    def __init__(
        self, records: Records | None = None, lines: int = 0, torn_at: int | None = None
    ) -> None:
        self.records = Records() if records is None else records
        self.lines = lines
        # Byte offset where an unterminated, unreadable last line starts (a torn write), if any.
        self.torn_at = torn_at

    @property
    def problems(self) -> list[Problem]:
        return self.records.problems

    @property
    def bad_lines(self) -> list[tuple[int, bytes]]:
        """Numbers and bytes of every bad line, so compaction can set them aside."""
        return self.records.bad_lines


def read_journal(f: BinaryIO, shown: str, every_record: bool = False) -> JournalContents:
    """Parse every line; keep each id's latest one to build its record when it is read.

    Every line that is not JSON (a torn last line among them) or has no id is a Problem at
    once. Older lines of an id are only parsed: ``annotator validate`` checks every line fully.
    ``every_record``: the caller will read every record (a count, a report, an export), so
    each record is built while its line is parsed rather than read and parsed again later
    (``Records._read``); a line that fails its checks is still reported when it is read.
    """
    records = Records(shown)
    with _collector_paused():
        lines, torn_at = records._read(f, every_record)
    records._keep_file(f.fileno())
    return JournalContents(records, lines, torn_at)


def _reason(raw: bytes, exc: orjson.JSONDecodeError) -> str:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as uexc:
        return f"invalid UTF-8 at byte {uexc.start} of the line"
    return json_error(exc)


def load_journal(path: Path, every_record: bool = False) -> JournalContents:
    """Read a journal without locking it (review, export, validate); a missing file is empty.
    ``every_record``: see ``read_journal``."""
    path = Path(path)
    shown = show_path(path)
    try:
        with open_regular(path) as f:
            return read_journal(f, shown, every_record)
    except FileNotFoundError:
        return JournalContents()
    except OSError as exc:
        raise UserError(_unusable(shown, exc)) from None


def _unusable(shown: str, exc: OSError) -> str:
    if isinstance(exc, NotRegularFile):
        return f"{shown}: {exc.strerror}; a journal must be a regular file"
    return f"{shown}: cannot read: {exc.strerror}"


def encode(record: DocRecord, with_text: bool = True) -> bytes:
    """One journal line of ``record`` (schema v2), with its text unless ``with_text`` is
    false."""
    return orjson.dumps(record.to_json(with_text)) + b"\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def append_rejected(path: Path, chunks: list[bytes]) -> None:
    """Append lines to ``<file>.rejected`` durably before they leave the journal."""
    target = rejected_path(path)
    created = not check_regular(target)
    fd = open_regular_fd(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        _write_all(fd, b"".join(c if c.endswith(b"\n") else c + b"\n" for c in chunks))
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_dir(target.parent)


class HeldJournal:
    """A journal locked for writing and open, not read yet (``Journal.take``).

    Taking the lock is instant, and a journal in use is refused at once; reading a large
    journal takes a while, so an app shows its first screen between the two and reads it
    in a worker (``load``). Until ``load`` or ``release``, the lock is held."""

    def __init__(self, path: Path, lock: FileLock, fd: int) -> None:
        self.path = path
        self._lock = lock
        self._fd: int | None = fd

    def load(self) -> Journal:
        """Read the journal and cut a torn last line off to ``.rejected``: the ``Journal``
        then holds the lock (released here if reading fails: UserError)."""
        fd = self._fd
        if fd is None:
            raise UserError(f"{show_path(self.path)} was released; open it again")
        self._fd = None
        shown = show_path(self.path)
        try:
            with os.fdopen(os.dup(fd), "rb") as f:
                contents = read_journal(f, shown)
            _repair_end(self._lock.file, fd, contents)
        except OSError as exc:
            os.close(fd)
            self._lock.release()
            raise UserError(f"{shown}: cannot read or repair: {exc.strerror}") from None
        except BaseException:
            os.close(fd)
            self._lock.release()
            raise
        return Journal(self.path, self._lock, fd, contents)

    def release(self) -> None:
        """Give the journal up unread (an app closed before it was loaded)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self._lock.release()


class Journal(JournalContents):
    """The single writer of one journal file, holding its lock while open."""

    def __init__(self, path: Path, lock: FileLock, fd: int, contents: JournalContents) -> None:
        super().__init__(contents.records, contents.lines, contents.torn_at)
        self.path = path
        # Lines moved to <file>.rejected on opening: the torn last line of a crash, if any.
        self.set_aside = 0 if contents.torn_at is None else 1
        self._lock = lock
        self._fd: int | None = fd
        self._size = os.fstat(fd).st_size
        # The change id of every line, read when an append first names one.
        self._changes: set[str] | None = None

    @classmethod
    def take(cls, path: Path) -> HeldJournal:
        """Lock ``path`` (UserError naming the holder if taken) and open it, creating it if
        need be, without reading it: ``load()`` reads it."""
        path = Path(path)
        shown = show_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"{show_path(path.parent)}: cannot create: {exc.strerror}") from None
        try:
            check_regular(path)
        except OSError as exc:
            raise UserError(_unusable(shown, exc)) from None
        lock = FileLock.acquire(path)
        try:
            # The file locked, wherever a link leads: a link and its target are one journal.
            created = not check_regular(lock.file)
            fd = open_regular_fd(lock.file, os.O_RDWR | os.O_CREAT | os.O_APPEND)
        except NotRegularFile as exc:
            lock.release()
            raise UserError(_unusable(shown, exc)) from None
        except OSError as exc:
            lock.release()
            raise UserError(f"{shown}: cannot open for writing: {exc.strerror}") from None
        if created:
            try:
                share_created(fd, lock.file.parent)
                fsync_dir(lock.file.parent)
            except OSError as exc:
                os.close(fd)
                lock.release()
                raise UserError(f"{shown}: cannot create: {exc.strerror}") from None
        return HeldJournal(path, lock, fd)

    @classmethod
    def open(cls, path: Path) -> Journal:
        """Lock ``path`` (UserError naming the holder if taken), load it, repair a torn end."""
        return cls.take(path).load()

    def append(self, record: DocRecord, change: str = "") -> bool:
        """Write one line and return only once it is on disk (flush + fsync); True if written.

        ``change`` names the change (a client that may send it twice, as a server sync does,
        passes the same id each time): a change already in the journal is not written again
        and False is returned. Without one, the line gets a new id. Either way the id is set
        on ``record``."""
        if change and change in self._change_ids():
            return False
        record.change = change or new_change_id()
        self._save([record], "the last change")
        if self._changes is not None:
            self._changes.add(record.change)
        return True

    def append_many(self, records: Iterable[DocRecord]) -> int:
        """Append many records (any iterable, read as it goes) with one fsync per thousand;
        returns how many.

        For batch tools (import, suggest) whose run can simply be repeated: a crash part way
        keeps a prefix of the batch. The app saves every change on its own with ``append``.
        """
        saved = 0
        batch: list[DocRecord] = []
        for record in records:
            record.change = new_change_id()
            batch.append(record)
            if len(batch) == _BATCH:
                self._save(batch, f"{len(batch)} record(s)")
                saved += len(batch)
                batch = []
        if batch:
            self._save(batch, f"{len(batch)} record(s)")
            saved += len(batch)
        return saved

    def _writing(self) -> int:
        if self._fd is None:
            raise UserError(f"{show_path(self.path)} is closed; reopen it to save changes")
        return self._fd

    def _save(self, records: list[DocRecord], what: str) -> None:
        fd = self._writing()
        lines = []
        for record in records:
            if not record.id:
                raise UserError("cannot save a record without a document id")
            record.text_hash = text_hash(record.text)
            with_text = not self.records.text_is_written(record)
            try:
                lines.append(encode(record, with_text))
            except (TypeError, orjson.JSONEncodeError) as exc:
                raise UserError(f"cannot save {printable(record.id)!r}: {exc}") from None
        data = b"".join(lines)
        try:
            _write_all(fd, data)
            os.fsync(fd)
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
            self.records._saved(record)

    def _change_ids(self) -> set[str]:
        """The change id of every line in the file, read once (only a caller that names its
        changes needs them)."""
        if self._changes is None:
            changes: set[str] = set()
            with os.fdopen(os.dup(self._writing()), "rb") as f:
                f.seek(0)
                for raw in f:
                    try:
                        obj = orjson.loads(raw)
                    except orjson.JSONDecodeError:
                        continue
                    change = obj.get("change") if type(obj) is dict else None
                    if type(change) is str:
                        changes.add(change)
            self._changes = changes
        return self._changes

    def _undo_partial_write(self) -> None:
        # A half-written line would glue onto the next one; cut back to the last whole line.
        if self._fd is None:
            return
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
    contents.records._torn_moved(
        f"incomplete last line ({len(tail)} bytes; a write was interrupted); "
        f"moved to {show_path(rejected_path(path))}"
    )
    contents.lines -= 1


def not_a_journal(path: Path) -> str | None:
    """Why ``path`` is not an annotation journal, or None when every JSON line is a record.

    Lines that are not JSON (a torn write, garbage) are a journal's bad lines and compaction
    sets them aside, but only in a file that holds at least one journal record.
    """
    records = 0
    unreadable = 0
    with open_regular(path) as f:
        for number, _, raw in numbered_lines(f):
            if not raw.strip():
                continue
            try:
                obj = orjson.loads(raw)
            except orjson.JSONDecodeError:
                unreadable += 1
                continue
            if record_kind(obj) == JOURNAL:
                records += 1
                continue
            if type(obj) is dict:
                # "schema" names the version key of either version ("v" from v2 on).
                versioned = "v" in obj or "schema" in obj
                missing = " and ".join(
                    f'"{k}"'
                    for k, found in (("schema", versioned), ("spans", "spans" in obj))
                    if not found
                )
                looks = f"a JSON object without {missing}"
                if "text" in obj and not versioned:
                    looks += " (a corpus article or an export?)"
            else:
                looks = f"a JSON {type(obj).__name__}"
            return f"line {number} is {looks}, not an annotation journal record"
    if unreadable and not records:
        return "no line is an annotation journal record (is it a JSONL file at all?)"
    return None


def require_journal(path: Path, what_for: str) -> None:
    """UserError unless ``path`` is an annotation journal; ``what_for`` ends the message
    (which command takes journals, and what happened to the file)."""
    try:
        reason = not_a_journal(path)
    except FileNotFoundError:
        raise UserError(
            f"{show_path(path)}: no such journal; give a journal file such as "
            "annotations/<annotator>.jsonl"
        ) from None
    except OSError as exc:
        raise UserError(_unusable(show_path(path), exc)) from None
    if reason is not None:
        raise UserError(f"{show_path(path)}: {reason}; {what_for}")
