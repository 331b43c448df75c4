"""``annotator doctor``: what is wrong with a project, and what to run about it.

It looks at everything a team on one server can get wrong without noticing: the project file,
the corpus (missing, another one, texts changed since init), the folders' and files' modes and
groups (a journal anyone but its owner could overwrite), journals of people not in the team, and
journals owned by another Unix user than the one they are named after.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from annotator.problems import UserError, printable, show_path
from annotator.project.fingerprint import (
    FINGERPRINT_FILE,
    compare,
    drift_preview,
    read_fingerprint,
)
from annotator.project.permissions import (
    ANNOTATIONS_MODE,
    ROOT_MODE,
    Finding,
    file_finding,
    folder_finding,
    group_finding,
)
from annotator.project.project import ANNOTATIONS, Project, open_project
from annotator.project.schema import PROJECT_FILE
from annotator.store.journal import GOLD_NAME
from annotator.team.files import DATABASE
from annotator.text.corpus import open_corpus

# Journals no person writes by hand: gold (leads, through review) and the suggest command's.
_MACHINE_JOURNALS = (GOLD_NAME, "suggest")


def diagnose(root: Path) -> list[Finding]:
    """Every problem found in the project at ``root``; empty when all is well."""
    root = Path(root)
    findings: list[Finding] = []
    project: Project | None = None
    try:
        project = open_project(root)
    except UserError as exc:
        findings.append(Finding(str(exc), f"fix {PROJECT_FILE} as the message says"))
    findings += _modes(root)
    if project is not None:
        findings += _journals(project)
        findings += _corpus(project)
    return findings


def _modes(root: Path) -> Iterator[Finding]:
    folders = (
        (root, ROOT_MODE, "the lead writes it, the team's group reads it, set-group-ID"),
        (root / ANNOTATIONS, ANNOTATIONS_MODE, "the group makes journals, none removes another's"),
    )
    for path, mode, why in folders:
        finding = folder_finding(path, mode, why)
        if finding is not None:
            yield finding
    try:
        gid = os.stat(root).st_gid
    except OSError:
        return
    settings = root / PROJECT_FILE
    if found := file_finding(settings, group_writable=False):
        yield Finding(f"{found.what}: anyone in the group could change who leads", found.fix)
    inside = sorted((root / ANNOTATIONS).iterdir()) if (root / ANNOTATIONS).is_dir() else []
    # The routing state (and SQLite's -wal, -shm beside it) is the whole group's to write.
    routing = [p for p in inside if p.name.startswith(DATABASE)]
    owned = [p for p in inside if p not in routing]
    shared = [root / FINGERPRINT_FILE, *routing]
    for path in shared:
        if found := file_finding(path, group_writable=True):
            yield found
    for path in [root / ANNOTATIONS, settings, *shared, *owned]:
        if found := group_finding(path, gid):
            yield found
    for path in owned:
        if found := file_finding(path, group_writable=False):
            yield found


def _journals(project: Project) -> Iterator[Finding]:
    folder = project.annotations
    if not folder.is_dir():
        return
    team = (*project.annotators, *project.leads)
    for path in sorted(folder.glob("*.jsonl")):
        name = path.stem
        shown = show_path(path)
        if name not in team and name not in _MACHINE_JOURNALS:
            yield Finding(
                f"{shown}: '{printable(name)}' is not in the team",
                f"add them to team.annotators in {show_path(project.file)}, or move the file "
                "out of the project",
            )
        try:
            person = pwd.getpwnam(name)
            owner = os.lstat(path).st_uid
        except (KeyError, OSError):
            continue  # no Unix user of that name: names need not be logins
        if owner != person.pw_uid:
            yield Finding(
                f"{shown} belongs to Unix user {_user(owner)}, not to {printable(name)}",
                f"if {printable(name)} should write it, run: sudo chown {printable(name)} {shown}",
            )


def _user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _corpus(project: Project) -> Iterator[Finding]:
    try:
        recorded = read_fingerprint(project.fingerprint)
        corpus = open_corpus(project.corpus)
        change, _ = compare(recorded, corpus)
        change = replace(change, drift=drift_preview(project.annotations, corpus, change.changed))
    except UserError as exc:
        yield Finding(str(exc), "annotator init --update records the corpus once it is right")
        return
    notices = change.notices()
    if notices:
        for notice in notices:
            yield Finding(notice, "annotator init --update records the corpus as it is now")
