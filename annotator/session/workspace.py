"""A corpus being worked through by one annotator: which document is open, its editing
session, progress, and saving every change to the annotator's journal.

The journal is the record of truth. Besides it, ``<annotator>.resume.json`` remembers the
document that was open last and where in it the annotator was (cursor offset, and the offset
at the top of the screen), so reopening the app resumes there even when that document was
only read, never changed. A record made on a text the corpus no longer has is reconciled onto
the new text when its document is opened (annotator.store.drift), and saved.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TypeGuard

import orjson

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import DONE_STATUSES, DocRecord, Span
from annotator.problems import UserError, first_few
from annotator.regular_files import read_regular
from annotator.session.editing import DocumentSession, now_iso
from annotator.store.drift import reconcile
from annotator.store.journal import Journal
from annotator.store.sharing import share_written
from annotator.suggest import Suggester
from annotator.suggest.engine import resolve
from annotator.text.corpus import Corpus

# Per-span drift messages shown in the notice; the rest are counted.
SHOWN_DRIFT_MESSAGES = 4


def _offset(value: object) -> TypeGuard[int]:
    """Whether a remembered place is an offset (JSON gives any value; true is no offset)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def resume_path(journal_path: Path) -> Path:
    return journal_path.with_name(journal_path.stem + ".resume.json")


