"""``annotator init``: make a project folder, or record how its corpus changed (``--update``).

Everything is checked before anything is written: the corpus opens, the labels load, the
settings pass the same strict reading every command gives annotator.toml. Only then are the
folders made (with the modes of ``annotator.project.permissions``), the fingerprint recorded and
annotator.toml written, last, so a folder without it is never taken for a project.
"""

from __future__ import annotations

import grp
import json
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.problems import UserError, show_path
from annotator.project.fingerprint import (
    FINGERPRINT_FILE,
    CorpusChange,
    compare,
    drift_preview,
    fingerprint_of,
    read_fingerprint,
    write_fingerprint,
)
from annotator.project.permissions import (
    ANNOTATIONS_MODE,
    FINGERPRINT_MODE,
    ROOT_MODE,
    SETTINGS_MODE,
)
from annotator.project.project import ANNOTATIONS, Project, open_project
from annotator.project.schema import PROJECT_FILE, parse_project_file
from annotator.store.journal import fsync_dir
from annotator.text.corpus import open_corpus


@dataclass(frozen=True, slots=True)
class Team:
    """Who is in the team and how documents are shared, as ``init``'s options give them."""

    annotators: Sequence[str]
    leads: Sequence[str] = ()
    overlap: str = "1"


def _toml_string(value: str) -> str:
    # A JSON string is a TOML basic string: the same escapes, \uXXXX for control characters.
    return json.dumps(value, ensure_ascii=False)


def _toml_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(map(_toml_string, values)) + "]"


def _overlap_value(overlap: str) -> str:
    if overlap == "all":
        return '"all"'
    try:
        float(overlap)
    except ValueError:
        raise UserError(
            f"--overlap {overlap!r}: give a whole number, all, or a fraction such as 1.2"
        ) from None
    return overlap


def _relative(path: Path, root: Path) -> str:
    return os.path.relpath(Path(path).resolve(), root.resolve())


def project_text(
    root: Path,
    corpus: Path,
    team: Team,
    labels: Path | None = None,
    guidelines: Path | None = None,
    store: str | None = None,
) -> str:
    """The annotator.toml ``init`` writes, with a comment on each setting."""
    lines = [
        "# An annotator team project (docs/team.md). Paths are relative to this folder.",
        f"corpus = {_toml_string(_relative(corpus, root))}",
    ]
    if labels is not None:
        lines.append(f"labels = {_toml_string(_relative(labels, root))}")
    if guidelines is not None:
        lines.append(f"guidelines = {_toml_string(_relative(guidelines, root))}")
    lines += [
        "",
        "[team]",
        f"annotators = {_toml_list(team.annotators)}",
        "# Leads may review, see everyone's progress and go to any document.",
        f"leads = {_toml_list(team.leads)}",
        '# Annotators per document: a whole number, "all", or a fraction such as 1.2',
        "# (a seeded 20% of documents go to a second annotator, to sample agreement).",
        f"overlap = {_overlap_value(team.overlap)}",
        "# A document nobody touches for this long goes back to be handed out again.",
        "lease_minutes = 30",
        '# "corpus" order, a seeded "shuffle", or "uncertain" (a model\'s order).',
        'order = "corpus"',
        "seed = 0",
        "",
        "[suggest]",
        "enabled = true",
        "patterns = []",
        "no_builtin = []",
        "# The learned model (annotations/models/), trained again in the background after",
        "# this many accepted documents (0: only by annotator train).",
        'model = "crf"',
        "retrain_every = 5",
        "# With overlap, the model you are suggested with learns only from your own journal",
        "# and gold, never from a colleague's labels on your documents.",
        "blind = true",
        "# Suggestions less sure than this are drawn dim.",
        "dim_below = 0.8",
        "[suggest.thresholds]",
        "# Below these (0 to 1) a source's suggestions are not offered.",
        "model = 0.5",
        "gazetteer = 0.5",
        "",
    ]
    if store is not None:
        lines += [
            "[store]",
            "# The team's PostgreSQL server (docs/team.md); never a password: libpq's ~/.pgpass.",
            f"url = {_toml_string(store)}",
            "",
        ]
    return "\n".join(lines)


