"""A call made in a child process returns what it returns in this one, or says why not."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from annotator.session.child import ChildFailed, call_in_child, packed
from annotator.store.paths import bundled_corpus
from annotator.suggest import Suggester
from annotator.suggest.gazetteer import Gazetteer

TEXT = (bundled_corpus() / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")


def never() -> bool:
    return False


def test_suggestion_candidates_found_in_a_child_are_those_found_here():
    gazetteer = Gazetteer()
    gazetteer.learn("قوات النظام", "ACTOR")  # what a session learned travels with the call
    suggester = Suggester(gazetteer=gazetteer)
    found = call_in_child(packed(suggester.candidates, TEXT), never)
    assert found is not None
    here = suggester.candidates(TEXT)
    assert found[0] == here
    assert any(span.source == "gazetteer" for span in here)


def test_a_call_that_raises_is_a_child_failure_naming_the_error():
    with pytest.raises(ChildFailed, match=r"^ValueError: invalid literal for int\(\)"):
        call_in_child(packed(int, "not a number"), never)


def test_a_child_that_dies_without_answering_is_a_failure():
    command = ("python3", "-c", "import sys; sys.stdin.buffer.read(); sys.exit(3)")
    with pytest.raises(ChildFailed, match=r"ended without a result \(exit code 3\)"):
        call_in_child(packed(len, "abc"), never, command)


def test_cancelling_stops_the_child_and_returns_nothing():
    started = time.monotonic()
    sleeping = packed(time.sleep, 600)
    assert call_in_child(sleeping, lambda: time.monotonic() - started > 0.2) is None


def test_a_child_whose_parent_is_killed_ends_too(tmp_path):
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(pid_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    child = int(pid_file.read_text())
    parent.kill()
    parent.wait()
    while _alive(child):
        assert time.monotonic() < deadline, "the child outlived its parent"
        time.sleep(0.05)


PARENT = """
import pathlib, sys, time
import annotator.session.child as child
real = child.subprocess.Popen

def noted(*args, **kwargs):
    process = real(*args, **kwargs)
    pathlib.Path(sys.argv[1]).write_text(str(process.pid))
    return process

child.subprocess.Popen = noted
child.call_in_child(child.packed(time.sleep, 600), lambda: False)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
