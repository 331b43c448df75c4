"""Who may read and write a file annotator creates in a folder a team shares.

A team on one server shares a project folder through a Unix group: ``annotator init`` marks its
folders set-group-ID, so everything created in them belongs to the team's group. That alone does
not stop one person overwriting another's journal: a umask of 002 (the default on systems with a
group per user) makes every new file group-writable. So a file created in a set-group-ID folder
is given its mode here, whatever the umask: a journal (and its lock, resume position, compacted
copy) readable by the group and writable only by its owner; shared state the whole team updates
(routing) writable by the group. Outside such a folder nothing changes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Owner reads and writes, the group reads, others nothing.
OWNED_MODE = 0o640
# The whole group reads and writes (routing state every annotator updates), others nothing.
GROUP_MODE = 0o660


def is_shared(folder: Path) -> bool:
    """Whether ``folder`` is set-group-ID, the mark of a folder a team shares."""
    try:
        return bool(os.stat(folder).st_mode & stat.S_ISGID)
    except OSError:
        return False


def share_created(fd: int, folder: Path, *, group_writable: bool = False) -> None:
    """Give a file just created in ``folder`` (open as ``fd``) the mode a shared folder asks:
    ``OWNED_MODE``, or ``GROUP_MODE`` with ``group_writable``. Nothing outside one."""
    if is_shared(folder):
        os.fchmod(fd, GROUP_MODE if group_writable else OWNED_MODE)


def share_written(path: Path) -> None:
    """``share_created`` for a file just written whole by path (a temporary file, renamed
    into place next)."""
    if is_shared(path.parent):
        os.chmod(path, OWNED_MODE)
