"""One versioned model per project: ``<annotations>/models/<name>/v<N>/``, the newest complete
version named in the file ``current``, trained under a lock.

A version is trained into a hidden partial folder and renamed into place only when every file
is written and synced, then ``current`` is replaced atomically: a reader (the app, ``suggest
--model``) always loads a whole model, the one before or the new one, even while a training
runs or after one was killed. Only one training runs at a time per model (the lock file
``training.lock`` beside the versions): ``train_version`` (annotator train) refuses a second
with the holder's pid; ``train_after`` (the app, in the background) waits for the first to end
and takes the version it made rather than training the same thing again. The last
``KEEP`` versions stay, so a worse model can be rolled back by editing ``current``.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

from annotator.problems import UserError, show_path
from annotator.store.journal import fsync_dir
from annotator.store.locking import FileLock
from annotator.suggest.model import META_FILE, Example, Model, Progress, train

MODELS = "models"
DEFAULT_NAME = "crf"
CURRENT = "current"
KEEP = 3
_VERSION = re.compile(r"v(\d+)")


def model_folder(annotations_dir: Path, name: str = DEFAULT_NAME) -> Path:
    """Where the project's model ``name`` lives."""
    return Path(annotations_dir) / MODELS / name


def _versions(folder: Path) -> list[int]:
    if not folder.is_dir():
        return []
    found = (_VERSION.fullmatch(p.name) for p in folder.iterdir() if p.is_dir())
    return sorted(int(m.group(1)) for m in found if m)


def current_version(folder: Path) -> Path | None:
    """The folder of the version ``current`` names, or None when none was trained."""
    try:
        name = (folder / CURRENT).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{show_path(folder / CURRENT)}: cannot read: {exc}") from None
    if not _VERSION.fullmatch(name) or not (folder / name).is_dir():
        raise UserError(
            f"{show_path(folder / CURRENT)} names {name!r}, which is not a version in "
            f"{show_path(folder)}; write the name of one (v1, v2, ...) or train again"
        )
    return folder / name


def version_number(version: Path | None) -> int:
    """The number of a version folder (``v3``: 3); 0 for none."""
    return 0 if version is None else int(version.name[1:])


@contextmanager
def _training(folder: Path, *, wait: bool) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock.acquire(folder / "training", wait=wait)
    try:
        yield
    finally:
        lock.release()


def train_version(
    folder: Path, docs: Sequence[Example], progress: Progress | None = None
) -> tuple[Path, dict[str, Any]]:
    """Train the next version of the model in ``folder`` on ``docs`` and make it current;
    UserError when another training of it is running."""
    with _training(folder, wait=False):
        return _train_next(folder, docs, progress)


def train_after(
    folder: Path,
    seen: Path | None,
    docs: Callable[[], Sequence[Example]],
    progress: Progress | None = None,
) -> tuple[Path, dict[str, Any], bool]:
    """Train the next version of the model in ``folder`` on ``docs()``, unless a version newer
    than ``seen`` (the one the caller has) is current by the time no other training runs:
    that one is then the answer, not trained twice. (version folder, its meta, whether this
    call trained it)."""
    with _training(folder, wait=True):
        current = current_version(folder)
        if current is not None and version_number(current) > version_number(seen):
            meta = orjson.loads((current / META_FILE).read_bytes())
            return current, {**meta, "version": version_number(current)}, False
        return (*_train_next(folder, docs(), progress), True)


def _train_next(
    folder: Path, docs: Sequence[Example], progress: Progress | None
) -> tuple[Path, dict[str, Any]]:
    version = max(_versions(folder), default=0) + 1
    partial = folder / f".v{version}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    meta = train(docs, partial, progress)
    target = folder / f"v{version}"
    os.rename(partial, target)
    fsync_dir(folder)
    pointer = folder / f".{CURRENT}.partial"
    with open(pointer, "w", encoding="utf-8") as f:
        f.write(f"v{version}\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(pointer, folder / CURRENT)
    fsync_dir(folder)
    for old in _versions(folder)[:-KEEP]:
        shutil.rmtree(folder / f"v{old}", ignore_errors=True)
    return target, {**meta, "version": version}


def load_model(folder: Path) -> Model:
    """The current version of the model in ``folder`` (named after the folder), or UserError."""
    version = current_version(folder)
    if version is None:
        raise UserError(
            f"{show_path(folder)}: no trained model there; train one with annotator train"
        )
    return Model(version, folder.name)
