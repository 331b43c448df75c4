"""Corpora: a folder of ``.txt`` articles and/or ``.jsonl`` files, or one such file.

Opening a corpus builds an index (id -> file, byte offset, length); texts are read when asked
for, so memory grows with the number of articles, not with their size. Decisions about the text
happen here, once: a UTF-8 byte order mark at the start of a file is dropped and line endings are
kept exactly as stored, because every offset refers to the text exactly as loaded.

A corpus up to ``EAGER_BYTES`` (and ``EAGER_TXT_FILES`` text files) is checked completely when it
opens, so every bad article is reported up front. A larger one is only indexed (that is what keeps
100,000 articles fast); each of its articles is checked when first read, and ``text()`` raises
``UserError`` naming the problem, which is also added to ``problems``.
"""

from __future__ import annotations

import os
import re
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from annotator.problems import Problem, UserError, json_error, printable, show_path
from annotator.regular_files import NotRegularFile, check_regular, open_regular
from annotator.text.jsonl import BOM
from annotator.text.kinds import JOURNAL, record_kind

# An article's metadata: every field of its JSON line but id and text, as parsed.
Meta = dict[str, Any]

EAGER_BYTES = 64 * 1024 * 1024
EAGER_TXT_FILES = 5000
_CHUNK = 4 * 1024 * 1024
# The largest article opened, in bytes of its file (or JSONL line). The screen lays out only
# what it shows, but an article's text is held whole and every change saves it whole.
MAX_ARTICLE_BYTES = 16 * 1024 * 1024
MAX_ARTICLE_VARIABLE = "ANNOTATOR_MAX_ARTICLE_BYTES"
_CACHE_SIZE = 64

_KINDS = (".txt", ".jsonl")
# What annotator itself writes beside a journal (its lock, the lines it set aside, where the
# annotator left off): never an article, so never reported as a stray file in a corpus folder.
_OWN_FILES = (".jsonl.lock", ".jsonl.rejected", ".resume.json", ".resume.json.tmp")
# The id of a line written as {"id": "...", ...} or {"id": 12, ...}; anything else is parsed.
_FAST_ID = re.compile(
    rb'[ \t]*\{[ \t]*"id"[ \t]*:[ \t]*(?:"([^"\\\x00-\x1f]+)"|(-?[0-9]{1,18}))[ \t]*,'
)


