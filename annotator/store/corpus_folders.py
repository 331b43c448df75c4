"""One annotations folder per corpus, and the journals earlier versions shared between corpora.

Earlier versions kept the journals of every corpus in ``annotations/`` beside it, so two corpora
side by side (``work/corpora``, ``work/news``) wrote into the same ``amal.jsonl``: their records
mixed, and the resume position of one overwrote the other's. Journals now live in
``annotations/<corpus name>/``. The first time a corpus is used without that folder while the
shared one holds journals, each journal's lines of this corpus's documents (every line of them,
in order, so history and the lines that leave the text out stay whole) are copied into the new
folder, with the resume position when it points into this corpus. Nothing is moved or deleted:
the shared folder stays as it was, so the other corpus copies its own lines from it in turn, and
a document whose id both corpora have is in both copies. The copy is made in a hidden folder and
renamed into place, so a crash leaves either no new folder (copied again next time) or a whole
one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Collection
from pathlib import Path

import orjson

from annotator.problems import UserError, show_path
from annotator.regular_files import open_regular, read_regular
from annotator.store.journal import fsync_dir
from annotator.store.locking import FileLock
from annotator.store.paths import default_annotations_dir, is_bundled, shared_annotations_dir
from annotator.text.jsonl import numbered_lines

_RESUME = ".resume.json"


def shared_journals(corpus: Path) -> list[Path]:
    """The journals an earlier version left in the folder every corpus beside it shared, when
    this corpus has no folder of its own yet."""
    if is_bundled(corpus) or default_annotations_dir(corpus).exists():
        return []
    shared = shared_annotations_dir(corpus)
    return sorted(p for p in shared.glob("*.jsonl") if p.is_file()) if shared.is_dir() else []


def _lines_of(path: Path, ids: Collection[str]) -> tuple[bytes, set[str]]:
    """Every line of ``path`` about one of ``ids``, in order, and which documents they hold."""
    kept: list[bytes] = []
    found: set[str] = set()
    with open_regular(path) as f:
        for _, _, raw in numbered_lines(f):
            try:
                doc_id = orjson.loads(raw).get("id")
            except (orjson.JSONDecodeError, AttributeError):
                continue  # a bad line stays where it is, in the shared journal
            if isinstance(doc_id, str) and doc_id in ids:
                kept.append(raw if raw.endswith(b"\n") else raw + b"\n")
                found.add(doc_id)
    return b"".join(kept), found


def copy_shared_journals(corpus: Path, ids: Collection[str]) -> list[str]:
    """Give ``corpus`` (whose documents are ``ids``) its own folder from the shared one; what
    was copied, to say on screen. Nothing when there is nothing to copy."""
    journals = shared_journals(corpus)
    if not journals:
        return []
    target = default_annotations_dir(corpus)
    building = target.with_name(f".{target.name}.copying")
    copied: list[str] = []
    try:
        shutil.rmtree(building, ignore_errors=True)  # a copy a crash left half made
        building.mkdir()
        for journal in journals:
            lock = FileLock.acquire(journal)  # no app writes it while its lines are copied
            try:
                lines, documents = _lines_of(journal, ids)
                if lines:
                    _write(building / journal.name, lines)
                    _copy_resume(journal, building, documents)
                    copied.append(f"{len(documents)} document(s) of {journal.name}")
            finally:
                lock.release()
        fsync_dir(building)
        os.rename(building, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise UserError(
            f"{show_path(target)}: cannot make it from the journals in "
            f"{show_path(target.parent)} ({exc.strerror}); nothing was changed there"
        ) from None
    finally:
        shutil.rmtree(building, ignore_errors=True)  # gone once renamed; else half made
    if not copied:
        return [
            f"annotations of {show_path(corpus)} now go in {show_path(target)}; the journals "
            f"in {show_path(target.parent)} hold none of its documents and were left as they are"
        ]
    return [
        f"annotations of {show_path(corpus)} now live in {show_path(target)}, a folder of its "
        f"own (corpora beside each other shared {show_path(target.parent)}); copied "
        f"{'; '.join(copied)} there; the journals in {show_path(target.parent)} are left as "
        "they were"
    ]


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_resume(journal: Path, building: Path, documents: set[str]) -> None:
    """The resume position, when the document it names is one of this corpus's."""
    resume = journal.with_name(journal.stem + _RESUME)
    try:
        saved = orjson.loads(read_regular(resume))
    except (OSError, orjson.JSONDecodeError):
        return
    if isinstance(saved, dict) and saved.get("last") in documents:
        _write(building / resume.name, orjson.dumps(saved))
