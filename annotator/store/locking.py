"""One writer per journal: an OS lock on ``<journal>.lock``, released when the process dies.

The lock belongs to the file, not to the name it was given: a journal reached through a symlink
is locked beside the file the link leads to, so a link and its target (or two links) still mean
one writer. ``FileLock.file`` is that file: the one the holder may write.

``flock`` locks belong to the open file, so a crashed or killed holder never leaves a stale lock
behind; the pid and host written into the lock file only serve the message a second process gets.
The lock file is never deleted: removing it while another process waits on it would let two
writers in.
"""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from annotator.problems import UserError, printable, show_path
from annotator.regular_files import open_regular_fd
from annotator.store.sharing import share_created


def lock_path(path: Path) -> Path:
    return Path(path).with_name(Path(path).name + ".lock")


class FileLock:
    def __init__(self, path: Path, file: Path, fd: int) -> None:
        self.path = path
        self.file = file
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, path: Path, *, wait: bool = False) -> FileLock:
        """Lock the file ``path`` leads to for writing, or raise UserError saying which
        process holds it; with ``wait``, wait until the holder lets it go."""
        file = Path(os.path.realpath(path))
        target = lock_path(file)
        try:
            created = not os.path.lexists(target)
            fd = open_regular_fd(target, os.O_RDWR | os.O_CREAT)
        except OSError as exc:
            raise UserError(
                f"{show_path(target)}: cannot create lock file: {exc.strerror}"
            ) from None
        try:
            if created:
                share_created(fd, target.parent)
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe_holder(fd)
            os.close(fd)
            raise UserError(
                f"{show_path(path)} is in use by {holder}; close it there first"
            ) from None
        except OSError as exc:
            os.close(fd)
            raise UserError(f"{show_path(target)}: cannot lock: {exc.strerror}") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
        except OSError:
            pass  # the lock holds without it; only the message to a second process is vaguer
        return cls(path, file, fd)

    def release(self) -> None:
        if self._fd is not None:
            # Closing drops the flock; the pid left behind is harmless (only read on contention).
            os.close(self._fd)
            self._fd = None


def _describe_holder(fd: int) -> str:
    try:
        pid, _, host = os.pread(fd, 256, 0).decode("utf-8", "replace").strip().partition(" ")
    except OSError:
        pid, host = "", ""
    if not pid.isdigit():
        return "another process"
    where = f"annotator on host {printable(host)}" if host else "annotator"
    return f"process {pid} ({where})"
