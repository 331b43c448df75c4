"""The first screen while a large journal is read: the document the annotator will work on,
to read and move through, and "loading annotations…" in the header.

Reading a journal of 100,000 records and learning the gazetteer from it takes seconds, so a
thread worker does it (``Opening.finish``) while this screen answers keys. Nothing can be
changed meanwhile: the spans shown would not be the annotator's (their records are not read
yet), and a change made on them would be saved over the real ones. So every key that would
change something (a label, a status, an edge, undo, a suggestion, another document) is
refused with a notice saying why, never applied later to a state the annotator did not see;
the arrows, the mouse and `q` work as always. Once the journal is read the app switches to
the annotate screen on the same document, at the same place.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.worker import get_current_worker

from annotator.annotations.labels import LabelSet
from annotator.layout.layout import LayoutOptions
from annotator.problems import Problem, UserError
from annotator.session.workspace import Opening, Workspace
from annotator.ui.annotate.doc_header import DocFacts
from annotator.ui.annotate.layout import AnnotateLayout
from annotator.ui.shared.beside_the_screen import reading_beside_the_screen
from annotator.ui.shared.bindings import bindings_of, label_bindings, with_bindings

LOADING = "loading annotations…"
REFUSED = (
    "Your annotations are still loading: nothing was changed. Read and move meanwhile; "
    "every key works once they are loaded (the header says when)."
)


def refusing(bindings: list[Binding]) -> list[Binding]:
    """``bindings`` with their ids and keys (a keymap file moves them here too), each
    refusing to act while the journal is read."""
    return [replace(binding, action="refuse", show=False) for binding in bindings]


class LoadingScreen(AnnotateLayout):
    BINDINGS: ClassVar[list[BindingType]] = [*refusing(bindings_of("annotate"))]

    class Loaded(Message):
        def __init__(self, workspace: Workspace, problems: list[Problem]) -> None:
            super().__init__()
            self.workspace = workspace
            self.problems = problems

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    @classmethod
    def for_labels(cls, labels: LabelSet) -> type[LoadingScreen]:
        """This screen with each label's key (refusing) bound."""
        return with_bindings(cls, refusing(label_bindings(labels)))

    def __init__(self, opening: Opening, options: LayoutOptions | None = None) -> None:
        super().__init__(opening.labels, options)
        self.opening = opening
        self.index, self.place = opening.first_document()

    def on_mount(self) -> None:
        ids = self.opening.corpus.ids
        self.header = DocFacts(
            ids[self.index], self.index + 1, status="", total=len(ids), busy=LOADING
        )
        self.detail = LOADING
        try:
            text = self.opening.corpus.text(self.opening.corpus.ids[self.index])
        except UserError:
            text = ""  # said once the workspace opens, which steps over it
        view = self.view
        view.set_document(text)
        view.focus()
        cursor, top = self.place
        if (cursor, top) != (0, 0):
            self.call_after_refresh(self._resume, cursor, top)
        self._load()

    def _resume(self, cursor: int, top: int) -> None:
        view = self.view
        view.move_to(cursor)
        view.scroll_to(y=view.text_layout.row_of(top), animate=False, immediate=True)

    @work(thread=True, exclusive=True, description=LOADING)
    def _load(self) -> None:
        worker = get_current_worker()
        try:
            with reading_beside_the_screen():
                opened = self.opening.finish_in_worker(lambda: worker.is_cancelled)
        except UserError as error:
            self.post_message(self.Failed(str(error)))
            return
        if opened is not None:
            self.post_message(self.Loaded(*opened))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        """Open where the annotator is now, if the workspace opened this document."""
        workspace = message.workspace
        view = self.view
        if workspace.index == self.index:
            layout = view.text_layout
            lines = layout.lines
            top = lines[min(int(view.scroll_offset.y), len(lines) - 1)].start if lines else 0
            workspace.place = (view.cursor, top)

    def action_refuse(self) -> None:
        self.notify(REFUSED, title="Loading", severity="warning", timeout=6)
