"""A team project: a folder holding ``annotator.toml``, found as git finds a repository.

Every command run inside the folder (or below it), or given ``--project DIR``, works on the
project: its corpus, its annotations (``DIR/annotations/``, with the routing state
``annotator.team.files`` keeps beside the journals), its labels, its team. The folder also holds
the corpus fingerprint (``corpus-fingerprint.jsonl``).
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from annotator.problems import UserError, printable, show_path
from annotator.project.fingerprint import (
    FINGERPRINT_FILE,
    CorpusChange,
    append_documents,
    compare_ids,
    digests,
    read_fingerprint,
    same_ids,
)
from annotator.project.schema import (
    PROJECT_FILE,
    ProjectFile,
    SuggestSettings,
    read_project_file,
)
from annotator.store.journal import GOLD_NAME, check_name
from annotator.team.settings import RoutingSettings
from annotator.text.corpus import Corpus

ANNOTATIONS = "annotations"


def find_project(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards holding annotator.toml, or None."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None


@dataclass(frozen=True, slots=True)
class Project:
    root: Path
    settings: ProjectFile

    @property
    def file(self) -> Path:
        return self.settings.path

    @property
    def corpus(self) -> Path:
        return self.settings.corpus

    @property
    def annotations(self) -> Path:
        """Where every journal of the project lives (``NAME.jsonl``, ``gold.jsonl``), and the
        files backend's routing state."""
        return self.root / ANNOTATIONS

    @property
    def fingerprint(self) -> Path:
        return self.root / FINGERPRINT_FILE

    @property
    def labels(self) -> Path | None:
        return self.settings.labels

    @property
    def guidelines(self) -> Path | None:
        return self.settings.guidelines

    @property
    def suggest(self) -> SuggestSettings:
        return self.settings.suggest

    @property
    def routing(self) -> RoutingSettings:
        return self.settings.routing

    @property
    def store_url(self) -> str | None:
        return self.settings.store_url

    @property
    def annotators(self) -> tuple[str, ...]:
        return self.routing.annotators

    @property
    def leads(self) -> tuple[str, ...]:
        return self.routing.leads

    def is_lead(self, name: str) -> bool:
        return name in self.leads

    def member(self, name: str, option: str) -> str:
        """``name`` if it is in the team (an annotator or a lead), else UserError naming the
        team and where it is set."""
        check_name(name, option)
        if name in self.annotators or name in self.leads:
            return name
        raise UserError(
            f"{option} '{printable(name)}' is not in this project's team "
            f"(annotators: {', '.join(self.annotators)}; leads: {', '.join(self.leads) or 'none'})"
            f"; a lead adds people to team.annotators in {show_path(self.file)}"
        )

    def lead(self, name: str, option: str) -> str:
        """``name`` if they may review: a lead (anyone in the team when no lead is named)."""
        self.member(name, option)
        if self.leads and name not in self.leads:
            raise UserError(
                f"{option} '{printable(name)}' is not a lead of this project (leads: "
                f"{', '.join(self.leads)}); only a lead reviews and writes {GOLD_NAME}.jsonl"
            )
        return name

    def check_corpus(self, corpus: Corpus) -> CorpusChange:
        """How ``corpus`` differs from the one recorded at init (UserError when it is another
        corpus); documents added since are recorded, when this person may write the record."""
        if same_ids(self.fingerprint, corpus.ids):
            return CorpusChange()
        change = compare_ids(read_fingerprint(self.fingerprint), corpus.ids, corpus.path)
        if change.added:
            # Not writable here: said again next time; `annotator doctor` says why.
            with suppress(OSError):
                append_documents(self.fingerprint, digests(corpus, change.added), corpus.ids)
        return change


def open_project(root: Path) -> Project:
    """The project in ``root``; UserError if it has no annotator.toml or the file is bad."""
    root = Path(root)
    path = root / PROJECT_FILE
    if not path.is_file():
        raise UserError(
            f"{show_path(root)}: no {PROJECT_FILE} here; annotator init {show_path(root)} "
            "--corpus PATH makes a project"
        )
    return Project(root.resolve(), read_project_file(path))


def project_for(option: Path | None, start: Path) -> Project | None:
    """The project ``--project`` names, else the one ``start`` is in, else None."""
    if option is not None:
        return open_project(option)
    found = find_project(start)
    return open_project(found) if found is not None else None
