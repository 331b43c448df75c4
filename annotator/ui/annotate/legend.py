"""The legend: each label with its key and colour; clicking one applies it.

Descriptions hold Arabic examples, so they are shown on the guidelines screen (which lays
them out properly), not in tooltips.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from annotator.annotations.labels import Label, LabelSet


class LegendEntry(Static):
    """One label; a click posts ``Legend.Picked``."""

    def __init__(self, label: Label) -> None:
        super().__init__(
            Content.assemble(
                (f" {label.key} ", "bold reverse"),
                " ",
                (f" {label.name} ", f"#1b1b1b on {label.color}"),
            ),
            classes="legend-entry",
        )
        self.label = label

    def on_click(self) -> None:
        self.post_message(Legend.Picked(self.label.name))


class Legend(Vertical):
    class Picked(Message):
        """A label was clicked."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels

    def compose(self) -> ComposeResult:
        for label in self.labels:
            yield LegendEntry(label)
