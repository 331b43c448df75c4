"""The model in the app's loop: which model an annotator is suggested with, what it learns
from, and training it again in the background as documents are accepted.

``Learner`` says where the model lives and what it learns from; it is picklable, so the
training runs in a child process (``retrain``, through ``session.child``) at the lowest CPU
priority, and a key is never kept waiting by it. ``Learning`` is the app's side: the version
in use, the documents accepted since it was trained, whether a training runs, and the line
the status bar shows.

Blind by default: in a project where documents go to more than one annotator, the model an
annotator is suggested with is their own (``<model>-<annotator>``), trained on their journal
and on gold, never on gold of a document they still have to finish: a colleague's labels on
the same document would leak into their suggestions and inflate agreement. ``blind = false``
in ``[suggest]`` gives the whole team one model, trained on every journal.

After a training in a project whose ``order`` is ``"uncertain"``, every document nobody has
finished is given its uncertainty under the new model as its routing priority
(``TeamStore.set_priority``), so the least sure are handed out first.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.annotations.model import DocRecord
from annotator.problems import Problem, printable
from annotator.project.project import Project
from annotator.session.child import CHILD_NICENESS, packed
from annotator.session.team import open_team
from annotator.store.journal import GOLD_NAME, journal_path, load_journal, require_journal
from annotator.suggest.model import Example, Model, examples
from annotator.suggest.model_store import (
    DEFAULT_NAME,
    current_version,
    model_folder,
    train_after,
    version_number,
)
from annotator.team.store import TeamStore
from annotator.text.corpus import open_corpus

# The training child runs at the lowest priority there is: the screen and the other
# annotators' processes come first on two cores.
LOWEST_NICENESS = 19


def latest_records(paths: Iterable[Path]) -> tuple[dict[str, DocRecord], list[Problem]]:
    """The latest record of each document over the journals ``paths`` (an accepted one over
    one that is not; gold.jsonl's over an annotator's), and the bad lines met."""
    records: dict[str, DocRecord] = {}
    problems: list[Problem] = []
    for path in sorted(paths, key=lambda p: p.name == f"{GOLD_NAME}.jsonl"):
        require_journal(path, "a model learns from annotation journals")
        contents = load_journal(path)
        problems += contents.problems
        for doc_id, record in contents.records.items():
            if record.status == "accepted" or doc_id not in records:
                records[doc_id] = record
    return records, problems


@dataclass(frozen=True, slots=True)
class Learner:
    """Where ``annotator``'s model lives and what it learns from. ``retrain_every``: accepted
    documents between two trainings in the app (0: the app never trains). ``blind``: learn
    only from the annotator's own journal and gold (see the module's docstring)."""

    annotations: Path
    annotator: str
    model: str = DEFAULT_NAME
    retrain_every: int = 0
    blind: bool = False
    project: Project | None = None

    @classmethod
    def for_project(cls, project: Project, annotator: str) -> Learner:
        settings = project.suggest
        overlap = project.routing.overlap
        return cls(
            project.annotations,
            annotator,
            settings.model,
            settings.retrain_every,
            # With one annotator per document there is no colleague's label to leak.
            blind=settings.blind and overlap != 1,
            project=project,
        )

    @property
    def name(self) -> str:
        """The model's name: its suggestions' source is ``model:<name>``."""
        return f"{self.model}-{self.annotator}" if self.blind else self.model

    @property
    def folder(self) -> Path:
        return model_folder(self.annotations, self.name)

    def journals(self) -> list[Path]:
        """The journals it learns from."""
        if self.blind:
            found = [journal_path(self.annotations, self.annotator)]
            found.append(journal_path(self.annotations, GOLD_NAME))
        else:
            found = sorted(self.annotations.glob("*.jsonl"))
        return [path for path in found if path.is_file()]

    def records(self) -> dict[str, DocRecord]:
        """The latest record of each document it learns from (bad lines are skipped: the
        app reports them when it reads the journal)."""
        if not self.blind:
            return latest_records(self.journals())[0]
        own = load_journal(journal_path(self.annotations, self.annotator)).records
        gold = load_journal(journal_path(self.annotations, GOLD_NAME)).records
        unfinished = {d for d in self._routed() if d not in own or own[d].status != "accepted"}
        unfinished |= {d for d, record in own.items() if record.status != "accepted"}
        records = dict(own)
        for doc_id, record in gold.items():
            if doc_id not in unfinished:
                records[doc_id] = record
        return records

    def _routed(self) -> frozenset[str]:
        """The documents routed to the annotator (held, lapsed or done)."""
        if self.project is None:
            return frozenset()
        team = open_team(self.project)
        try:
            return team.routed_to(self.annotator)
        finally:
            team.close()

    def examples(self) -> list[Example]:
        return examples(self.records().values())


@dataclass(frozen=True, slots=True)
class Trained:
    """What a training in the background made: the version now current and its meta,
    whether this training made it (False: another process was training the same model, and
    its version was taken), and how many documents were given an uncertainty priority."""

    version: Path
    meta: Mapping[str, Any]
    trained: bool
    ranked: int = 0


def retrain(learner: Learner, seen: Path | None) -> Trained:
    """Train ``learner``'s model again (the child process's call): the next version unless
    another process made one newer than ``seen`` meanwhile; then rank the project's
    unfinished documents by the model's uncertainty when its order asks for it."""
    with contextlib.suppress(OSError):  # a niceness already at the lowest stays there
        os.nice(LOWEST_NICENESS - CHILD_NICENESS)
    version, meta, trained = train_after(learner.folder, seen, learner.examples)
    project = learner.project
    ranked = 0
    if project is not None and project.routing.order == "uncertain":
        ranked = rank_project(project, Model(version, learner.name))
    return Trained(version, meta, trained, ranked)


