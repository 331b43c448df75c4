"""What of a local journal the server has not acknowledged yet.

The journal is the record of truth: the outbox is only a place in it (the byte after the last
line the server acknowledged) kept in ``.<name>.sync.json`` beside it, with this folder's
client id and the server's sequence when this folder last took changes from it. Losing or
corrupting the file costs a resend of the whole journal, which the server stores once (change
ids), never a change; so it is written in place, never fsync'd (``overwrite_quietly``).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from annotator.annotations.model import DocRecord, RecordError


@dataclass(slots=True)
class SyncState:
    client: str
    # Byte offset in the journal up to which the server has every line, and the file it was
    # taken in (st_dev, st_ino): `annotator compact` writes a new file, read from its start.
    offset: int = 0
    file: tuple[int, int] = (0, 0)
    # The server's last sequence number when this folder last took changes from it.
    seen: int = 0


def state_path(journal: Path) -> Path:
    return journal.with_name(f".{journal.stem}.sync.json")


def load_state(journal: Path) -> SyncState:
    try:
        saved = orjson.loads(state_path(journal).read_bytes())
        state = SyncState(
            client=str(saved["client"]),
            offset=int(saved["offset"]),
            file=(int(saved["file"][0]), int(saved["file"][1])),
            seen=int(saved["seen"]),
        )
    except (OSError, orjson.JSONDecodeError, KeyError, IndexError, TypeError, ValueError):
        return SyncState(client=secrets.token_hex(8))
    return state


def save_state(journal: Path, state: SyncState) -> None:
    saved = {"client": state.client, "offset": state.offset, "file": state.file, "seen": state.seen}
    overwrite_quietly(state_path(journal), orjson.dumps(saved))


def overwrite_quietly(path: Path, data: bytes) -> None:
    """``path`` holds ``data``, written over the file in place: for copies of what the server
    or the journal holds (never fsync'd, and a failure only costs the copy). Not replaced
    (renamed over) nor truncated to nothing: on ext4 either forces the file's data to disk at
    once (auto_da_alloc), measured at 3-12 ms a save with 8 annotators on one disk, more than
    the journal's own fsync. A write a crash tears reads as no copy."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    except OSError:
        return
    try:
        os.pwrite(fd, data, 0)
        os.ftruncate(fd, len(data))  # a longer copy's end (never to nothing: data is whole)
    except OSError:
        pass  # the next save mends it
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One journal line to send: the record without its text, and the text if it carried one."""

    end: int  # the byte after the line
    change: str
    doc_id: str
    record: dict[str, Any]
    text: str | None


def _start(journal: Path, state: SyncState) -> tuple[int, int, tuple[int, int]]:
    """(where to read from, the file's size, its identity); the start of a file that is not
    the one the offset was taken in, or that is shorter."""
    try:
        info = os.stat(journal)
    except FileNotFoundError:
        return 0, 0, (0, 0)
    identity = (info.st_dev, info.st_ino)
    offset = state.offset if identity == state.file and state.offset <= info.st_size else 0
    return offset, info.st_size, identity


def waiting(journal: Path, state: SyncState) -> int:
    """How many lines of the journal the server has not acknowledged."""
    offset, size, _ = _start(journal, state)
    if size <= offset:
        return 0
    with journal.open("rb") as f:
        f.seek(offset)
        return f.read(size - offset).count(b"\n")


def outgoing(journal: Path, state: SyncState) -> list[Outgoing]:
    """Every whole line after the acknowledged place, as it goes to the server. A line that is
    not a record (a torn write the journal sets aside) is passed over: it never reached a
    screen as saved. A v1 line (no change id) gets one from its bytes, the same every time."""
    offset, size, identity = _start(journal, state)
    if identity != state.file:
        state.file, state.offset = identity, 0
    found: list[Outgoing] = []
    if size <= offset:
        return found
    with journal.open("rb") as f:
        f.seek(offset)
        data = f.read(size - offset)
    at = offset
    for raw in data.splitlines(keepends=True):
        if not raw.endswith(b"\n"):
            break  # being written: taken next time
        at += len(raw)
        item = _line(raw, at, journal.stem)
        if item is not None:
            found.append(item)
    return found


def _line(raw: bytes, end: int, journal_name: str) -> Outgoing | None:
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(obj) is not dict or type(obj.get("id")) is not str or not obj["id"]:
        return None
    if "v" not in obj:  # v1: its text is on the line; sent as the v2 record it reads as
        try:
            record = DocRecord.from_json(obj)
        except RecordError:
            return None
        digest = hashlib.sha256(journal_name.encode() + b"\0" + raw).hexdigest()[:16]
        record.change = f"v1.{digest}"
        obj = record.to_json()
    change = obj.get("change")
    if type(change) is not str or not change:
        return None
    text = obj.pop("text", None)
    return Outgoing(end, change, obj["id"], obj, text if isinstance(text, str) else None)
