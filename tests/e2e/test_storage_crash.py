"""Crash safety under SIGKILL: acknowledged changes survive, compaction is all or nothing."""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
import time
from pathlib import Path

import orjson

from annotator.store.journal import load_journal, rejected_path

WORKER = Path(__file__).with_name("storage_crash_worker.py")
KILLS = 200
_spec = importlib.util.spec_from_file_location("storage_crash_worker", WORKER)
_worker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_worker)
change = _worker.change


def spawn(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return proc


def wait_ready(proc: subprocess.Popen) -> None:
    line = proc.stdout.readline()
    assert line == b"ready\n", line + proc.stderr.read()


def go(proc: subprocess.Popen, start: int = 0) -> None:
    proc.stdin.write(b"%d\n" % start)
    proc.stdin.flush()


def kill(proc: subprocess.Popen) -> bytes:
    """SIGKILL; returns what the worker printed before dying."""
    proc.kill()
    rest = proc.stdout.read()
    proc.wait()
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()
    return rest


def changes_on_disk(data: bytes) -> list[int]:
    return [orjson.loads(line)["change"] for line in data.split(b"\n") if line]


def test_sigkill_while_annotating_never_loses_an_acknowledged_change(tmp_path):
    rng = random.Random(5)
    path = tmp_path / "ali.jsonl"
    torn = b""  # an unterminated last line no writer has opened the journal to set aside yet
    set_aside: list[bytes] = []
    acknowledged = -1
    upcoming = spawn("write", str(path))
    for _ in range(KILLS):
        proc = upcoming
        wait_ready(proc)
        go(proc, acknowledged + 1)
        upcoming = spawn("write", str(path))
        for _ in range(rng.randint(0, 8)):
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            acknowledged = int(line)
        time.sleep(rng.random() * 0.004)
        acknowledged = max([acknowledged, *map(int, kill(proc).split())])

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
            assert orjson.dumps(change(acknowledged + 1).to_json()).startswith(torn)
        contents = load_journal(path)
        assert [p.line for p in contents.problems] == ([len(on_disk) + 1] if torn else [])
        for number in range(max(0, acknowledged - 6), acknowledged + 1):
            assert contents.records[f"doc{number % 7}"].extra["change"] == number

        if not torn and rng.random() < 0.25:
            # As a power cut would: part of the next line reached the disk, the rest did not.
            line = orjson.dumps(change(acknowledged + 1).to_json())
            torn = line[: rng.randint(1, len(line) - 1)]
            with open(path, "ab") as f:
                f.write(torn)
    kill(upcoming)
    rejected = rejected_path(path).read_bytes().split(b"\n")[:-1] if set_aside else []
    # A kill between copying a torn line out and cutting it off copies it twice: never zero times.
    assert [x for i, x in enumerate(rejected) if i == 0 or rejected[i - 1] != x] == set_aside
    assert len(changes_on_disk(path.read_bytes())) > KILLS  # work got done between kills


def test_sigkill_during_compaction_leaves_the_old_or_the_new_journal_whole(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "ali.jsonl"
    old = b"".join(orjson.dumps(change(n).to_json()) + b"\n" for n in range(600))
    path.write_bytes(old)
    expected = load_journal(path).records

    proc = spawn("compact", str(path))
    wait_ready(proc)
    started = time.perf_counter()
    go(proc)
    assert proc.stdout.readline() == b"done\n", proc.stderr.read()
    duration = time.perf_counter() - started
    kill(proc)
    new = path.read_bytes()
    assert new != old and load_journal(path).records == expected

    outcomes = {"old": 0, "new": 0}
    upcoming = spawn("compact", str(path))
    for _ in range(KILLS):
        path.write_bytes(old)
        proc = upcoming
        wait_ready(proc)
        upcoming = spawn("compact", str(path))
        go(proc)
        time.sleep(rng.random() * 2 * duration)
        kill(proc)
        now = path.read_bytes()
        assert now in (old, new)
        outcomes["old" if now == old else "new"] += 1
        contents = load_journal(path)
        assert contents.records == expected and contents.problems == []
    kill(upcoming)
    # The kills landed on both sides of the rename, so both outcomes were exercised.
    assert outcomes["old"] > 0 and outcomes["new"] > 0, outcomes
