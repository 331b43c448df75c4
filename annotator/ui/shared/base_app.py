"""What every annotator app shares: notifications that can never carry markup or terminal
controls (and a public log of them, ``notices``), a command palette whose search box draws
Arabic as it reads, and a screen drawn on the terminal even when stderr is redirected."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.command import CommandPalette
from textual.notifications import SeverityLevel

from annotator.problems import printable
from annotator.ui.shared.command_palette import ShapedCommandPalette
from annotator.ui.shared.notices import Notice
from annotator.ui.shared.terminal import drawn_on_the_terminal


def shown_lines(text: str) -> str:
    """``text`` with each line escaped by ``printable`` (line breaks kept)."""
    return "\n".join(printable(line) for line in text.split("\n"))


class AnnotatorBaseApp(App[object]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The notices said since the screen was last cleared of them, oldest first.
        self.notices: list[Notice] = []

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notice quotes files (names, ids, labels): it is escaped here, once, and
        never read as markup, whoever raises it."""
        notice = Notice(shown_lines(message), shown_lines(title), severity)
        self.notices.append(notice)
        super().notify(
            notice.message, title=notice.title, severity=severity, timeout=timeout, markup=False
        )

    def clear_notifications(self) -> None:
        super().clear_notifications()
        self.notices.clear()

    def run(self, *args: Any, **kwargs: Any) -> object | None:
        with drawn_on_the_terminal():
            return super().run(*args, **kwargs)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(ShapedCommandPalette(id="--command-palette"))
