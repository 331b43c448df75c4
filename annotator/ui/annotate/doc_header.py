"""The header: which document is open, its status, and progress through the corpus.

Its labels are as wide as their text, so a label whose text changes width lays the screen
out again; the status is padded to the longest status so that labelling (which moves a new
document to "in progress") never does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar

from annotator.annotations.model import STATUSES
from annotator.problems import printable
from annotator.ui.shared.visual import Doc, OneLine, plain

STATUS_CELLS = max(len(status) for status in STATUSES)


@dataclass(frozen=True, slots=True)
class DocFacts:
    """What the header shows: the open document (1-based number and id), its status and
    note, and how many of the corpus's documents are done."""

    title: str = ""
    number: int = 0
    status: str = "new"  # "" while the journal is read: not known yet
    note: str = ""
    done: int = 0
    total: int = 0
    # Work going on for the document (its annotations loading, its suggestions found).
    busy: str = ""


class DocHeader(Horizontal):
    DEFAULT_CSS = """
    DocHeader #doc-busy {
        width: auto;
        padding: 0 1;
        color: $warning;
        text-style: italic;
    }
    """
    facts: reactive[DocFacts] = reactive(DocFacts)

    def compose(self) -> ComposeResult:
        yield OneLine(id="doc-title")
        yield Label(id="doc-busy", markup=False)
        yield Label(id="doc-status", markup=False)
        yield ProgressBar(id="doc-progress", show_eta=False, show_percentage=False)
        yield Label(id="doc-done", markup=False)

    def watch_facts(self) -> None:
        self._show_title()
        self._show_status()
        self._show_progress()

    def _show_title(self) -> None:
        """The document's number and id, and its note (a flag's reason) when it has one:
        the two share the room when it is short."""
        facts = self.facts
        number, title = f"{facts.number} / {facts.total}  ", Doc(printable(facts.title))
        if not facts.note:
            self.query_one("#doc-title", OneLine).show(number, title)
            return
        note = Doc(printable(facts.note), "italic")
        self.query_one("#doc-title", OneLine).show_layouts(
            [(number, title, "  note: ", note), (number, title, " · ", note)]
        )

    def _show_status(self) -> None:
        busy = self.query_one("#doc-busy", Label)
        relabel(busy, self.facts.busy)
        busy.display = bool(self.facts.busy)
        status = self.facts.status
        label = self.query_one("#doc-status", Label)
        relabel(label, status.replace("_", " ").center(STATUS_CELLS))
        label.display = bool(status)  # not known yet while the journal is read
        for known in STATUSES:
            label.set_class(known == status, f"-{known.replace('_', '-')}")

    def _show_progress(self) -> None:
        done, total = self.facts.done, self.facts.total
        self.query_one("#doc-progress", ProgressBar).update(total=max(total, 1), progress=done)
        counted = str(done) if self.facts.status else "…"  # not counted while the journal is read
        relabel(self.query_one("#doc-done", Label), f"{counted} / {total} done")


def relabel(label: Label, text: str) -> None:
    """Show ``text`` on ``label``; the header is laid out again only when its width changed."""
    shown = label.content
    if isinstance(shown, Content) and shown.plain == text:
        return
    resized = not isinstance(shown, Content) or shown.cell_length != cell_len(text)
    label.update(plain(text), layout=resized)