def rank_project(project: Project, model: Model) -> int:
    """``rank_by_uncertainty`` on ``project``'s team store (opened and closed here)."""
    team = open_team(project)
    try:
        return rank_by_uncertainty(team, model, project.corpus)
    finally:
        team.close()


def rank_by_uncertainty(team: TeamStore, model: Model, corpus: Path) -> int:
    """Give each routed document nobody has finished its uncertainty under ``model`` as its
    priority (``order = "uncertain"`` hands out the least sure first); how many were."""
    texts = open_corpus(corpus)
    priorities = {
        doc_id: model.uncertainty(texts.text(doc_id))
        for doc_id in team.documents()
        if doc_id in texts and all(work.state != "done" for work in team.work(doc_id))
    }
    team.set_priority(priorities)
    return len(priorities)


@dataclass
class Learning:
    """The app's side of the loop (its methods run on the app's thread, but ``load``)."""

    learner: Learner
    # The version of the model suggestions come from now (None before one is loaded).
    version: Path | None = None
    # Documents accepted since the last training began.
    accepted: set[str] = field(default_factory=set)
    training: bool = False
    # What the status line says of the model.
    line: str = ""

    def load(self) -> Model | None:
        """The model's current version, if one was trained (for a worker thread: it reads
        files). UserError if it cannot be read."""
        version = current_version(self.learner.folder)
        return None if version is None else Model(version, self.learner.name)

    def loaded(self, model: Model) -> None:
        self.version = model.folder
        self.line = self._in_use()

    def _in_use(self) -> str:
        if self.version is None:
            return ""
        return f"model {printable(self.learner.name)} v{version_number(self.version)}"

    def saved(self, record: DocRecord) -> bool:
        """``record`` is on disk; whether a training should start now."""
        if record.status == "accepted":
            self.accepted.add(record.id)
        every = self.learner.retrain_every
        return every > 0 and len(self.accepted) >= every and not self.training

    def job(self) -> bytes:
        """The training to run now, packed for a child process."""
        self.training = True
        self.accepted.clear()
        self.line = f"training {printable(self.learner.name)}…"
        return packed(retrain, self.learner, self.version)

    def finished(self, trained: Trained) -> str:
        """The training ended with ``trained`` (its model is loaded next); what to tell the
        annotator."""
        self.training = False
        meta = trained.meta
        name, number = printable(self.learner.name), version_number(trained.version)
        how = "trained" if trained.trained else "trained by another process"
        said = f"Model {name} v{number} {how} on {meta.get('documents', 0):,} documents"
        if trained.ranked:
            said += f"; {trained.ranked:,} documents ranked by its uncertainty"
        return said + ": its suggestions are in use."

    def failed(self, reason: str) -> str:
        self.training = False
        self.line = self._in_use()
        return f"The model was not trained: {reason.removeprefix('UserError: ')}"