class ArticleError(ValueError):
    """An article that cannot be used; carries the Problem that says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def decode_txt(data: bytes, where: str) -> str:
    """The text of a ``.txt`` article, or ArticleError saying exactly what is wrong."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ArticleError(
            Problem(
                where, "binary file (NUL byte); only UTF-8 text files can be annotated", byte=nul
            )
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        found = data[exc.start : exc.start + 4].hex(" ")
        # Windows editors save "Unicode" as UTF-16, which starts with a byte order mark.
        utf16 = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise ArticleError(
            Problem(
                where,
                f"invalid UTF-8 (bytes {found}){utf16}; re-save the file as UTF-8",
                byte=exc.start,
            )
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ArticleError(Problem(where, "empty article; add text or remove the file"))
    return text


def parse_jsonl_line(raw: bytes, where: str, line: int, offset: int) -> tuple[str, str, Meta]:
    """(id, text, meta) of one corpus line, or ArticleError naming the line and what is wrong.

    ``offset`` is the file offset of ``raw``, so an encoding error is reported at its byte.
    """
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as uexc:
            raise ArticleError(
                Problem(
                    where, "invalid UTF-8; re-save the file as UTF-8", line, offset + uexc.start
                )
            ) from None
        raise ArticleError(
            Problem(where, f"not valid JSON ({json_error(exc)}); fix or remove this line", line)
        ) from None
    if not isinstance(obj, dict):
        raise ArticleError(
            Problem(
                where,
                f'expected a JSON object like {{"id": ..., "text": ...}}, got '
                f"{type(obj).__name__}; fix or remove this line",
                line,
            )
        )
    doc_id = obj.get("id")
    if type(doc_id) is int:
        doc_id = str(doc_id)
    if not isinstance(doc_id, str) or not doc_id:
        shown = "no id" if "id" not in obj else f"id {obj['id']!r}"
        raise ArticleError(
            Problem(where, f'{shown}; every line needs "id": a non-empty string', line)
        )
    text = obj.get("text")
    if not isinstance(text, str):
        shown = "no text" if "text" not in obj else f"text of type {type(text).__name__}"
        raise ArticleError(
            Problem(where, f'article {doc_id!r} has {shown}; "text" must be a string', line)
        )
    nul = text.find("\x00")
    if nul >= 0:
        raise ArticleError(
            Problem(
                where,
                f"article {doc_id!r} text has a NUL character at offset {nul}; "
                "looks like binary data; fix or remove this line",
                line,
            )
        )
    if not text.strip():
        raise ArticleError(
            Problem(where, f"article {doc_id!r} is empty; add text or remove the line", line)
        )
    meta = {k: v for k, v in obj.items() if k not in ("id", "text", "meta")}
    given = obj.get("meta")
    if isinstance(given, dict):
        meta.update(given)
    elif "meta" in obj:
        meta["meta"] = given
    return doc_id, text, meta


class Corpus:
    """An index of articles; texts are read from disk on demand (a few are cached)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.problems: list[Problem] = []
        self._files: list[str] = []
        self._shown: list[str] = []
        self._ids: list[str] = []
        self._index: dict[str, int] = {}
        self._file_of = array("l")
        self._offset = array("q")
        self._length = array("q")  # -1: the whole file
        self._line = array("l")  # 0 for a .txt article
        self._cache: OrderedDict[int, tuple[str, Meta]] = OrderedDict()
        self._failed: set[int] = set()

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._index

    @property
    def ids(self) -> Sequence[str]:
        return self._ids

    def index_of(self, doc_id: str) -> int:
        try:
            return self._index[doc_id]
        except KeyError:
            raise KeyError(f"{doc_id!r} is not in the corpus {show_path(self.path)}") from None

    def text(self, doc_id: str) -> str:
        """The article's text; UserError if it turns out bad (checked late in big corpora)."""
        return self._load(self.index_of(doc_id))[0]

    def readable(self, doc_id: str) -> bool:
        """Whether the article's text loads. One found bad only now (a big corpus is checked as
        it is read) has its problem added to ``problems``, once, like one found at opening;
        whoever moves through the corpus steps over it."""
        try:
            self._load(self.index_of(doc_id))
        except UserError:
            return False
        return True

    def meta(self, doc_id: str) -> Meta:
        return dict(self._load(self.index_of(doc_id))[1])

    def source(self, doc_id: str) -> str:
        """Where the article lives, e.g. ``corpus/news.jsonl: line 12``."""
        i = self.index_of(doc_id)
        shown = self._shown[self._file_of[i]]
        return f"{shown}: line {self._line[i]}" if self._line[i] else shown

    # -- loading -------------------------------------------------------------------------

    def _load(self, i: int) -> tuple[str, Meta]:
        hit = self._cache.get(i)
        if hit is not None:
            self._cache.move_to_end(i)
            return hit
        try:
            loaded = self._read(i)
        except ArticleError as exc:
            if i not in self._failed:
                self._failed.add(i)
                self.problems.append(exc.problem)
            raise UserError(str(exc.problem)) from None
        self._cache[i] = loaded
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return loaded

    def _read(self, i: int) -> tuple[str, Meta]:
        path = self._files[self._file_of[i]]
        shown = self._shown[self._file_of[i]]
        offset, length, line = self._offset[i], self._length[i], self._line[i]
        try:
            with open_regular(path) as f:
                size = os.fstat(f.fileno()).st_size if length < 0 else length
                _check_article_size(size, shown, line)
                if length < 0:
                    return decode_txt(f.read(), shown), {}
                f.seek(offset)
                raw = f.read(length)
        except NotRegularFile as exc:
            raise ArticleError(_not_a_file(shown, exc)) from None
        except OSError as exc:
            raise ArticleError(
                Problem(shown, f"cannot read: {exc.strerror}; check the file is still there")
            ) from None
        doc_id, text, meta = parse_jsonl_line(raw, shown, line, offset)
        if doc_id != self._ids[i]:
            raise ArticleError(
                Problem(
                    shown,
                    f"expected article {self._ids[i]!r} here but found {doc_id!r}: the file "
                    "changed since annotator opened it; restart annotator",
                    line,
                )
            )
        return text, meta

    # -- indexing ------------------------------------------------------------------------

    def _add(self, doc_id: str, file_no: int, offset: int, length: int, line: int) -> None:
        first = self._index.get(doc_id)
        if first is not None:
            self.problems.append(
                Problem(
                    self._shown[file_no],
                    f"duplicate id {doc_id!r} (first in {self.source(doc_id)}); "
                    "this one is skipped, give it a unique id",
                    line or None,
                )
            )
            return
        self._index[doc_id] = len(self._ids)
        self._ids.append(doc_id)
        self._file_of.append(file_no)
        self._offset.append(offset)
        self._length.append(length)
        self._line.append(line)

    def _add_file(self, path: str, shown: str) -> int:
        self._files.append(path)
        self._shown.append(shown)
        return len(self._files) - 1

    def _index_txt(self, path: str, shown: str, doc_id: str, check: bool) -> None:
        if check:
            try:
                with open_regular(path) as f:
                    decode_txt(f.read(), shown)
            except ArticleError as exc:
                self.problems.append(exc.problem)
                return
            except NotRegularFile as exc:
                self.problems.append(_not_a_file(shown, exc))
                return
            except OSError as exc:
                self.problems.append(
                    Problem(
                        shown, f"cannot read: {exc.strerror}; check the file and its permissions"
                    )
                )
                return
        self._add(doc_id, self._add_file(path, shown), 0, -1, 0)

    def _index_jsonl(self, path: str, shown: str, check: bool) -> None:
        file_no = self._add_file(path, shown)
        try:
            with open_regular(path) as f:
                buf = b""
                base = 0  # file offset of buf[0]
                line = 0
                while chunk := f.read(_CHUNK):
                    buf = buf + chunk if buf else chunk
                    start = 0
                    if base == 0 and buf.startswith(BOM):
                        start = len(BOM)
                    while (end := buf.find(b"\n", start)) >= 0:
                        line += 1
                        self._index_line(file_no, buf, start, end, base, line, check)
                        start = end + 1
                    buf = buf[start:]
                    base += start
                if buf:
                    self._index_line(file_no, buf, 0, len(buf), base, line + 1, check)
        except NotRegularFile as exc:
            self.problems.append(_not_a_file(shown, exc))
        except OSError as exc:
            self.problems.append(
                Problem(shown, f"cannot read: {exc.strerror}; check the file and its permissions")
            )

    def _index_line(
        self, file_no: int, buf: bytes, start: int, end: int, base: int, line: int, check: bool
    ) -> None:
        if not check:
            fast = _FAST_ID.match(buf, start, end)
            if fast is not None:
                raw_id = fast.group(1) if fast.group(1) is not None else fast.group(2)
                try:
                    doc_id = raw_id.decode("utf-8")
                except UnicodeDecodeError:
                    pass  # the full parse below reports where
                else:
                    self._add(doc_id, file_no, base + start, end - start, line)
                    return
        raw = buf[start:end]
        if not raw.strip():
            return
        try:
            doc_id = parse_jsonl_line(raw, self._shown[file_no], line, base + start)[0]
        except ArticleError as exc:
            self.problems.append(exc.problem)
            return
        self._add(doc_id, file_no, base + start, end - start, line)


def max_article_bytes() -> int:
    """MAX_ARTICLE_BYTES, or the number of bytes in the environment variable that sets it."""
    value = os.environ.get(MAX_ARTICLE_VARIABLE, "").strip()
    if not value:
        return MAX_ARTICLE_BYTES
    try:
        return int(value)
    except ValueError:
        raise UserError(
            f"{MAX_ARTICLE_VARIABLE}={printable(value)}: not a number of bytes; "
            f"give one, e.g. {MAX_ARTICLE_VARIABLE}={2 * MAX_ARTICLE_BYTES}"
        ) from None


def _check_article_size(size: int, shown: str, line: int) -> None:
    limit = max_article_bytes()
    if size > limit:
        mib = 1024 * 1024
        raise ArticleError(
            Problem(
                shown,
                f"article of {_size(size)} is over the {_size(limit)} limit for one article; "
                "split it into smaller articles, or raise the limit with "
                f"{MAX_ARTICLE_VARIABLE}={-(-size // mib) * mib}",
                line or None,
            )
        )


def _size(count: int) -> str:
    mib = 1024 * 1024
    return f"{count:,} bytes" if count < mib else f"{count / mib:.1f} MiB"


def _not_a_file(shown: str, exc: NotRegularFile) -> Problem:
    return Problem(shown, f"{exc.strerror}; skipped (only regular files are read)")


def _walk(folder: str, problems: list[Problem]) -> list[str]:
    """The relative paths (``/``-separated, sorted) of every visible regular file under
    ``folder``; names starting with ``.`` are skipped, links to folders reported, not followed
    (they could loop), and anything else that is not a regular file (a FIFO, a socket, a
    symlink loop, a link to nothing) reported with what it is. Plain strings, not ``Path``
    objects: 100,000 files list in a fraction of a second."""
    found: list[str] = []
    pending = [""]
    while pending:
        relative = pending.pop()
        here = os.path.join(folder, relative) if relative else folder
        try:
            with os.scandir(here) as listing:
                entries = [(e.name, _entry_kind(e)) for e in listing]
        except OSError as exc:
            shown = show_path(Path(here))
            problems.append(
                Problem(
                    shown,
                    f"cannot list this folder: {exc.strerror}; skipped (check its permissions)",
                )
            )
            continue
        for name, kind in entries:
            if name.startswith("."):
                continue
            inner = f"{relative}/{name}" if relative else name
            if kind == "folder":
                pending.append(inner)
            elif kind == "file":
                found.append(inner)
            else:
                problems.append(Problem(show_path(Path(folder, inner)), kind))
    found.sort()
    return found


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """Whether the entry is a "file", a "folder", or why it is skipped. Costs no system call
    for a plain file or folder (the listing says what each is); a link costs one ``stat``."""
    try:
        if entry.is_dir():
            return "a link to a folder; not followed, skipped" if entry.is_symlink() else "folder"
        if entry.is_file():
            return "file"
    except OSError:
        pass  # a symlink loop: said below
    try:
        if not check_regular(entry.path):
            return "a link to nothing (its target is missing); skipped"
    except NotRegularFile as exc:
        return _not_a_file("", exc).message
    except OSError as exc:
        return f"cannot read: {exc.strerror}; skipped (check its permissions)"
    return "file"  # became a regular file since it was listed


def _small(files: list[tuple[str, str, str, str]], eager_bytes: int) -> bool:
    if sum(1 for _, _, _, kind in files if kind == ".txt") > EAGER_TXT_FILES:
        return False  # decided without a stat per file
    try:
        total = sum(os.stat(full).st_size for full, _, _, kind in files if kind in _KINDS)
    except OSError:
        return False
    return total <= eager_bytes


def _is_journal(path: str) -> bool:
    """Whether the first line of a .jsonl file is an annotation journal record."""
    try:
        with open_regular(path) as f:
            first = f.readline(1 << 20)
        obj = orjson.loads(first.removeprefix(BOM))
    except (OSError, orjson.JSONDecodeError):
        return False
    return record_kind(obj) == JOURNAL


def open_corpus(
    path: Path, *, check_all: bool | None = None, eager_bytes: int = EAGER_BYTES
) -> Corpus:
    """Index the corpus at ``path``; bad articles are skipped and listed in ``problems``.

    ``check_all`` reads and checks every article now (True) or only indexes (False); by default
    a corpus is checked when it is small enough (``eager_bytes``, ``EAGER_TXT_FILES``).
    Raises UserError when the path is missing or not a corpus, or when no article loads.
    """
    path = Path(path)
    corpus = Corpus(path)
    shown_root = show_path(path)
    # (full path, path as shown, id for a .txt file, lower-case suffix)
    files: list[tuple[str, str, str, str]]
    if path.is_dir():
        root = str(path)
        files = [
            (
                os.path.join(root, relative),
                printable(os.path.join(shown_root, relative)),
                relative,
                os.path.splitext(relative)[1].lower(),
            )
            for relative in _walk(root, corpus.problems)
            if not relative.endswith(_OWN_FILES)
        ]
    elif path.is_file():
        files = [(str(path), shown_root, path.name, path.suffix.lower())]
    else:
        try:
            check_regular(path)
        except OSError as exc:
            raise UserError(
                f"{shown_root}: {exc.strerror}; give a corpus folder or a .txt or .jsonl file"
            ) from None
        raise UserError(f"{shown_root}: no such file or folder; give a corpus folder or file")

    check = _small(files, eager_bytes) if check_all is None else check_all
    for full, shown, doc_id, kind in files:
        if kind == ".txt":
            corpus._index_txt(full, shown, doc_id, check)
        elif kind == ".jsonl":
            if path.is_dir() and _is_journal(full):
                # annotations/ beside a corpus file ends up inside the folder opened later.
                corpus.problems.append(
                    Problem(shown, "an annotation journal, not articles; skipped")
                )
                continue
            corpus._index_jsonl(full, shown, check)
        else:
            corpus.problems.append(
                Problem(shown, "not a .txt or .jsonl file; skipped (move it out of the corpus)")
            )
    if not corpus.ids:
        listed = "; ".join(str(p) for p in corpus.problems[:10]) or "no .txt or .jsonl files"
        raise UserError(f"{shown_root}: no article to annotate ({listed})")
    return corpus
