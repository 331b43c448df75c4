"""The adversarial suite: each attack from issue 14 run the way a user meets it, through the real
command line in its own process. A hang fails (every run has a timeout) and so does a traceback:
the user must get one message naming the file and what to do."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

# Long enough for a loaded 2-core machine; a hang on a FIFO never ends.
TIMEOUT = 60
ARTICLE = "قال مصدر إن القصف طال دير الزور.\n"


@dataclass(frozen=True)
class Ran:
    code: int
    out: str
    err: str

    @property
    def said(self) -> str:
        return self.out + self.err


Cli = Callable[..., Ran]


def run_cli(cwd: Path, *args: str) -> Ran:
    # pytest-xdist workers export a terminal size that Textual would take as the screen's.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    result = subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return Ran(result.returncode, result.stdout, result.stderr)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    """``annotator ARGS...`` run in ``tmp_path``."""

    def run(*args: str) -> Ran:
        return run_cli(tmp_path, *args)

    return run


@pytest.fixture
def article() -> str:
    return ARTICLE


def finish(work: Callable[[], object]) -> object:
    """What ``work()`` returns or raises, in this process; an AssertionError instead of a hang
    when it does not finish in time (the stuck thread is a daemon: it dies with the run)."""
    done: list[object] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            done.append(work())
        except BaseException as exc:  # raised again below, in the test's thread
            failed.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    assert not thread.is_alive(), "blocked: it waited on something that is not a regular file"
    if failed:
        raise failed[0]
    return done[0]


@pytest.fixture
def finishes() -> Callable[[Callable[[], object]], object]:
    """``finishes(work)``: ``work()``, failing instead of hanging (see ``finish``)."""
    return finish


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """``corpus/`` holding one good article, ``good.txt``."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    return folder
