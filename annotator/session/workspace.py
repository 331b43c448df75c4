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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeGuard

import orjson

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import DONE_STATUSES, DocRecord, Span
from annotator.problems import Problem, UserError, first_few
from annotator.regular_files import read_regular
from annotator.session.child import CHILD_COMMAND, ChildFailed, call_in_child, packed
from annotator.session.editing import DocumentSession, now_iso
from annotator.store.drift import reconcile
from annotator.store.journal import GOLD_NAME, HeldJournal, Journal
from annotator.store.sharing import share_written
from annotator.suggest import Suggester, load_patterns
from annotator.suggest.builtin import RULES
from annotator.suggest.engine import resolve, rules_without
from annotator.suggest.gazetteer import gazetteer_from_journals
from annotator.suggest.model import Model
from annotator.text.corpus import Corpus

# Per-span drift messages shown in the notice; the rest are counted.
SHOWN_DRIFT_MESSAGES = 4
# A document up to this long has its suggestions found on the spot (at about 0.3 µs a
# character, within a frame); a longer one's are found in a child process (suggestion_job),
# the article shown and keys answered meanwhile.
INLINE_SUGGEST_CHARS = 50_000
# Journals up to this size (gold beside them included) are read before the first screen, as
# that takes a frame or two; a larger one is read by the app while it shows the first document.
READ_AT_ONCE_BYTES = 256_000


@dataclass(frozen=True, slots=True)
class SuggestionJob:
    """Finding one document's suggestion candidates in a child process. The call is packed
    when the job is made, so what the gazetteer learns later cannot change it half way."""

    doc_id: str
    generation: int
    call: bytes = field(repr=False)  # megabytes for a long article


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


def remembered_place(journal: Path, ids: Sequence[str]) -> tuple[int, tuple[int, int]] | None:
    """The document of ``ids`` open when the app was last closed (the resume file beside
    ``journal``) and the place in it (cursor, offset at the top of the screen): known before
    the journal is read."""
    # Left by a save that failed half way (a full disk, a kill): never the position.
    _forget(_resume_tmp(resume_path(journal)))
    try:
        saved = orjson.loads(read_regular(resume_path(journal)))
    except (OSError, orjson.JSONDecodeError):
        return None
    last = saved.get("last") if isinstance(saved, dict) else None
    if not isinstance(last, str) or last not in ids:
        return None
    cursor, top = saved.get("cursor"), saved.get("top")
    place = (cursor, top) if _offset(cursor) and _offset(top) else (0, 0)
    return list(ids).index(last), place


