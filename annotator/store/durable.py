"""Writing a whole file durably: the old content or the new, never a part, after any crash."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from annotator.store.journal import fsync_dir
from annotator.store.sharing import share_created


@contextmanager
def replacing(
    path: Path,
    *,
    mode: int = 0o644,
    group_writable: bool = False,
    temp: Path | None = None,
    buffering: int = -1,
) -> Iterator[BinaryIO]:
    """A file to write ``path``'s new content into: a fresh temporary file beside it, fsync'd,
    renamed over ``path`` and the folder fsync'd when the block ends. If the block raises
    (an ``OSError`` from a full disk, say), the temporary file is removed and ``path`` is as
    it was; the error goes on to the caller, who knows what to tell the user."""
    temp = temp or path.with_name(f".{path.name}.tmp")
    try:
        # Left over from a write that crashed: never renamed, so never the file itself.
        temp.unlink(missing_ok=True)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            share_created(fd, path.parent, group_writable=group_writable)
            with os.fdopen(fd, "wb", buffering=buffering, closefd=False) as out:
                yield out
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
        fsync_dir(path.parent)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
