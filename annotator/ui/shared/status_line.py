"""One line under the article: selection or focused span, and the selection mode."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label

from annotator.ui.shared.visual import Doc, fit_row


class StatusLine(Label):
    word_mode: reactive[bool] = reactive(True)
    detail: reactive[str] = reactive("")
    detail_text: reactive[str] = reactive("")
    # What the team's server has not received yet ("offline: 12 changes waiting"), if anything.
    sync: reactive[str] = reactive("")
    # The learned model suggestions come from, or its training ("model crf v3").
    learning: reactive[str] = reactive("")

    def render(self) -> Content:
        """The mode, the detail and as much of the text as fits; a row too narrow for the
        detail drops the mode, and numbers that still do not fit end in an ellipsis."""
        said = " │ ".join(part for part in (self.sync, self.learning) if part)
        sync = f" {said} │" if said else ""
        head = f"{sync} [{'words' if self.word_mode else 'chars'}]  {self.detail}  "
        if cell_len(head) > self.size.width:
            head = f"{sync} {self.detail}  "
        if not self.detail_text:
            return fit_row(self.size.width, head.rstrip())
        return fit_row(self.size.width, head, Doc(self.detail_text))
