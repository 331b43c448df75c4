"""What an app says in notices: the log of them (public, for whoever needs to know what was
said, tests included) and the notice shown at start for input it had to skip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual.app import App

from annotator.problems import first_few

SHOWN_PROBLEMS = 3


@dataclass(frozen=True, slots=True)
class Notice:
    """One notice as it was shown: escaped, never markup."""

    message: str
    title: str
    severity: str


def notify_input_problems(app: App[Any], problems: Sequence[object], *, rest: str = "") -> None:
    """The first few problems as one warning (never read as markup); ``rest`` tells where the
    others can be seen."""
    if not problems:
        return
    app.notify(
        "\n".join(first_few(problems, SHOWN_PROBLEMS, rest=rest)),
        title=f"{len(problems)} input problem(s) skipped",
        severity="warning",
        timeout=20,
        markup=False,
    )
