"""One writer per journal, across processes; other annotators never wait."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys

import pytest

from annotator.annotations.model import DocRecord
from annotator.problems import UserError
from annotator.store.journal import Journal, load_journal

HOLD = """
import sys
from annotator.store.journal import Journal
from annotator.annotations.model import DocRecord
journal = Journal.open(sys.argv[1])
journal.append(DocRecord(id="from-child", text="نص"))
print("holding", flush=True)
sys.stdin.readline()
"""


def hold(path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline() == "holding\n", proc.stderr.read()
    return proc


def test_a_second_process_is_refused_with_the_holders_pid_until_it_dies(tmp_path):
    path = tmp_path / "ali.jsonl"
    child = hold(path)
    try:
        message = f"ali.jsonl is in use by process {child.pid} (annotator on host "
        with pytest.raises(UserError, match=re.escape(message)) as refused:
            Journal.open(path)
        assert str(refused.value).endswith(f"{socket.gethostname()}); close it there first")
        # Another annotator on the same corpus is not held up.
        with Journal.open(tmp_path / "omar.jsonl") as other:
            other.append(DocRecord(id="from-parent", text="نص"))
        # Readers (review, export) never need the lock.
        assert list(load_journal(path).records) == ["from-child"]
    finally:
        child.kill()
        child.wait()
    # SIGKILL released it: no stale lock to clean up by hand.
    with Journal.open(path) as journal:
        assert list(journal.records) == ["from-child"]


def test_the_cli_in_another_process_is_refused_while_this_one_writes(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(DocRecord(id="a", text="نص"))
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "compact", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 2
    assert f"is in use by process {os.getpid()}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_symlink_and_its_target_are_one_journal_with_one_writer(tmp_path):
    target = tmp_path / "ali.jsonl"
    link = tmp_path / "shared.jsonl"
    link.symlink_to(target.name)
    child = hold(link)
    try:
        # Another process given the target: the lock is the file's, not the name's.
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "compact", str(target)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert f"ali.jsonl is in use by process {child.pid}" in result.stderr
        with pytest.raises(UserError, match=f"in use by process {child.pid}"):
            Journal.open(target)
    finally:
        child.kill()
        child.wait()
    with Journal.open(target) as journal:
        assert list(journal.records) == ["from-child"]
    assert link.is_symlink()  # the link still leads to the one journal


def test_two_links_to_one_journal_exclude_each_other(tmp_path):
    (tmp_path / "real").mkdir()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.symlink_to(tmp_path / "real" / "ali.jsonl")
    second.symlink_to(tmp_path / "real" / "ali.jsonl")
    child = hold(first)
    try:
        with pytest.raises(UserError, match=f"b.jsonl is in use by process {child.pid}"):
            Journal.open(second)
    finally:
        child.kill()
        child.wait()