def _check_places(root: Path, corpus: Path) -> None:
    """The corpus must not hold the project: its journals would be read as articles."""
    where = corpus.resolve()
    inside = root.resolve()
    if where.is_dir() and (where == inside or where in inside.parents):
        raise UserError(
            f"{show_path(corpus)} holds the project folder {show_path(root)}: its annotations "
            "would be read as articles; make the project beside the corpus or above it"
        )
    annotations = inside / ANNOTATIONS
    if where == annotations or annotations in where.parents:
        raise UserError(
            f"{show_path(corpus)} is inside the project's annotations folder; keep the corpus "
            f"elsewhere (e.g. {show_path(inside / 'corpus')})"
        )


def _gid(group: str | None) -> int:
    if group is None:
        return -1
    try:
        gid = grp.getgrnam(group).gr_gid
    except KeyError:
        raise UserError(
            f"--group {group!r}: no such group; a system administrator makes one "
            "(groupadd) and adds the team to it (usermod -aG)"
        ) from None
    if os.geteuid() != 0 and gid != os.getegid() and gid not in os.getgroups():
        raise UserError(
            f"--group {group}: you are not in that group (id -Gn lists yours; after "
            "usermod -aG, log in again)"
        )
    return gid


def create_project(
    root: Path,
    corpus: Path,
    team: Team,
    *,
    labels: Path | None = None,
    guidelines: Path | None = None,
    group: str | None = None,
    store: str | None = None,
) -> Project:
    """Make the project in ``root`` (made if missing); UserError and nothing written when any
    of it is wrong."""
    root = Path(root)
    settings = root / PROJECT_FILE
    if settings.exists():
        raise UserError(
            f"{show_path(settings)} already exists; annotator init --update records how the "
            "corpus changed, and the file itself is edited by hand"
        )
    if root.exists() and not root.is_dir():
        raise UserError(f"{show_path(root)}: not a folder; give a folder for the project")
    gid = _gid(group)
    opened = open_corpus(corpus)
    _check_places(root, corpus)
    if labels is not None:
        load_labels(labels)
    text = project_text(root, corpus, team, labels, guidelines, store)
    try:
        parse_project_file(text, settings)
    except UserError as exc:
        raise UserError(f"{exc}\n(from the options given to init; nothing written)") from None
    fingerprint = fingerprint_of(opened)
    created = not root.exists()
    try:
        root.mkdir(parents=True, exist_ok=True)
        _share(root, ROOT_MODE if created else stat.S_IMODE(os.stat(root).st_mode) | 0o2000, gid)
        (root / ANNOTATIONS).mkdir(exist_ok=True)
        _share(root / ANNOTATIONS, ANNOTATIONS_MODE, gid)
        project_fingerprint = root / FINGERPRINT_FILE
        write_fingerprint(project_fingerprint, fingerprint)
        _share(project_fingerprint, FINGERPRINT_MODE, gid)
        fd = os.open(settings, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SETTINGS_MODE)
        try:
            os.write(fd, text.encode())
            os.fsync(fd)
        finally:
            os.close(fd)
        _share(settings, SETTINGS_MODE, gid)
        fsync_dir(root)
    except OSError as exc:
        where = show_path(Path(exc.filename)) if exc.filename else show_path(root)
        raise UserError(f"{where}: {exc.strerror}") from None
    return open_project(root)


def _share(path: Path, mode: int, gid: int) -> None:
    """Set ``path``'s mode (whatever the umask was) and, with ``--group``, its group."""
    if gid >= 0:
        os.chown(path, -1, gid)
    os.chmod(path, mode)


def update_project(project: Project) -> CorpusChange:
    """Record the corpus as it is now; what changed since it was last recorded (UserError,
    nothing written, when it is another corpus)."""
    corpus = open_corpus(project.corpus)
    change, now = compare(read_fingerprint(project.fingerprint), corpus)
    if change.added or change.removed or change.changed:
        write_fingerprint(project.fingerprint, now)
    drift = drift_preview(project.annotations, corpus, change.changed)
    return replace(change, drift=drift)
