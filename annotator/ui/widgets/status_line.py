"""One line under the article: selection or focused span, and the selection mode."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Label

from annotator.ui.visual import plain, visual_line

TEXT_CELLS = 40


class StatusLine(Label):
    word_mode: reactive[bool] = reactive(True)
    detail: reactive[str] = reactive("")
    detail_text: reactive[str] = reactive("")

    def render(self):
        mode = "words" if self.word_mode else "chars"
        shown = visual_line(self.detail_text, TEXT_CELLS) if self.detail_text else ""
        return plain(f" [{mode}]  {self.detail}  {shown}".rstrip())
