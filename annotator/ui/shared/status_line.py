"""One line under the article: selection or focused span, and the selection mode."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Label

from annotator.ui.shared.visual import Doc, fit_row


class StatusLine(Label):
    word_mode: reactive[bool] = reactive(True)
    detail: reactive[str] = reactive("")
    detail_text: reactive[str] = reactive("")

    def render(self):
        mode = "words" if self.word_mode else "chars"
        if not self.detail_text:
            return fit_row(self.size.width, f" [{mode}]  {self.detail}")
        return fit_row(self.size.width, f" [{mode}]  {self.detail}  ", Doc(self.detail_text))
