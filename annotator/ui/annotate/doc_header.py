"""The header: which document is open, its status, and progress through the corpus."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar

from annotator.annotations.model import STATUSES
from annotator.problems import printable
from annotator.ui.shared.visual import Doc, OneLine, plain


class DocHeader(Horizontal):
    doc_title: reactive[str] = reactive("")
    doc_number: reactive[int] = reactive(0)
    status: reactive[str] = reactive("new")
    note: reactive[str] = reactive("")
    done: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)

    def compose(self) -> ComposeResult:
        yield OneLine(id="doc-title")
        yield Label(id="doc-status", markup=False)
        yield ProgressBar(id="doc-progress", show_eta=False, show_percentage=False)
        yield Label(id="doc-done", markup=False)

    def watch_doc_title(self) -> None:
        self._show_title()

    def watch_doc_number(self) -> None:
        self._show_title()

    def watch_note(self) -> None:
        self._show_title()

    def _show_title(self) -> None:
        """The document's number and id, and its note (a flag's reason) when it has one:
        the two share the room when it is short."""
        number, title = f"{self.doc_number} / {self.total}  ", Doc(printable(self.doc_title))
        if not self.note:
            self.query_one("#doc-title", OneLine).show(number, title)
            return
        note = Doc(printable(self.note), "italic")
        self.query_one("#doc-title", OneLine).show_layouts(
            [(number, title, "  note: ", note), (number, title, " · ", note)]
        )

    def watch_status(self, old: str, new: str) -> None:
        label = self.query_one("#doc-status", Label)
        label.update(plain(new.replace("_", " ")))
        for status in STATUSES:
            label.set_class(status == new, f"-{status.replace('_', '-')}")

    def watch_done(self) -> None:
        self._show_progress()

    def watch_total(self) -> None:
        self._show_progress()
        self._show_title()

    def _show_progress(self) -> None:
        self.query_one("#doc-progress", ProgressBar).update(
            total=max(self.total, 1), progress=self.done
        )
        self.query_one("#doc-done", Label).update(plain(f"{self.done} / {self.total} done"))
