"""Only regular files are read or written: anything else a path can name is refused, never opened
in a way that could block.

A FIFO named ``x.txt`` blocks ``open()`` until a writer comes, and a read from it until the writer
closes; a socket cannot be opened at all; opening a device can have effects of its own; a
symlink loop fails with a message that names no kind. So a path is looked at with ``stat``
first (which never blocks), opened with ``O_NONBLOCK`` (in case it was swapped since), and its
descriptor checked with ``fstat`` before anything is read. What it is instead is said in words:
"a FIFO (named pipe)", "a socket", "a symlink loop", "a folder".
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

StrPath = str | os.PathLike[str]


class NotRegularFile(OSError):
    """The path names something other than a regular file; ``strerror`` says what, in words
    that fit after the path: ``x.txt: a FIFO (named pipe), not a regular file``."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a file that can be read"


def _refused(path: StrPath, mode: int) -> NotRegularFile:
    code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
    return NotRegularFile(code, f"{_kind(mode)}, not a regular file", os.fspath(path))


def _symlink_loop(path: StrPath) -> NotRegularFile:
    return NotRegularFile(
        errno.ELOOP, "a symlink loop (the link leads back to itself), not a file", os.fspath(path)
    )


def check_regular(path: StrPath) -> bool:
    """True when ``path`` is a regular file, False when nothing is there; NotRegularFile when
    it is something else (a symlink loop among them). Never blocks."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _symlink_loop(path) from None
        raise
    if not stat.S_ISREG(mode):
        raise _refused(path, mode)
    return True


def open_regular_fd(path: StrPath, flags: int = os.O_RDONLY, mode: int = 0o644) -> int:
    """A descriptor of the regular file ``path`` opened with ``flags`` (``O_CREAT`` creates
    it), or NotRegularFile/OSError. The descriptor blocks as usual once it is known to be a
    file."""
    if not check_regular(path) and not flags & os.O_CREAT:
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), os.fspath(path))
    try:
        fd = os.open(path, flags | os.O_NONBLOCK | os.O_CLOEXEC, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _symlink_loop(path) from None
        raise
    try:
        found = os.fstat(fd).st_mode
        if not stat.S_ISREG(found):
            raise _refused(path, found)  # swapped for something else since the stat above
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(path: StrPath) -> BinaryIO:
    """``open(path, "rb")`` for a regular file only (NotRegularFile otherwise)."""
    return os.fdopen(open_regular_fd(path), "rb")


def read_regular(path: StrPath) -> bytes:
    with open_regular(path) as f:
        return f.read()


def describe(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file or a folder ("a FIFO (named pipe), not a
    regular file"), or None."""
    try:
        check_regular(path)
    except NotRegularFile as exc:
        return None if exc.errno == errno.EISDIR else str(exc.strerror)
    except OSError:
        return None
    return None
