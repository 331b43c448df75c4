"""Who may do what in a project folder on a shared server, as Unix modes.

Every person is a Unix user and the team shares a group. ``annotator init`` sets the modes below;
``annotator doctor`` checks them (``mode_findings``). Folders are set-group-ID so whatever is
created in them belongs to the team's group; files created there get their mode from
``annotator.store.sharing`` whatever the creator's umask.

- the project folder: the lead writes it, the group reads it (nobody else can swap
  annotator.toml under the team);
- ``annotations/``: everyone in the group creates their own journal there; the sticky bit
  (as on /tmp) keeps anyone from deleting or renaming another's; each journal is writable by
  its owner only and readable by the group (the lead reviews them); the routing state there
  (``annotator.team.files``) is written by the whole group;
- ``corpus-fingerprint.jsonl``: the group appends documents that join the corpus.
"""

from __future__ import annotations

import grp
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from annotator.problems import show_path
from annotator.store.sharing import GROUP_MODE, OWNED_MODE

ROOT_MODE = 0o2750
ANNOTATIONS_MODE = 0o3770
SETTINGS_MODE = 0o640  # annotator.toml: the lead edits it, the group reads it
FINGERPRINT_MODE = GROUP_MODE


def _octal(mode: int) -> str:
    return f"{stat.S_IMODE(mode):04o}"


@dataclass(frozen=True, slots=True)
class Finding:
    """Something wrong, and what to do about it."""

    what: str
    fix: str

    def __str__(self) -> str:
        return f"{self.what}; {self.fix}"


def folder_finding(path: Path, wanted: int, why: str) -> Finding | None:
    """A folder without every bit of ``wanted`` (or writable by others): what to run."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return Finding(
            f"{show_path(path)}: missing",
            f"run: mkdir {show_path(path)} && chmod {wanted:04o} {show_path(path)}",
        )
    except OSError as exc:
        return Finding(f"{show_path(path)}: cannot be read ({exc.strerror})", "check its owner")
    missing = wanted & ~stat.S_IMODE(mode)
    if not missing and not mode & stat.S_IWOTH:
        return None
    return Finding(
        f"{show_path(path)}: mode {_octal(mode)}, not {wanted:04o} ({why})",
        f"run: chmod {wanted:04o} {show_path(path)}",
    )


def file_finding(path: Path, *, group_writable: bool) -> Finding | None:
    """A file someone other than its owner may write (or, ``group_writable``, that the group
    cannot write): what to run."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if not stat.S_ISREG(mode):
        return Finding(f"{show_path(path)}: not a regular file", "move it out of the project")
    wanted = GROUP_MODE if group_writable else OWNED_MODE
    if group_writable:
        wrong = not mode & stat.S_IWGRP or mode & stat.S_IWOTH
        why = "the whole team writes it"
    else:
        wrong = mode & (stat.S_IWGRP | stat.S_IWOTH)
        why = "anyone but its owner could overwrite it"
    if not wrong:
        return None
    return Finding(
        f"{show_path(path)}: mode {_octal(mode)} ({why})",
        f"run: chmod {wanted:03o} {show_path(path)}",
    )


def group_finding(path: Path, gid: int) -> Finding | None:
    """A path whose group is not the project's (``gid``)."""
    try:
        found = os.lstat(path).st_gid
    except OSError:
        return None
    if found == gid:
        return None
    return Finding(
        f"{show_path(path)}: group {_group_name(found)}, not the project's {_group_name(gid)}",
        f"run: chgrp {_group_name(gid)} {show_path(path)}",
    )


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)
