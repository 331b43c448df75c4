"""A served app ends on its own when what it serves is gone: its stdin ending, or its parent
dying while something else still holds its stdin open. No browser needed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading

from annotator.serve.process import app_argv
from annotator.store.locking import FileLock
from tests.browser.conftest import alive

READY = b"__GANGLION__\n"


def _env(data) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(TEXTUAL_DRIVER="annotator.serve.driver:SessionDriver", XDG_DATA_HOME=str(data))
    return env


def test_the_app_quits_when_its_stdin_ends(tmp_path, wait_for):
    app = subprocess.Popen(
        app_argv("amal"),
        cwd=tmp_path,
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        assert app.stdout is not None and app.stdin is not None
        while (line := app.stdout.readline()) not in (READY, b""):
            pass
        assert line == READY
        # Read what it draws, so it never blocks writing; then close its stdin and only that.
        threading.Thread(target=app.stdout.read, daemon=True).start()
        app.stdin.close()
        assert app.wait(timeout=30) == 0
    finally:
        if app.poll() is None:
            os.killpg(app.pid, signal.SIGKILL)
    FileLock.acquire(tmp_path / "annotator" / "annotations" / "amal.jsonl").release()


# Starts the app as the server does (the same preexec), has `sleep` keep the app's stdin open,
# says both pids, and dies by SIGKILL: only the parent-death signal can end the app.
_LAUNCHER = textwrap.dedent(
    """
    import os, signal, subprocess, sys, time
    from annotator.serve.process import _die_with, app_argv
    out = open("app.out", "wb")
    app = subprocess.Popen(app_argv("amal"), stdin=subprocess.PIPE, stdout=out,
                           stderr=subprocess.DEVNULL, start_new_session=True,
                           preexec_fn=_die_with(os.getpid()))
    keeper = subprocess.Popen(["sleep", "600"], pass_fds=[app.stdin.fileno()],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    while b"__GANGLION__" not in open("app.out", "rb").read():
        time.sleep(0.05)
    print(app.pid, keeper.pid, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_the_app_ends_when_its_parent_dies_even_with_its_stdin_held_open(tmp_path, wait_for):
    launcher = subprocess.run(
        [sys.executable, "-c", _LAUNCHER],
        cwd=tmp_path,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert launcher.returncode == -signal.SIGKILL, launcher.stderr
    app, keeper = (int(pid) for pid in launcher.stdout.split())
    try:
        wait_for(lambda: not alive(app), "the app gone after its parent")
        assert alive(keeper), "its stdin was still open: the parent-death signal ended it"
    finally:
        for pid in (app, keeper):
            if alive(pid):
                os.killpg(pid, signal.SIGKILL)
    FileLock.acquire(tmp_path / "annotator" / "annotations" / "amal.jsonl").release()
