"""Writing a folder export (brat, hf) so that the folder a user opens is always one whole
export, never two mixed, and any number of documents fits under a low open-file limit.

The files go into a fresh hidden folder beside the target, ``.NAME.export-XXXXXXXX``, one
file open at a time (a format's chunks for one name may come apart: the file is reopened to
append). When every file is on disk, ``NAME`` becomes a symbolic link to the new folder by a
rename over the old link, which is atomic: a kill at any moment leaves ``NAME`` showing the
previous export or the new one, whole. A rename cannot replace a folder, so a ``NAME`` that
is still a real folder (written by an older annotator) is first moved aside; only between
those two renames is ``NAME`` missing. Folders and links a killed export left behind are
removed by the next export to the same place.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.problems import UserError, show_path

_EXPORT = ".export-"
_LINK = ".link-"


def _staged(out: Path, kind: str) -> str:
    return f".{out.name}{kind}"


def write_folder(chunks: Iterator[tuple[str, bytes]], out: Path) -> list[Path]:
    """Write the chunks ``(file name, bytes)`` as the folder ``out``; ``[out]``, what was
    written (its files are named through the link, never by the hidden folder behind it)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    fresh = out.with_name(_staged(out, _EXPORT) + secrets.token_hex(4))
    fresh.mkdir()
    try:
        _write_files(chunks, fresh)
        _sync(fresh)
        _make_current(out, fresh)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        where = Path(exc.filename) if exc.filename else out
        if where.parent == fresh:  # a file being written: name it as the user will see it
            where = out / where.name
        raise UserError(f"{show_path(where)}: cannot write: {exc.strerror}") from None
    except BaseException:  # a refused label, Ctrl+C: no half export is left behind
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return [out]


def _write_files(chunks: Iterator[tuple[str, bytes]], folder: Path) -> None:
    seen: set[str] = set()
    handle: BinaryIO | None = None
    current = None
    try:
        for name, data in chunks:
            if name != current:
                if handle is not None:
                    _close(handle)
                    handle = None
                # Exclusive on first use: two names must never land in one file.
                handle = open(folder / name, "ab" if name in seen else "xb")  # noqa: SIM115
                seen.add(name)
                current = name
            assert handle is not None  # opened above for the first chunk
            handle.write(data)
        if handle is not None:
            _close(handle)
            handle = None
    finally:
        if handle is not None:
            handle.close()


def _close(handle: BinaryIO) -> None:
    handle.flush()
    os.fsync(handle.fileno())
    handle.close()


def _sync(folder: Path) -> None:
    """Make the folder's entries durable (its files are already)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_current(out: Path, fresh: Path) -> None:
    link = out.with_name(_staged(out, _LINK) + secrets.token_hex(4))
    os.symlink(fresh.name, link)  # relative: the export can be moved with its folder
    if out.is_dir() and not out.is_symlink():
        os.rename(out, out.with_name(_staged(out, _EXPORT) + "older-" + secrets.token_hex(4)))
    os.replace(link, out)
    _sync(out.parent)
    remove_leftovers(out)  # the previous export among them


def remove_leftovers(out: Path) -> None:
    """Remove what earlier exports to ``out`` left beside it: folders that are not the one
    ``out`` shows, and links never renamed into place."""
    current = os.readlink(out) if out.is_symlink() else None
    prefixes = (_staged(out, _EXPORT), _staged(out, _LINK))
    for path in out.parent.iterdir():
        if not path.name.startswith(prefixes) or path.name == current:
            continue
        if path.is_symlink() or not path.is_dir():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
