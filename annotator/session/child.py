"""A call made in a child process, for a screen that must keep answering keys meanwhile.

Finding the suggestions of a 5 MB article takes seconds of Python. In a thread it would hold
the GIL in long stretches (single C calls over the whole text: 200 ms without a switch was
measured), so the screen would freeze just the same; a child process computes it instead.

``packed(function, *args)`` pickles the call where its arguments are consistent (the caller's
thread, before anything changes them); ``call_in_child`` runs ``python -m
annotator.session.child``, hands it the call on its standard input and reads the pickled
result from its standard output, looking every ``POLL_SECONDS`` whether the caller gave up,
and then terminates the child. A plain subprocess rather than ``multiprocessing``, for the
reasons ``annotator.agreement.background`` gives. The pickles only ever pass between this
program and the child it started.
"""

from __future__ import annotations

import os
import pickle
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

from annotator.problems import UserError

POLL_SECONDS = 0.05
# The child yields the CPU to the screen that waits for it (two cores, many processes).
CHILD_NICENESS = 10
CHILD_COMMAND = (sys.executable, "-m", "annotator.session.child")
PARENT_VARIABLE = "ANNOTATOR_CHILD_OF"


class ChildFailed(Exception):
    """The child process did not return a result; the message says why."""


def packed(function: Callable[..., Any], *args: object) -> bytes:
    """The call ``function(*args)`` as the child takes it (picklable function and arguments)."""
    return pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)


def call_in_child(
    call: bytes, cancelled: Callable[[], bool], command: Sequence[str] = CHILD_COMMAND
) -> tuple[Any] | None:
    """``(result,)`` of the ``packed`` call, computed in a child process (``command``: this
    module run as a program); None if ``cancelled()`` turned true first. ChildFailed if the
    call raised or the child died."""
    child = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, PARENT_VARIABLE: str(os.getpid())},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        try:
            child.stdin.write(call)
            child.stdin.close()
        except BrokenPipeError:
            pass  # the child died at once: said below, from what it wrote (nothing)
        answer = _read_all(child.stdout.fileno(), cancelled)
        if answer is None:
            return None
        try:
            kind, value = pickle.loads(answer)
        except Exception:  # a child killed part way leaves a cut pickle
            code = child.wait()
            message = f"the child process ended without a result (exit code {code})"
            raise ChildFailed(message) from None
        if kind != "done":
            raise ChildFailed(str(value))
        return (value,)
    finally:
        if child.poll() is None:
            child.terminate()
        child.wait()
        child.stdout.close()


def _read_all(fd: int, cancelled: Callable[[], bool]) -> bytes | None:
    """Everything the child writes until it closes its output; None once ``cancelled()``."""
    chunks: list[bytes] = []
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while True:
            if cancelled():
                return None
            if not selector.select(POLL_SECONDS):
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _exit_with_parent() -> None:
    """End this child when the process that started it is gone (killed, say): nobody would
    read what it finds, and it would go on using a core. The parent names itself (it may be
    gone before this child has started)."""
    parent = int(os.environ.get(PARENT_VARIABLE, os.getppid()))

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def main() -> None:
    """The child: a packed call on standard input, ``("done", result)`` or ``("failed",
    reason)`` pickled on standard output."""
    _exit_with_parent()
    os.nice(CHILD_NICENESS)
    try:
        function, args = pickle.loads(sys.stdin.buffer.read())
        answer: tuple[str, object] = ("done", function(*args))
    except UserError as error:  # worded for the user already
        answer = ("failed", str(error))
    except Exception as error:  # whatever it is, the caller says it in one line
        answer = ("failed", f"{type(error).__name__}: {error}")
    sys.stdout.buffer.write(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
