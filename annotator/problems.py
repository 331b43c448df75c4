"""Every message a user reads about bad input: where it is and what to do, never a traceback.

Text quoted from a file (names, ids, labels, paths) passes through ``printable`` first, so it can
never move the cursor, recolour or reorder the terminal.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import orjson

T = TypeVar("T")
_JSON_WHERE = re.compile(r": line \d+ column (\d+) \(char \d+\)$")


class UserError(Exception):
    """A problem the user can fix: the message names the file, line or byte and what to do."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad input, reported with where it is and what to do; never a traceback."""

    path: str
    message: str
    line: int | None = None
    byte: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.byte is not None:
            parts.append(f"byte {self.byte}")
        parts.append(self.message)
        return ": ".join(parts)


def printable(text: str) -> str:
    """``text`` safe to print in a message: control and invisible characters escaped as repr
    does, so a file name can never move the cursor, recolour or reorder the terminal."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def show_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    path = Path(path)
    # The last part is not followed: a link is named as itself (``loop -> .`` is not its
    # folder), and a symlink loop, which cannot be resolved, is still shown.
    whole = path.name in ("", "..")
    try:
        where = Path(os.path.realpath(path if whole else path.parent))
        shown = str((where if whole else where / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        shown = str(path)
    return printable(shown)


def json_error(exc: orjson.JSONDecodeError) -> str:
    """orjson's reason, placed by column: its "line 1" would contradict the file's line number."""
    return _JSON_WHERE.sub(lambda m: f" at column {m.group(1)}", str(exc))


def first_few(
    items: Sequence[T], shown: int, say: Callable[[T], str] = str, rest: str = ""
) -> list[str]:
    """The first ``shown`` of ``items`` as ``say`` words each, then ``… and N more`` (``rest``
    after it says where the others are) when some are left out: a message stays readable
    however many there are, and only what is shown is worded."""
    kept = [say(item) for item in items[:shown]]
    if len(items) > shown:
        kept.append(f"… and {len(items) - shown} more{rest}")
    return kept
