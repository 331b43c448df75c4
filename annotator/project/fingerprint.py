"""The corpus a project was made for: each document's id and a digest of its text, recorded by
``annotator init``.

Opening a project compares only the ids (the corpus index has them; reading every text of a
100,000-article corpus on each start would not do): a corpus most of whose documents the project
never saw is another corpus and is refused; documents added since join the project, and are
recorded. The texts are compared by ``annotator init --update`` and ``annotator doctor``: a text
that changed is reported by document, and its annotations are re-anchored when it is next
opened, as every drifted document is (``annotator.store.drift``).

The file is JSON lines: a header ``{"fingerprint": 1, "documents": N}``, then one line per
document, ``{"id": ..., "hash": "sha256:..."}`` (``hash`` null for a document that could not be
read), and last ``{"ids": "sha256:..."}``, a digest of the corpus's ids in order as last
recorded. Opening compares only that last line with the corpus in the common case (nothing
added or removed), so a 100,000-document project starts without reading 100,000 lines. Lines
are only appended (documents that joined, then a new last line), except by ``init --update``,
which rewrites the file whole (atomically).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from annotator.annotations.model import text_hash
from annotator.problems import UserError, printable, show_path
from annotator.regular_files import open_regular_fd, read_regular
from annotator.store.drift import reconcile
from annotator.store.durable import replacing
from annotator.store.journal import load_journal
from annotator.text.corpus import Corpus

FINGERPRINT_FILE = "corpus-fingerprint.jsonl"
_VERSION = 1
_SHOWN = 5  # documents named in a message before "and N more"
_TAIL = 4096  # bytes read from the end for the last line


@dataclass(slots=True)
class Fingerprint:
    """Each document's text digest by id, in corpus order (None: it could not be read)."""

    hashes: dict[str, str | None] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CorpusChange:
    """How a corpus differs from its fingerprint: by ids, and by texts when they were read."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    # What the drift handling will do to each journal's record of a changed document.
    drift: tuple[str, ...] = ()

    def notices(self) -> list[str]:
        """One sentence for each kind of change, naming the first few documents."""
        said = []
        if self.added:
            said.append(
                f"{_count(self.added)} added to the corpus since init joined the project "
                f"({_some(self.added)})"
            )
        if self.removed:
            said.append(
                f"{_count(self.removed)} recorded at init no longer in the corpus "
                f"({_some(self.removed)}); their annotations are kept"
            )
        for doc_id in self.changed:
            said.append(
                f"{printable(doc_id)}: the text changed since init; its spans are re-anchored "
                "when it is next opened, and whatever cannot follow is marked stale"
            )
        return said + [f"  {line}" for line in self.drift]


def _count(ids: tuple[str, ...]) -> str:
    return f"{len(ids)} document{'' if len(ids) == 1 else 's'}"


def _some(ids: tuple[str, ...]) -> str:
    shown = ", ".join(printable(i) for i in ids[:_SHOWN])
    return shown + (f" and {len(ids) - _SHOWN} more" if len(ids) > _SHOWN else "")


def digests(corpus: Corpus, ids: Iterable[str]) -> dict[str, str | None]:
    """The digest of each of these documents' text (None for one that cannot be read)."""
    return {i: text_hash(corpus.text(i)) if corpus.readable(i) else None for i in ids}


def fingerprint_of(corpus: Corpus) -> Fingerprint:
    """Every document's digest: reads every text."""
    return Fingerprint(digests(corpus, corpus.ids))


def _lines(hashes: Iterable[tuple[str, str | None]]) -> bytes:
    return b"".join(orjson.dumps({"id": i, "hash": h}) + b"\n" for i, h in hashes)


def ids_digest(ids: Sequence[str]) -> str:
    """A digest of the corpus's ids in order: equal digests, the same documents."""
    return "sha256:" + hashlib.sha256(orjson.dumps(list(ids))).hexdigest()


def _marker(ids: Sequence[str]) -> bytes:
    return orjson.dumps({"ids": ids_digest(ids)}) + b"\n"


def write_fingerprint(path: Path, fingerprint: Fingerprint) -> None:
    """Write the whole file atomically (a crash leaves the old one or the new one)."""
    header = orjson.dumps({"fingerprint": _VERSION, "documents": len(fingerprint.hashes)})
    marker = _marker(list(fingerprint.hashes))
    try:
        with replacing(path, mode=0o664, group_writable=True) as out:
            out.write(header + b"\n" + _lines(fingerprint.hashes.items()) + marker)
    except OSError as exc:
        raise UserError(f"{show_path(path)}: cannot write: {exc.strerror}") from None


