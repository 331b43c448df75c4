"""Crash safety under SIGKILL: acknowledged changes survive, compaction is all or nothing.

Each kill is a worker's own timer (storage_crash_worker.py says why that is a SIGKILL in all
but name), forked from one warm interpreter: 400 kills cost seconds, not minutes."""

from __future__ import annotations

import importlib.util
import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from annotator.store.journal import Journal, encode, load_journal, rejected_path

WORKER = Path(__file__).with_name("storage_crash_worker.py")
KILLS = 200
KILLED = -signal.SIGALRM  # the exit code of a worker its timer killed
_spec = importlib.util.spec_from_file_location("storage_crash_worker", WORKER)
assert _spec is not None and _spec.loader is not None
_worker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_worker)
change = _worker.change
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crash_worker")]  # one server


class Workers:
    """The warm server of storage_crash_worker.py: one worker forked per request."""

    def __init__(self) -> None:
        self.control, theirs = socket.socketpair()
        self.server = subprocess.Popen(
            [sys.executable, str(WORKER), "serve", str(theirs.fileno())], pass_fds=[theirs.fileno()]
        )
        theirs.close()
        self.replies = self.control.makefile("rb")

    def run(self, *request: object) -> tuple[bytes, int]:
        """What the worker for ``request`` reported before it ended, and its exit code."""
        read, write = os.pipe()
        socket.send_fds(self.control, [" ".join(map(str, request)).encode()], [write])
        os.close(write)
        with open(read, "rb") as reports:
            reported = reports.read()  # to the end: the worker is gone
        return reported, int(self.replies.readline())

    def close(self) -> None:
        self.replies.close()
        self.control.close()
        assert self.server.wait(timeout=30) == 0


@pytest.fixture(scope="module")
def workers() -> Iterator[Workers]:
    server = Workers()
    yield server
    server.close()


def seconds_per_append(folder: Path) -> float:
    """How long one change takes to append here, as the worker appends it."""
    with Journal.open(folder / "timing.jsonl") as journal:
        started = time.perf_counter()
        for number in range(20):
            journal.append(change(number), change=str(number))
        return (time.perf_counter() - started) / 20


def changes_on_disk(data: bytes) -> list[int]:
    return [int(orjson.loads(line)["change"]) for line in data.split(b"\n") if line]


def written(number: int) -> tuple[bytes, bytes]:
    """The line change ``number`` is written as: with its text, or without (when the latest
    line of its document that carries a text carries this one)."""
    return encode(change(number), with_text=True), encode(change(number), with_text=False)


def test_sigkill_while_annotating_never_loses_an_acknowledged_change(
    tmp_path: Path, workers: Workers
) -> None:
    rng = random.Random(5)
    path = tmp_path / "ali.jsonl"
    torn = b""  # an unterminated last line no writer has opened the journal to set aside yet
    set_aside: list[bytes] = []
    acknowledged = -1
    # Killed within three appends' time of its last acknowledged change: before, inside or
    # after a write. A fixed time would let a fast file system (tests/conftest.py puts
    # tmp_path in memory: a kill leaves the page cache, fsync plays no part) write hundreds.
    within = 3 * seconds_per_append(tmp_path)
    for _ in range(KILLS):
        acks, delay = rng.randint(0, 8), rng.random() * within
        reported, ended = workers.run("write", path, acknowledged + 1, acks, delay)
        assert ended == KILLED
        acknowledged = max([acknowledged, *map(int, reported.split())])

        data = path.read_bytes() if path.exists() else b""
        if torn and not data.endswith(torn):
            set_aside.append(torn)
        # A kill inside write() can leave part of the line in flight (the kernel stops a write
        # between pages when the process is killed).
        whole, _, torn = data.rpartition(b"\n")
        on_disk = changes_on_disk(whole)
        # Every change up to the last acknowledged one, in order; at most one more in flight.
        assert on_disk == list(range(len(on_disk)))
        assert acknowledged <= len(on_disk) - 1 <= acknowledged + 1
        acknowledged = len(on_disk) - 1
        if torn:
            assert any(line.startswith(torn) for line in written(acknowledged + 1))
        contents = load_journal(path)
        assert [p.line for p in contents.problems] == ([len(on_disk) + 1] if torn else [])
        for number in range(max(0, acknowledged - 6), acknowledged + 1):
            assert contents.records[f"doc{number % 7}"].change == str(number)

        if not torn and rng.random() < 0.25:
            # As a power cut would: part of the next line reached the disk, the rest did not.
            line = orjson.dumps(change(acknowledged + 1).to_json())
            torn = line[: rng.randint(1, len(line) - 1)]
            with open(path, "ab") as f:
                f.write(torn)
    rejected = rejected_path(path).read_bytes().split(b"\n")[:-1] if set_aside else []
    # A kill between copying a torn line out and cutting it off copies it twice: never zero times.
    assert [x for i, x in enumerate(rejected) if i == 0 or rejected[i - 1] != x] == set_aside
    assert len(changes_on_disk(path.read_bytes())) > KILLS  # work got done between kills


def test_sigkill_during_compaction_leaves_the_old_or_the_new_journal_whole(
    tmp_path: Path, workers: Workers
) -> None:
    rng = random.Random(7)
    path = tmp_path / "ali.jsonl"
    old = b"".join(orjson.dumps(change(n).to_json()) + b"\n" for n in range(600))
    path.write_bytes(old)
    expected = load_journal(path).records

    started = time.perf_counter()
    assert workers.run("compact", path) == (b"done\n", 0)
    duration = time.perf_counter() - started
    new = path.read_bytes()
    assert new != old and load_journal(path).records == expected

    outcomes = {"old": 0, "new": 0}
    for _ in range(KILLS):
        path.write_bytes(old)
        reported, ended = workers.run("compact", path, rng.random() * 2 * duration)
        assert (reported, ended) in ((b"", KILLED), (b"done\n", 0))
        now = path.read_bytes()
        assert now in (old, new)
        outcomes["old" if now == old else "new"] += 1
        contents = load_journal(path)
        assert contents.records == expected and contents.problems == []
    # The kills landed on both sides of the rename, so both outcomes were exercised.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes
