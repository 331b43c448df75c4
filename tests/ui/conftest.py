"""Fixtures shared by the UI tests, and a runner for ``async def`` tests (Pilot scenarios)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable

import pytest


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
