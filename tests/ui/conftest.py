"""Fixtures shared by the UI tests, and a runner for ``async def`` tests (Pilot scenarios)."""

from __future__ import annotations

import asyncio
import inspect
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.pilot import Pilot

POLL = 0.05  # seconds the app runs between two looks at a condition


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run an ``async def`` test in its own event loop, so Pilot scenarios need no plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    parameters = inspect.signature(pyfuncitem.obj).parameters
    arguments = {name: pyfuncitem.funcargs[name] for name in parameters}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture
def frozen_clock() -> Callable[[], float]:
    """Time stands still, so no extra time-only journal line depends on test speed."""
    return lambda: 0.0


@pytest.fixture
def pause_until() -> Callable[..., Awaitable[None]]:
    """``await pause_until(pilot, condition, what, seconds=120.0)``: let the app run until
    ``condition()`` holds (work in a worker or a child process), never for a fixed time."""

    async def wait(
        pilot: Pilot[object], condition: Callable[[], object], what: str, seconds: float = 120.0
    ) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {seconds:g} s waiting for {what}")
            await pilot.pause(POLL)

    return wait


@pytest.fixture
def palette_hits(
    pause_until: Callable[..., Awaitable[None]],
) -> Callable[..., Awaitable[list[str]]]:
    """``await palette_hits(pilot)``: what the command palette lists once its search, a worker
    whose hits arrive in batches, has finished for the text typed so far."""

    async def hits(pilot: Pilot[object]) -> list[str]:
        app = pilot.app

        def searched() -> bool:
            return all(worker.is_finished for worker in app.workers)

        await pause_until(pilot, searched, "the command palette's search")
        listed = app.screen.query_one(CommandList)
        return [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]

    return hits


GATED_CHILD = """
import pathlib, sys, time
gate = pathlib.Path(sys.argv[1])
while not gate.exists():
    time.sleep(0.02)
from annotator.session.child import main
main()
"""


@pytest.fixture
def gated_child(tmp_path: Path) -> tuple[tuple[str, ...], Path]:
    """(command, gate): the real child process of ``annotator.session.child``, held until
    the test creates ``gate``, so what happens while it works lasts as long as the test
    needs, however fast the machine."""
    gate = tmp_path / "gate"
    return (sys.executable, "-c", GATED_CHILD, str(gate)), gate
