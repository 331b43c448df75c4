"""Fixtures every layer of the suite shares."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, settings

# Property tests make no claim about time: no per-example deadline, and a strategy slow to
# draw on a busy machine (four workers on two cores, colleagues' runs) is no failure. Both were
# timing assertions in disguise: a test that drew its spans in 1 s failed once under load.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

# A private PostgreSQL cluster for the tests that need one (tests/pg_cluster.py).
pytest_plugins = ["tests.pg_cluster"]

# Compile the package and rewrite the tests' asserts once, not again in every xdist worker of
# every run: that is 3-4 s of CPU per worker. PYTHONDONTWRITEBYTECODE (set in some shells and
# CI images) would forbid the cache; for the test run it is overruled. The caches are the
# git-ignored __pycache__ folders beside the sources.
sys.dont_write_bytecode = False

# Temporary folders (pytest's tmp_path, tempfile's, and those of the programs the tests start)
# in memory when the machine has a tmpfs and nobody chose TMPDIR. The code fsyncs every change;
# on a disk each fsync is a millisecond or more of waiting, which made half the wall time of
# the storage tests. No test can tell whether fsync reached the disk (that takes a power
# cut), and a killed process leaves the page cache behind, so no claim is weakened.
_MEMORY = Path("/dev/shm")
if "TMPDIR" not in os.environ and _MEMORY.is_dir() and os.access(_MEMORY, os.W_OK | os.X_OK):
    os.environ["TMPDIR"] = str(_MEMORY)
    tempfile.tempdir = str(_MEMORY)

T = TypeVar("T")
POLL = 0.05  # seconds between two looks: short against the deadlines, long against a busy loop


def wait_until(
    condition: Callable[[], T], what: str | Callable[[], str], seconds: float = 30.0
) -> T:
    """``condition()`` once it is truthy, looking again every POLL seconds; a timeout names
    what was awaited (``what()`` if it is a function: say, the screen seen last). The deadline
    is generous because the machine may be loaded: a condition met early returns at once, so
    only a failing test pays for it."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            described = what() if callable(what) else what
            raise AssertionError(f"timed out after {seconds:g} s waiting for {described}")
        time.sleep(POLL)


@pytest.fixture
def wait_for() -> Callable[..., object]:
    """``wait_for(condition, what, seconds=30.0)``: wait for a condition, never for a time."""
    return wait_until


# --- where the bundled sample's annotations go (annotator.store.paths.user_data_dir) ---
@pytest.fixture(autouse=True)
def user_data_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own user data folder: nothing a test does reaches the real
    ~/.local/share/annotator, and no test sees another's journals there."""
    home = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` (``make test``): two workers per core, at most four more than the cores.
    A worker is idle for much of a UI or tmux test (Pilot waits for the app to go quiet after
    each key, 20 ms at a time; tmux tests wait on other processes): measured per test from the
    scheduler's own counts, a UI test's worker slept 10 s for each 12 s of CPU, a tmux test's
    almost all the time. One worker per core would leave the cores idle that long."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(2 * (cores or 1), (cores or 1) + 4)
