"""Side panels of the review screen: documents with their conflicts left, the candidates of
the current document, and the legend of candidate states.

Document text, ids and names go through ``fit_row`` (shaped, visual order, controls made
visible), never through markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotator.session.review import (
    ACCEPTED,
    ADDED,
    AGREED,
    BOUNDARY_CONFLICT,
    LABEL_CONFLICT,
    PARTIAL,
    PENDING,
    REJECTED,
    Candidate,
    DocReview,
)
from annotator.ui.shared.visual import Doc, fit_row, option_width

# A style key of its own, so a rejected candidate is drawn grey whatever its state.
REJECTED_STYLE = "rejected"

STATE_COLOURS = {
    AGREED: "#8fbc8f",
    LABEL_CONFLICT: "#e06c75",
    BOUNDARY_CONFLICT: "#e5a050",
    PARTIAL: "#c678dd",
    ADDED: "#56b6c2",
    REJECTED_STYLE: "#7f848e",
}
STATE_NAMES = {
    AGREED: "agreed",
    LABEL_CONFLICT: "label conflict",
    BOUNDARY_CONFLICT: "boundary conflict",
    PARTIAL: "partial",
    ADDED: "reviewer's own",
    REJECTED_STYLE: "rejected",
}
STATE_TAGS = {
    AGREED: "AGREE",
    LABEL_CONFLICT: "LABEL",
    BOUNDARY_CONFLICT: "BOUND",
    PARTIAL: "PART ",
    ADDED: "OWN  ",
}
# A candidate's text is cut before it is laid out: a row shows only its first words.
DETAIL_CHARS = 200
DECISION_MARKS = {PENDING: "·", ACCEPTED: "✓", REJECTED: "✗"}
ON_COLOUR = "#1b1b1b"


def chip(state: str) -> tuple[str, str]:
    return f" {STATE_TAGS.get(state, state)} ", f"{ON_COLOUR} on {STATE_COLOURS[state]}"


class StateLegend(Static):
    """Every state's colour, in the order a reviewer settles them."""

    def __init__(self, *, id: str | None = None) -> None:
        parts: list[str | tuple[str, str]] = []
        for state in (AGREED, LABEL_CONFLICT, BOUNDARY_CONFLICT, PARTIAL, ADDED, REJECTED_STYLE):
            parts += [(f" {STATE_NAMES[state]} ", f"{ON_COLOUR} on {STATE_COLOURS[state]}"), " "]
        super().__init__(Content.assemble(*parts), id=id)


class CandidateList(OptionList):
    """The current document's candidates in reading order: decision, state, label, text,
    and who marked it."""

    class Picked(Message):
        def __init__(self, candidate: Candidate) -> None:
            super().__init__()
            self.candidate = candidate

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.candidates: tuple[Candidate, ...] = ()
        self._shown: tuple = ()

    @staticmethod
    def prompt(candidate: Candidate, decision: str, width: int) -> Content:
        names = ",".join(candidate.annotators) or "reviewer"
        style = "bold" if decision == ACCEPTED else ("dim strike" if decision == REJECTED else "")
        return fit_row(
            width,
            (DECISION_MARKS[decision], style or "bold"),
            " ",
            chip(candidate.state),
            " ",
            (f"{candidate.label[:5]:<5}", style),
            " ",
            Doc(candidate.text[:DETAIL_CHARS], style),
            " ",
            Doc(names, "dim"),
        )

    def show(
        self, review: DocReview, candidates: Sequence[Candidate], current: Candidate | None
    ) -> None:
        width = option_width(self)
        shown = (width, tuple((c, review.decision(c.key())) for c in candidates))
        if shown != self._shown:
            self._shown = shown
            self.candidates = tuple(candidates)
            self.set_options(Option(self.prompt(c, d, width)) for c, d in shown[1])
        if current is not None and current in self.candidates:
            self.highlighted = self.candidates.index(current)
        else:
            self.highlighted = None

    def on_resize(self) -> None:
        width = option_width(self)
        if self._shown and self._shown[0] != width:
            self._shown = (width, self._shown[1])
            highlighted = self.highlighted
            self.set_options(Option(self.prompt(c, d, width)) for c, d in self._shown[1])
            self.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self.candidates[event.option_index]))


class DocumentList(OptionList):
    """Every document with the number of conflicts it has left."""

    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.ids: list[str] = []
        self.left: list[int] = []
        self._width = 0

    @staticmethod
    def prompt(doc_id: str, left: int, width: int) -> Content:
        count = (f"{left:>3}", "bold " + STATE_COLOURS[LABEL_CONFLICT]) if left else ("  ✓", "")
        return fit_row(width, count, " ", Doc(doc_id))

    def load(self, reviews: Sequence[DocReview]) -> None:
        self.ids = [r.doc_id for r in reviews]
        self.left = [r.remaining_conflicts() for r in reviews]
        self._show_all()

    def _show_all(self) -> None:
        self._width = option_width(self)
        highlighted = self.highlighted
        self.set_options(
            Option(self.prompt(doc_id, left, self._width))
            for doc_id, left in zip(self.ids, self.left, strict=True)
        )
        self.highlighted = highlighted

    def on_resize(self) -> None:
        if self.ids and self._width != option_width(self):
            self._show_all()

    def update(self, index: int, review: DocReview) -> None:
        """Only the document that changed is recounted: a corpus may hold thousands."""
        left = review.remaining_conflicts()
        if left != self.left[index]:
            self.left[index] = left
            self.replace_option_prompt_at_index(
                index, self.prompt(review.doc_id, left, self._width)
            )
        self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index))