def save_resume(path: Path, place: Mapping[str, object]) -> str:
    """Write where someone is (``place``, as JSON) to ``path`` whole or not at all; returns
    why it could not be ("" when written): a lost place is said, never an error."""
    tmp = _resume_tmp(path)
    try:
        # Whatever a failed save left at the name goes first: written fresh, never into
        # an old file (or whatever else was put there).
        tmp.unlink(missing_ok=True)
        tmp.write_bytes(orjson.dumps(place))
        share_written(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        _forget(tmp)  # a full disk must not leave it behind
        return exc.strerror or "cannot write"
    return ""


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
        # The gazetteer's version: each time it learns or unlearns, candidates found before
        # are out of date. The open document's candidates: (document, version, spans).
        self._generation = 0
        self._candidates: tuple[str | None, int, list[Span]] = (None, -1, [])
        # Per document, the spans the gazetteer has (from the journals it was learned from,
        # or learned in this session), so none is learned twice.
        self._learned: dict[str, set[tuple[int, int, str]]] = {}
        # The candidates resolved against a state: (state, candidates, suggestions).
        self._suggested: tuple[object, object, list[Span]] = (None, None, [])
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
        """The document to open first and the place in it to return to: where the app was
        closed, else the document changed last."""
        remembered = remembered_place(self.journal.path, self.ids)
        if remembered is not None:
            return remembered
        known = set(self.ids)
        touched = [r for r in self.records.values() if r.id in known]
        if touched:
            return list(self.ids).index(max(touched, key=lambda r: r.updated_at).id), (0, 0)
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
        cursor, top = self.place
        place = {"last": self.session.doc_id, "cursor": cursor, "top": top}
        path = resume_path(self.journal.path)
        problem = save_resume(path, place)
        if problem:
            self.notices.append(f"{path}: cannot remember the open document: {problem}")

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
        """The open document's suggestions, in text order ([] while a long document's are
        first being found: see ``suggestion_job``).

        Finding candidates reads the whole text; it is done once per document (and again
        after the gazetteer learns). Each change only resolves them against the spans and
        rejections, so a label key stays fast on a long article. A long article's candidates
        are found in a child process; until they are found again after learning, the ones
        found before stand."""
        if self.suggester is None:
            return []
        session, state = self.session, self.session.state
        doc_id, generation, candidates = self._candidates
        if (doc_id, generation) != (session.doc_id, self._generation) and len(
            session.text
        ) <= INLINE_SUGGEST_CHARS:
            candidates = self.suggester.candidates(session.text)
            self._candidates = (session.doc_id, self._generation, candidates)
        elif doc_id != session.doc_id:
            return []
        resolved_for, resolved_from, found = self._suggested
        if resolved_for is not state or resolved_from is not candidates:
            rejected = [span.key() for span in state.rejected]
            found = resolve(candidates, len(session.text), state.spans, rejected, self.labels)
            self._suggested = (state, candidates, found)
        return found

    @property
    def suggestions_found(self) -> bool:
        """Whether the open document has its suggestions (up to date or not); False while a
        long document's are first being found."""
        self.suggestions()  # a short document's are found on the spot
        return self.suggester is None or self._candidates[0] == self.session.doc_id

    @property
    def suggestions_wanted(self) -> tuple[str, int] | None:
        """(document, gazetteer version) of the suggestions a child process should find for
        the open document (a long one, not found yet or found before the gazetteer last
        learned); None when they are up to date."""
        if self.suggester is None:
            return None
        self.suggestions()  # a short document's are found on the spot
        wanted = (self.session.doc_id, self._generation)
        return None if self._candidates[:2] == wanted else wanted

    def suggestion_job(self) -> SuggestionJob | None:
        """The finding of the suggestions ``suggestions_wanted`` names, packed for a child
        process; None when they are up to date."""
        wanted = self.suggestions_wanted
        if wanted is None or self.suggester is None:
            return None
        return SuggestionJob(*wanted, packed(self.suggester.candidates, self.session.text))

    def take_suggestions(self, job: SuggestionJob, candidates: list[Span]) -> bool:
        """The candidates ``job`` found; True when they are the open document's and newer
        than the ones it has (``suggestions()`` now resolves them)."""
        doc_id, generation, _ = self._candidates
        if job.doc_id != self.session.doc_id or (
            doc_id == job.doc_id and generation >= job.generation
        ):
            return False
        self._candidates = (job.doc_id, job.generation, candidates)
        return True

    def use_model(self, model: Model) -> None:
        """Suggest with ``model`` from now on (a new version of it replaces the old one)."""
        if self.suggester is not None:
            self.suggester.use(model)
            self._generation += 1

    def learn(self, spans: list[Span]) -> None:
        """Accepted suggestions join the gazetteer, for this document and the next."""
        if self.suggester is None or not spans:
            return
        self.suggester.learn(spans)
        self._learned.setdefault(self.session.doc_id, set()).update(s.key() for s in spans)
        self._generation += 1

    def _learn_what_was_labelled(self) -> None:
        """Spans labelled by hand join the gazetteer when their document is left: learning
        means finding candidates in the whole text again, too slow for every label key on a
        long article."""
        learned = self._learned.setdefault(self.session.doc_id, set())
        new = [s for s in self.session.spans if s.key() not in learned and not s.stale]
        if new and self.suggester is not None:
            self.suggester.learn(new)
            learned.update(s.key() for s in new)
            self._generation += 1

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
        self._generation += 1

    def close(self) -> None:
        self.session.pause(self.clock())
        if self.session.doc_id in self.records and self._unsaved_time():
            self.save()
        self._remember()


@dataclass
class Opening:
    """A workspace about to be made: the corpus open, the journal locked but not read (that
    and learning the gazetteer from it take seconds on a journal of 100,000 records, so the
    app may do it in a worker while it shows the first document)."""

    corpus: Corpus
    held: HeldJournal
    annotator: str
    labels: LabelSet
    clock: Callable[[], float]
    suggest: bool
    patterns: Sequence[Path]
    no_builtin: str
    # The child process that learns the gazetteer in finish_in_worker (another one in tests).
    child_command: Sequence[str] = CHILD_COMMAND
    # Said when the workspace opens, after its own notices.
    notices: list[str] = field(default_factory=list)
    # How sure each kind of source must be to offer a suggestion, and below which
    # confidence one is drawn dim ([suggest] in a project's file).
    thresholds: Mapping[str, float] = field(default_factory=dict)
    faint_below: float = 0.0

    def first_document(self) -> tuple[int, tuple[int, int]]:
        """The document the workspace will most likely open, and the place in it."""
        return remembered_place(self.held.path, self.corpus.ids) or (0, (0, 0))

    @property
    def reads_at_once(self) -> bool:
        """Whether the journals to read are small enough to read before the first screen (a
        frame or two): the annotator's, and gold beside it when the gazetteer learns."""
        read = learned_from(self.held.path) if self.suggest else [self.held.path]
        return sum(path.stat().st_size for path in read if path.is_file()) <= READ_AT_ONCE_BYTES

    def finish(self) -> tuple[Workspace, list[Problem]]:
        """Learn the gazetteer, read the journal, make the workspace; and the bad lines met
        learning. UserError if the journal cannot be read."""
        suggester, problems = (
            build_suggester(*self._suggester_settings) if self.suggest else (None, [])
        )
        return self._made(suggester), problems

    def finish_in_worker(
        self, cancelled: Callable[[], bool]
    ) -> tuple[Workspace, list[Problem]] | None:
        """``finish`` for an app's worker thread: the gazetteer is learned in a child process
        (seconds of Python that would hold the GIL and freeze the screen); None if
        ``cancelled()`` turns true first."""
        suggester: Suggester | None = None
        problems: list[Problem] = []
        if self.suggest:
            call = packed(build_suggester, *self._suggester_settings)
            try:
                built = call_in_child(call, cancelled, self.child_command)
            except ChildFailed as failure:
                raise UserError(f"cannot learn the suggestions' gazetteer: {failure}") from None
            if built is None:
                return None
            suggester, problems = built[0]
        if cancelled():
            return None
        workspace = self._made(suggester)
        # Found here, not at the first frame: the corpus-wide count of documents done, and the
        # open document's suggestions (their first use compiles the tokenizer's and the rules'
        # patterns). Left to the screen's first frame they kept a key pressed as the loading
        # screen gave way waiting 0.2 s.
        workspace.progress()
        workspace.suggestions()
        return workspace, problems

    @property
    def _suggester_settings(
        self,
    ) -> tuple[LabelSet, Path, Sequence[Path], str, Mapping[str, float], float]:
        return (
            self.labels,
            self.held.path,
            self.patterns,
            self.no_builtin,
            self.thresholds,
            self.faint_below,
        )

    def _made(self, suggester: Suggester | None) -> Workspace:
        journal = self.held.load()
        try:
            workspace = Workspace(
                self.corpus, journal, self.annotator, self.labels, self.clock, suggester
            )
            workspace.notices += self.notices
            return workspace
        except BaseException:
            journal.close()
            raise


def learned_from(journal: Path) -> list[Path]:
    """The journals the gazetteer learns from: the annotator's and gold beside it."""
    both = (journal, journal.with_name(f"{GOLD_NAME}.jsonl"))
    return [path for path in both if path.is_file()]


def journal_bytes(journal: Path) -> int:
    """The bytes read before the annotator can work: the journals the gazetteer learns from
    (the annotator's is read anyway)."""
    return sum(path.stat().st_size for path in learned_from(journal))


def build_suggester(
    labels: LabelSet,
    journal: Path,
    patterns: Sequence[Path],
    no_builtin: str,
    thresholds: Mapping[str, float] | None = None,
    faint_below: float = 0.0,
) -> tuple[Suggester, list[Problem]]:
    """The session's suggester and the bad journal lines met learning its gazetteer."""
    # A labels file without a rule's label turns that rule off rather than stopping the app.
    rules = [name for name in rules_without(no_builtin) if RULES[name].label in labels]
    loaded = load_patterns(list(patterns), labels)
    learned = [
        path for path in (journal, journal.with_name(f"{GOLD_NAME}.jsonl")) if path.is_file()
    ]
    gazetteer, problems = gazetteer_from_journals(learned)
    # The annotator's own journal's bad lines are reported when it is opened.
    problems = [p for p in problems if Path(p.path) != journal]
    return Suggester(loaded, rules, gazetteer, (), thresholds, faint_below), problems
