"""The notice an app shows at start for input it had to skip."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.app import App

SHOWN_PROBLEMS = 3


def notify_input_problems(app: App[Any], problems: Sequence[object], *, rest: str = "") -> None:
    """The first few problems as one warning (never read as markup); ``rest`` tells where the
    others can be seen."""
    if not problems:
        return
    lines = [str(p) for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"… and {len(problems) - SHOWN_PROBLEMS} more{rest}")
    app.notify(
        "\n".join(lines),
        title=f"{len(problems)} input problem(s) skipped",
        severity="warning",
        timeout=20,
        markup=False,
    )