def _resume_tmp(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _forget(tmp: Path) -> None:
    with contextlib.suppress(OSError):  # else removed by the next save or the next opening
        tmp.unlink(missing_ok=True)


class Workspace:
    def __init__(
        self,
        corpus: Corpus,
        journal: Journal,
        annotator: str,
        labels: LabelSet,
        clock: Callable[[], float] = time.monotonic,
        suggester: Suggester | None = None,
    ) -> None:
        self.corpus = corpus
        self.journal = journal
        self.annotator = annotator
        self.labels = labels
        self.clock = clock
        self.notices: list[str] = []
        # Called with each record once it is on disk (a team's server sends it on from there).
        self.on_saved: Callable[[DocRecord], None] | None = None
        self.suggester = suggester
        self._candidates: tuple[str | None, list[Span]] = (None, [])
        # Per document, the spans the gazetteer has (from the journals it was learned from,
        # or learned in this session), so none is learned twice.
        self._learned: dict[str, set[tuple[int, int, str]]] = {}
        self._suggested: tuple[object, list[Span]] = (None, [])
        self._sessions: dict[str, DocumentSession] = {}
        # The documents done, once counted (see progress).
        self._done: set[str] | None = None
        self._saved_seconds: dict[str, float] = {}
        # Where the annotator is in the open document: (cursor offset, offset of the first
        # row on screen). The UI keeps it current; it is remembered with the document.
        self.place: tuple[int, int] = (0, 0)
        resumed, place = self._resume()
        self.index, self.session = self._first_readable(resumed)
        if self.index == resumed:
            length = len(self.session.text)
            self.place = (min(place[0], length), min(place[1], length))
        self.session.tick(self.clock())

    @property
    def ids(self) -> Sequence[str]:
        return self.corpus.ids

    @property
    def records(self) -> Mapping[str, DocRecord]:
        return self.journal.records

    # -- resuming -------------------------------------------------------------------------

    def _resume(self) -> tuple[int, tuple[int, int]]:
        """The document to open first and the place in it to return to."""
        # Left by a save that failed half way (a full disk, a kill): never the position.
        _forget(_resume_tmp(resume_path(self.journal.path)))
        try:
            saved = orjson.loads(read_regular(resume_path(self.journal.path)))
        except (OSError, orjson.JSONDecodeError):
            saved = None
        saved = saved if isinstance(saved, dict) else {}
        last = saved.get("last")
        ids = list(self.ids)
        if isinstance(last, str) and last in ids:
            cursor, top = saved.get("cursor"), saved.get("top")
            if _offset(cursor) and _offset(top):
                return ids.index(last), (cursor, top)
            return ids.index(last), (0, 0)
        touched = [r for r in self.records.values() if r.id in ids]
        if touched:
            return ids.index(max(touched, key=lambda r: r.updated_at).id), (0, 0)
        return 0, (0, 0)

    def _first_readable(self, index: int) -> tuple[int, DocumentSession]:
        """The document at ``index``, or the next one that can be read (a bad file found
        late must not keep the annotator out of the whole corpus)."""
        count = len(self.ids)
        for step in range(count):
            at = (index + step) % count
            try:
                return at, self._session(self.ids[at])
            except UserError as error:
                # An article the corpus cannot read is among its problems, which the app
                # shows at start: said once, not twice.
                if str(error) not in {str(problem) for problem in self.corpus.problems}:
                    self.notices.append(str(error))
        raise UserError(f"{self.corpus.path}: no document in it can be read")

    def _remember(self) -> None:
        path = resume_path(self.journal.path)
        tmp = _resume_tmp(path)
        try:
            cursor, top = self.place
            # Whatever a failed save left at the name goes first: written fresh, never into
            # an old file (or whatever else was put there).
            tmp.unlink(missing_ok=True)
            tmp.write_bytes(
                orjson.dumps({"last": self.session.doc_id, "cursor": cursor, "top": top})
            )
            share_written(tmp)
            os.replace(tmp, path)
        except OSError as exc:
            _forget(tmp)  # a full disk must not leave it behind
            self.notices.append(f"{path}: cannot remember the open document: {exc.strerror}")

    # -- documents ------------------------------------------------------------------------

    def _session(self, doc_id: str) -> DocumentSession:
        session = self._sessions.get(doc_id)
        if session is not None:
            return session
        names = self.labels.names
        record = self.records.get(doc_id)
        text = self.corpus.text(doc_id)
        if record is None:
            session = DocumentSession(
                doc_id, text, names, meta=dict(self.corpus.meta(doc_id)), schema=self.labels
            )
        else:
            if record.text != text:
                record = self._reconciled(record, text)
            session = DocumentSession.from_record(record, names, self.labels)
            self.notices += [f"{doc_id}: {problem}" for problem in session.problems]
        self._sessions[doc_id] = session
        self._learned[doc_id] = {span.key() for span in session.spans}
        self._saved_seconds[doc_id] = session.seconds
        return session

    def _reconciled(self, record: DocRecord, text: str) -> DocRecord:
        """``record`` moved onto the corpus's changed ``text`` (drift.reconcile: spans
        re-anchored where unambiguous, the rest marked stale, the document flagged), saved
        at once so the flag and the stale marks survive a restart."""
        moved, messages = reconcile(record, text)
        if moved is record:
            return record
        moved = replace(moved, updated_at=now_iso())
        summary, details = messages[0], messages[1:]
        self.notices.append("\n".join([summary, *first_few(details, SHOWN_DRIFT_MESSAGES)]))
        try:
            self.journal.append(moved)
            if self.on_saved is not None:
                self.on_saved(moved)
        except UserError as error:
            self.notices.append(f"NOT SAVED (the next change saves it): {error}")
        return moved

    def _readable(self, index: int) -> bool:
        """Whether the document at ``index`` can be read; one that cannot is said once (the
        corpus reports each bad article once) and stepped over by every way of moving."""
        before = len(self.corpus.problems)
        readable: bool = self.corpus.readable(self.ids[index])
        self.notices += [f"skipped: {problem}" for problem in self.corpus.problems[before:]]
        return readable

    def go(self, index: int) -> DocumentSession:
        if not 0 <= index < len(self.ids):
            raise IndexError(index)
        step = 1 if index > self.index else -1
        said = len(self.notices)
        while not self._readable(index):
            index += step
            if not 0 <= index < len(self.ids):
                # Nothing opens, so nothing shows the notices: the error carries them.
                skipped = self.notices[said:]
                del self.notices[said:]
                where = "after" if step > 0 else "before"
                raise UserError("\n".join([*skipped, f"no document {where} this one can be read"]))
        arriving = self._session(self.ids[index])  # may raise UserError: nothing changed yet
        self._learn_what_was_labelled()
        self._count(self.session)  # the document left may have changed since last counted
        now = self.clock()
        self.session.pause(now)
        if self.session.doc_id in self.records and self._unsaved_time():
            self.save()
        self.index = index
        self.session = arriving
        self.place = (0, 0)
        self.session.tick(now)
        self._remember()
        return self.session

    def _unsaved_time(self) -> bool:
        return self.session.seconds - self._saved_seconds.get(self.session.doc_id, 0.0) >= 1.0

    def status_of(self, doc_id: str) -> str:
        session = self._sessions.get(doc_id)
        if session is not None:
            return session.status
        record = self.records.get(doc_id)
        return record.status if record else "new"

    def progress(self) -> tuple[int, int]:
        """(documents done, documents). Counted over the corpus once; after that only the
        open document can change, so a key on a corpus of 100,000 articles does not look at
        each of them again."""
        if self._done is None:
            self._done = {d for d in self.ids if self.status_of(d) in DONE_STATUSES}
        self._count(self.session)
        return len(self._done), len(self.ids)

    def _count(self, session: DocumentSession) -> None:
        """Bring the count of documents done up to date with ``session``'s status."""
        if self._done is None:
            return
        if session.status in DONE_STATUSES:
            self._done.add(session.doc_id)
        else:
            self._done.discard(session.doc_id)

    def next_not_done(self) -> int | None:
        """The first document after the open one (wrapping round) that is not done."""
        count = len(self.ids)
        for step in range(1, count + 1):
            index = (self.index + step) % count
            if self.status_of(self.ids[index]) not in DONE_STATUSES and self._readable(index):
                return index
        return None

    def find(self, query: str) -> int | None:
        """A document by exact id, by 1-based number, or by a unique part of its id."""
        found = self.candidates(query)
        return found[0] if len(found) == 1 else None

    def candidates(self, query: str) -> list[int]:
        """The documents ``query`` may mean: the one with that exact id or that 1-based
        number, else every one whose id holds it (``00`` is no number: ids with 00)."""
        query = query.strip()
        ids = list(self.ids)
        if query in ids:
            return [ids.index(query)]
        if query.isdigit() and 1 <= int(query) <= len(ids) and not query.startswith("0"):
            return [int(query) - 1]
        return [i for i, doc_id in enumerate(ids) if query and query in doc_id]

    # -- suggestions ----------------------------------------------------------------------

    def suggestions(self) -> list[Span]:
        """The open document's suggestions, in text order.

        Finding candidates reads the whole text; it is done once per document (and again
        after the gazetteer learns). Each change only resolves them against the spans and
        rejections, so a label key stays fast on a long article."""
        if self.suggester is None:
            return []
        session, state = self.session, self.session.state
        if self._candidates[0] != session.doc_id:
            self._candidates = (session.doc_id, self.suggester.candidates(session.text))
        if self._suggested[0] is not state:
            found = resolve(
                self._candidates[1],
                len(session.text),
                state.spans,
                [span.key() for span in state.rejected],
            )
            self._suggested = (state, found)
        return self._suggested[1]

    def learn(self, spans: list[Span]) -> None:
        """Accepted suggestions join the gazetteer, for this document and the next."""
        if self.suggester is None or not spans:
            return
        self.suggester.learn(spans)
        self._learned.setdefault(self.session.doc_id, set()).update(s.key() for s in spans)
        self._candidates = (None, [])
        self._suggested = (None, [])

    def _learn_what_was_labelled(self) -> None:
        """Spans labelled by hand join the gazetteer when their document is left: learning
        means finding candidates in the whole text again, too slow for every label key on a
        long article."""
        learned = self._learned.setdefault(self.session.doc_id, set())
        new = [s for s in self.session.spans if s.key() not in learned and not s.stale]
        if new and self.suggester is not None:
            self.suggester.learn(new)
            learned.update(s.key() for s in new)
            self._candidates = (None, [])

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> DocRecord:
        """Append the open document's state to the journal (on disk before this returns)."""
        self.session.tick(self.clock())
        record = self.session.record(self.annotator)
        self.journal.append(record)
        if self.on_saved is not None:
            self.on_saved(record)
        self._saved_seconds[record.id] = self.session.seconds
        # The place too, so that a crash (kill -9) reopens where the last change was made.
        self._remember()
        self._forget_what_was_removed()
        return record

    def _forget_what_was_removed(self) -> None:
        """Spans the gazetteer counted for this document that it no longer holds (an accepted
        suggestion undone, a span deleted or relabelled) are taken back out, so a wrong
        suggestion accepted by mistake and undone is not suggested again everywhere."""
        learned = self._learned.get(self.session.doc_id)
        if not learned or self.suggester is None:
            return
        gone = learned - {span.key() for span in self.session.spans}
        if not gone:
            return
        text = self.session.text
        self.suggester.unlearn((text[start:end], label) for start, end, label in gone)
        learned -= gone
        self._candidates = (None, [])
        self._suggested = (None, [])

    def close(self) -> None:
        self.session.pause(self.clock())
        if self.session.doc_id in self.records and self._unsaved_time():
            self.save()
        self._remember()
