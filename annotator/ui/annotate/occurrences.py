"""Labelling every other occurrence of a span's words: a preview to accept or leave.

The occurrences are highlighted on the article (the screen draws them while this sits at the
bottom over a clear background, as the link picker does) and counted here and in the status
line; Enter labels them all as one change (one undo takes them back), Esc leaves them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from annotator.annotations.model import Span
from annotator.problems import printable
from annotator.ui.shared.visual import Doc, fit_row

SHOWN_CHARS = 60
# The box's border and padding, each side.
BOX_CELLS = 4


def preview_line(span: Span, occurrences: list[Span]) -> str:
    """What the status line says while occurrences are previewed."""
    return f"{len(occurrences)} more of {printable(span.label)}: Enter labels all, Esc leaves"


class OccurrencePreview(ModalScreen[bool]):
    DEFAULT_CSS = """
    OccurrencePreview { align: center bottom; background: transparent; }
    OccurrencePreview #occurrences-box {
        width: 100%; height: auto; background: $surface; border: round $primary;
        padding: 0 1; margin-bottom: 2;  /* the status line and the footer stay in sight */
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "answer(True)", "Label them all", id="occurrences.accept"),
        Binding("escape", "answer(False)", "Leave them", id="occurrences.cancel"),
    ]

    def __init__(self, span: Span, occurrences: list[Span]) -> None:
        super().__init__()
        self.span = span
        self.occurrences = occurrences

    def compose(self) -> ComposeResult:
        count = len(self.occurrences)
        with Vertical(id="occurrences-box"):
            yield Label(
                fit_row(
                    max(self.app.size.width - BOX_CELLS, 1),
                    f"{count} other occurrence(s) of ",
                    Doc(self.span.text[:SHOWN_CHARS]),
                    (f" → {printable(self.span.label)}", "bold"),
                ),
                id="occurrences-title",
            )
            yield Label("Enter: label them all (one undo takes them back)   Esc: leave them")

    def on_mount(self) -> None:
        self.app.clear_notifications()

    def action_answer(self, accept: bool) -> None:
        self.dismiss(accept)
