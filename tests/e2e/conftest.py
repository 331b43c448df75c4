"""A private tmux server for the end-to-end tests that type at the real command."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from itertools import count

import pytest

_servers = count()


class Tmux:
    """tmux commands on a server of the test's own: they never touch the user's sessions, and
    no other server (or its absence) can break them."""

    def __init__(self) -> None:
        self.socket = f"annotator-test-{os.getpid()}-{next(_servers)}"
        # pytest-xdist workers export COLUMNS and LINES, which Textual would take over the pane
        # size; the server passes its environment on to the commands it starts.
        self.env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        self.env.update(LANG="C.UTF-8", TERM="xterm-256color")

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
            env=self.env,
        ).stdout

    def has_session(self, session: str) -> bool:
        command = ["tmux", "-L", self.socket, "has-session", "-t", session]
        return subprocess.run(command, capture_output=True, timeout=20).returncode == 0

    def kill_server(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the end-to-end test needs it")
    server = Tmux()
    yield server
    server.kill_server()
