"""One person's app as a child process: in a process group of its own, dying with the server.

The app speaks Textual's web driver protocol on its standard streams: after a line
``__GANGLION__`` it writes packets (one byte of type, four bytes of length, the payload) and
reads packets of the same shape. Three things end it, whichever comes first:

- ``stop()``: the browser went, or the server is stopping: ask the app to quit, close its
  stdin, and after ``GRACE`` seconds kill its whole process group (anything it started too);
- the server dying, even by SIGKILL: the kernel sends the child SIGTERM (``PR_SET_PDEATHSIG``),
  and its stdin reaches end of file (``annotator.serve.driver`` quits on that);
- the app quitting by itself (``q``).

Every change is fsync'd before the app handles the next key, so a session killed at any moment
loses at most the key in flight, as in a terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import json
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from pathlib import Path

# Seconds an app has to quit by itself before its process group is killed.
GRACE = 1.0
_READY = b"__GANGLION__\n"
# Lines an app may print before its ready line (Textual prints none; a warning might).
_PRELUDE_LINES = 20
_PR_SET_PDEATHSIG = 1
_STDERR_KEPT = 64 * 1024


def _die_with(parent: int) -> Callable[[], None]:
    """Run in the child between fork and exec: SIGTERM when the server's thread dies, and exit
    at once if it is already gone (the signal is only armed for a parent alive now)."""
    libc = ctypes.CDLL(None, use_errno=True)

    def arm() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:
            os._exit(1)

    return arm


def _packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


class AppProcess:
    """A running app; ``stopped`` is set once it has exited and its group is gone."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self._process = process
        self._stderr = bytearray()
        self._stderr_task = asyncio.create_task(self._keep_stderr())

    @classmethod
    async def start(
        cls, argv: Sequence[str], cwd: Path, env: Mapping[str, str], size: tuple[int, int]
    ) -> AppProcess:
        width, height = size
        environment = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES", "ROWS")}
        environment.update(
            TEXTUAL_DRIVER="annotator.serve.driver:SessionDriver",
            TEXTUAL_FPS="60",
            TEXTUAL_COLOR_SYSTEM="truecolor",
            COLUMNS=str(width),
            ROWS=str(height),
        )
        process = await asyncio.create_subprocess_exec(
            *argv,
            cwd=cwd,
            env=environment,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,  # its own process group: killed whole, never by a Ctrl+C
            preexec_fn=_die_with(os.getpid()),
        )
        return cls(process)

    @property
    def pid(self) -> int:
        return self._process.pid

    async def _keep_stderr(self) -> None:
        stream = self._process.stderr
        assert stream is not None
        while chunk := await stream.read(4096):
            if len(self._stderr) < _STDERR_KEPT:
                self._stderr += chunk

    async def ready(self) -> bool:
        """Whether the app got as far as drawing; False if it ended first (see ``message``)."""
        stdout = self._process.stdout
        assert stdout is not None
        for _ in range(_PRELUDE_LINES):
            line = await stdout.readline()
            if line == _READY:
                return True
            if not line:
                return False
            self._stderr += line  # not the protocol: keep it for the message
        return False

    async def packets(self) -> AsyncIterator[tuple[bytes, bytes]]:
        """The app's packets until it closes its stdout."""
        stdout = self._process.stdout
        assert stdout is not None
        try:
            while True:
                head = await stdout.readexactly(5)
                yield head[:1], await stdout.readexactly(int.from_bytes(head[1:], "big"))
        except (asyncio.IncompleteReadError, ConnectionResetError):
            return

    async def send(self, data: bytes) -> None:
        await self._write(_packet(b"D", data))

    async def send_meta(self, meta: Mapping[str, object]) -> None:
        await self._write(_packet(b"M", json.dumps(meta).encode("utf-8")))

    async def _write(self, data: bytes) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        if stdin.is_closing():
            return
        with contextlib.suppress(ConnectionError):
            stdin.write(data)
            await stdin.drain()

    async def message(self) -> str:
        """What the app said on stderr, once it has exited (a UserError's one line, say)."""
        await self._process.wait()
        await self._stderr_task
        return self._stderr.decode("utf-8", "replace").strip()

    async def stop(self) -> int:
        """Quit the app, then kill its group if it has not gone within ``GRACE``; its exit
        status."""
        if self._process.returncode is None:
            await self.send_meta({"type": "quit"})
            stdin = self._process.stdin
            assert stdin is not None
            stdin.close()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._process.wait(), GRACE)
        self.kill_group()
        return await self._process.wait()

    def kill_group(self) -> None:
        """SIGKILL the app's process group: whatever it started goes with it. Safe to call
        from a signal handler or at exit."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._process.pid, signal.SIGKILL)


def app_argv(name: str) -> list[str]:
    """The command a session runs: the real ``annotate``, as ``name``, with this Python."""
    return [sys.executable, "-m", "annotator", "annotate", "--annotator", name]
