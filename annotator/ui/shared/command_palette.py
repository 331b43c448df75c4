"""Textual's command palette with a search box that draws what is typed as it reads, so an
Arabic document id typed to find it is shaped and right-to-left like everywhere else."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.command import CommandInput, CommandList, CommandPalette, SearchIcon
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, LoadingIndicator

from annotator.ui.shared.shaped_input import ShapedInput

PLACEHOLDER = "Search for commands…"


class ShapedCommandInput(CommandInput, ShapedInput):
    """The palette finds its box as a ``CommandInput`` (Textual's CSS follows the first
    base); the drawing is ``ShapedInput``'s, next in the method order."""


class ShapedCommandPalette(CommandPalette):
    def compose(self) -> ComposeResult:
        # The same widgets, ids and order as CommandPalette.compose; only the box differs.
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield ShapedCommandInput(placeholder=PLACEHOLDER, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()
