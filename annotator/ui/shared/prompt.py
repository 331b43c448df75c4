"""A one-line question (document to jump to, a flag's note); dismisses with the answer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from annotator.ui.shared.shaped_input import ShapedInput
from annotator.ui.shared.visual import plain


class PromptScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(plain(self.question), id="prompt-question")
            yield ShapedInput(self.value, id="prompt-input")

    def on_mount(self) -> None:
        # A notice (input problems, drift) would sit over the box and the typed answer; what
        # it said is printed again on exit.
        self.app.clear_notifications()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