def append_documents(path: Path, hashes: dict[str, str | None], ids: Sequence[str]) -> None:
    """Record documents that joined the corpus, whose ids are now ``ids`` (appended in one
    write, fsync'd)."""
    fd = open_regular_fd(path, os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, _lines(hashes.items()) + _marker(ids))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_fingerprint(path: Path) -> Fingerprint:
    """The recorded fingerprint, or UserError naming the line that is wrong."""
    shown = show_path(path)
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        raise UserError(
            f"{shown}: missing; the corpus is recorded there by annotator init "
            "(annotator init --update records it again)"
        ) from None
    except OSError as exc:
        raise UserError(f"{shown}: cannot read: {exc.strerror}") from None
    hashes: dict[str, str | None] = {}
    for number, line in enumerate(raw.splitlines(), 1):
        try:
            obj = orjson.loads(line)
        except orjson.JSONDecodeError:
            obj = None
        if number == 1 and isinstance(obj, dict) and obj.get("fingerprint") == _VERSION:
            continue
        if number > 1 and isinstance(obj, dict) and "ids" in obj and "id" not in obj:
            continue
        if number == 1 or not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise UserError(
                f"{shown} line {number}: not a corpus fingerprint line; "
                "annotator init --update writes the file again"
            )
        hashes[obj["id"]] = obj.get("hash") if isinstance(obj.get("hash"), str) else None
    return Fingerprint(hashes)


def same_ids(path: Path, ids: Sequence[str]) -> bool:
    """Whether the last line of the fingerprint at ``path`` says the corpus has exactly
    ``ids``; reads only the end of the file. False when it cannot tell."""
    try:
        fd = open_regular_fd(path)
    except OSError:
        return False
    try:
        size = os.fstat(fd).st_size
        tail = os.pread(fd, min(size, _TAIL), max(0, size - _TAIL))
    except OSError:
        return False
    finally:
        os.close(fd)
    try:
        last = orjson.loads(tail.rstrip(b"\n").rpartition(b"\n")[2])
    except orjson.JSONDecodeError:
        return False
    return isinstance(last, dict) and last.get("ids") == ids_digest(ids)


def compare_ids(recorded: Fingerprint, ids: Iterable[str], corpus: Path) -> CorpusChange:
    """Documents added and removed since the fingerprint; UserError when ``ids`` are another
    corpus's: fewer than half the recorded documents remain and most of its are unknown."""
    current = list(ids)
    known = recorded.hashes
    added = tuple(i for i in current if i not in known)
    present = set(current)
    kept = sum(1 for i in known if i in present)
    if known and kept * 2 < len(known) and len(added) * 2 > len(current):
        raise UserError(
            f"{show_path(corpus)} is not the corpus this project was made for: {kept} of the "
            f"{len(known)} documents recorded at init are in it, and {len(added)} of its "
            f"{len(current)} are unknown to the project; point corpus in annotator.toml at the "
            "corpus it was made for, or start a project for this one (annotator init DIR "
            "--corpus PATH)"
        )
    removed = tuple(i for i in known if i not in present)
    return CorpusChange(added, removed)


def drift_preview(annotations: Path, corpus: Corpus, changed: Sequence[str]) -> tuple[str, ...]:
    """For each journal in ``annotations`` holding a document of ``changed``, what re-anchoring
    its spans on the new text will do when it is next opened (``store.drift``, the same
    code); nothing is written now."""
    said: list[str] = []
    journals = sorted(annotations.glob("*.jsonl")) if changed and annotations.is_dir() else []
    for path in journals:
        records = load_journal(path).records  # its bad lines are reported where it is used
        for doc_id in changed:
            record = records.get(doc_id)
            if record is not None and corpus.readable(doc_id):
                messages = reconcile(record, corpus.text(doc_id))[1]
                said += [f"{path.name}: {messages[0]}"] if messages else []
    return tuple(said)


def compare(recorded: Fingerprint, corpus: Corpus) -> tuple[CorpusChange, Fingerprint]:
    """``compare_ids`` and, reading every text, the documents whose text changed; with the
    corpus's fingerprint as it is now."""
    change = compare_ids(recorded, corpus.ids, corpus.path)
    now = fingerprint_of(corpus)
    changed = tuple(
        i
        for i, digest in now.hashes.items()
        if digest is not None and recorded.hashes.get(i) not in (None, digest)
    )
    return CorpusChange(change.added, change.removed, changed), now
