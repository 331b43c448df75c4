"""The review screen's widgets: header, status line, documents with their conflicts left,
the candidates of the current document, and the legend of candidate states.

Each widget holds reactive attributes the screen binds (``data_bind``) and draws from them;
a click posts a message up. Document text, ids and names go through ``fit_row`` (shaped,
visual order, controls made visible), never through markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotator.problems import printable
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
)
from annotator.session.review_links import CONFLICT as LINK_CONFLICT
from annotator.ui.shared.virtual_rows import VirtualRows
from annotator.ui.shared.visual import Doc, OneLine, Part, fit_row, option_width

# A style key of its own, so a rejected candidate is drawn grey whatever its state.
REJECTED_STYLE = "rejected"

STATE_COLOURS = {
    AGREED: "#8fbc8f",
    LABEL_CONFLICT: "#e06c75",
    BOUNDARY_CONFLICT: "#e5a050",
    PARTIAL: "#c678dd",
    ADDED: "#56b6c2",
    REJECTED_STYLE: "#7f848e",
    LINK_CONFLICT: "#f07178",
}
STATE_NAMES = {
    AGREED: "agreed",
    LABEL_CONFLICT: "label conflict",
    BOUNDARY_CONFLICT: "boundary conflict",
    PARTIAL: "partial",
    ADDED: "reviewer's own",
    REJECTED_STYLE: "rejected",
    LINK_CONFLICT: "versions differ",
}
STATE_TAGS = {
    AGREED: "AGREE",
    LABEL_CONFLICT: "LABEL",
    BOUNDARY_CONFLICT: "BOUND",
    PARTIAL: "PART ",
    ADDED: "OWN  ",
    LINK_CONFLICT: "VERS ",
}
# A text is cut before it is laid out: a row shows only its first words.
DETAIL_CHARS = 200
DECISION_MARKS = {PENDING: "·", ACCEPTED: "✓", REJECTED: "✗"}
ON_COLOUR = "#1b1b1b"

# A candidate of the current view with the reviewer's decision on it.
Shown = tuple[Candidate, str]


def chip(state: str) -> tuple[str, str]:
    return f" {STATE_TAGS.get(state, state)} ", f"{ON_COLOUR} on {STATE_COLOURS[state]}"


@dataclass(frozen=True, slots=True)
class HeaderFacts:
    doc_id: str = ""
    number: int = 0
    total: int = 0
    view: str = ""
    left_here: int = 0
    left_all: int = 0
    reviewer: str = ""


class ReviewHeader(OneLine):
    """Document, its number, the view, the conflicts left here and in all, the reviewer."""

    facts: reactive[HeaderFacts] = reactive(HeaderFacts)

    def watch_facts(self, facts: HeaderFacts) -> None:
        doc_id, reviewer, view = Doc(facts.doc_id), Doc(facts.reviewer), Doc(facts.view, "bold")
        number = f"{facts.number}/{facts.total}"
        here = (f"{facts.left_here}", "bold" if facts.left_here else "")
        left_all = facts.left_all
        # Fullest first; narrower terminals get shorter wording, never lose the reviewer.
        self.show_layouts(
            [
                (
                    ("Review ", "bold"),
                    doc_id,
                    f"  {number}  ·  view: ",
                    view,
                    "  ·  ",
                    here,
                    f" conflict(s) here, {left_all} in all  ·  reviewer: ",
                    reviewer,
                ),
                (
                    doc_id,
                    f"  {number} · view: ",
                    view,
                    " · ",
                    here,
                    f" here, {left_all} in all · reviewer: ",
                    reviewer,
                ),
                (doc_id, f" {number} · ", view, " · ", here, f"/{left_all} · ", reviewer),
            ]
        )


@dataclass(frozen=True, slots=True)
class StatusFacts:
    """What the status line speaks of: the current candidate and the reviewer's decision on
    it, and the selection (with the start of its text) while one is being made or adjusted."""

    candidate: Candidate | None = None
    decision: str = PENDING
    selection: tuple[int, int] | None = None
    selected_text: str = ""
    # What the team's work that last arrived changed (first, where the line has room).
    news: str = ""


class ReviewStatus(OneLine):
    """The current candidate, or the selection and its range as its edges move."""

    facts: reactive[StatusFacts] = reactive(StatusFacts)

    def watch_facts(self, facts: StatusFacts) -> None:
        candidate, selection = facts.candidate, facts.selection
        editing = candidate is not None and selection not in (None, candidate.key()[:2])
        self.set_class(selection is not None, "-selecting")
        if selection is not None and (candidate is None or editing):
            layouts = self._selection_layouts(facts, selection)
        elif candidate is not None:
            layouts = self._candidate_layouts(candidate, facts.decision)
        else:
            layouts = [
                ("Tab: next candidate · A: accept all agreed · ?: help",),
                ("Tab: next · A: all agreed · ?: help",),
            ]
        if facts.news:
            # The news first where the row holds it and the rest whole; else, with nothing
            # current, the news alone, and with a candidate or a selection only that (a
            # notice says the news too).
            news = Doc(facts.news, "bold", words=True)
            alone = [] if candidate is not None or selection is not None else [(news,)]
            layouts = [*[(news, " · ", *layout) for layout in layouts], *alone, *layouts]
        self.show_layouts(layouts)

    @staticmethod
    def _selection_layouts(
        facts: StatusFacts, selection: tuple[int, int]
    ) -> list[tuple[Part, ...]]:
        start, end = selection
        text = Doc(facts.selected_text)
        candidate = facts.candidate
        if candidate is None:
            # Narrower rows drop the hint, then the word: never the range or the text.
            return [
                (f"selected [{start}, {end}) ", text, " · a label key adds it to gold"),
                (f"selected [{start}, {end}) ", text),
                (f"[{start}, {end}) ", text),
            ]
        # The new range comes first: it is what the edge keys are changing.
        moved = f"[{start}, {end}) "
        was = f"{printable(candidate.label)} [{candidate.start}, {candidate.end}) → "
        return [
            (was, moved, text, " · a label key applies it, Esc cancels"),
            (was, moved, text),
            (moved, text),
        ]

    @staticmethod
    def _candidate_layouts(candidate: Candidate, decision: str) -> list[tuple[Part, ...]]:
        names = Doc(", ".join(candidate.annotators) or "the reviewer")
        state = (
            f" {STATE_NAMES[candidate.state]} ",
            f"{ON_COLOUR} on {STATE_COLOURS[candidate.state]}",
        )
        text = Doc(candidate.text[:DETAIL_CHARS])
        label = printable(candidate.label)
        # Fullest first; a narrow terminal drops the offsets, then the names, never the text.
        return [
            (
                state,
                f" {label} [{candidate.start}, {candidate.end}) ",
                text,
                " · ",
                names,
                f" · {decision}",
            ),
            (state, f" {label} ", text, " · ", names, f" · {decision}"),
            (state, f" {label} ", text, f" · {decision}"),
        ]


class StateLegend(Static):
    """Every state's colour, in the order a reviewer settles them."""

    def __init__(self, *, id: str | None = None) -> None:
        parts: list[str | tuple[str, str]] = []
        for state in (AGREED, LABEL_CONFLICT, BOUNDARY_CONFLICT, PARTIAL, ADDED, REJECTED_STYLE):
            parts += [(f" {STATE_NAMES[state]} ", f"{ON_COLOUR} on {STATE_COLOURS[state]}"), " "]
        super().__init__(Content.assemble(*parts), id=id)


class CandidateList(OptionList):
    """The current view's candidates in reading order: decision, state, label, text, and
    who marked it."""

    shown: reactive[tuple[Shown, ...]] = reactive(())
    current: reactive[Candidate | None] = reactive(None)

    class Picked(Message):
        def __init__(self, candidate: Candidate) -> None:
            super().__init__()
            self.candidate = candidate

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._width = 0

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
            (f"{printable(candidate.label)[:5]:<5}", style),
            " ",
            Doc(candidate.text[:DETAIL_CHARS], style),
            " ",
            Doc(names, "dim"),
        )

    def _show_all(self) -> None:
        self._width = option_width(self)
        self.set_options(Option(self.prompt(c, d, self._width)) for c, d in self.shown)
        self.watch_current(self.current)

    def watch_shown(self) -> None:
        self._show_all()

    def watch_current(self, current: Candidate | None) -> None:
        candidates = [candidate for candidate, _ in self.shown]
        self.highlighted = candidates.index(current) if current in candidates else None

    def on_resize(self) -> None:
        if self.shown and self._width != option_width(self):
            self._show_all()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self.shown[event.option_index][0]))


class DocumentList(VirtualRows):
    """Every document with the number of conflicts it has left.

    A review may hold 20,000 documents: a row is built when it is drawn (``VirtualRows``),
    so opening the review or work arriving costs the rows on screen."""

    left: reactive[tuple[int, ...]] = reactive(())
    index: reactive[int] = reactive(0)

    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, ids: list[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ids = ids

    @staticmethod
    def prompt(doc_id: str, left: int, width: int) -> Content:
        count = (f"{left:>3}", "bold " + STATE_COLOURS[LABEL_CONFLICT]) if left else ("  ✓", "")
        return fit_row(width, count, " ", Doc(doc_id))

    @property
    def row_count(self) -> int:
        return min(len(self.ids), len(self.left))

    def row_key(self, index: int) -> tuple[str, int]:
        return self.ids[index], self.left[index]

    def build_row(self, index: int, width: int) -> Content:
        return self.prompt(self.ids[index], self.left[index], width)

    def show(self, ids: list[str], left: tuple[int, ...], index: int) -> None:
        """Other documents, or in another order."""
        self.ids = ids
        self.left = left
        self.index = index
        self.refresh()  # the ids may have moved with their counts the same

    def watch_left(self, before: tuple[int, ...], left: tuple[int, ...]) -> None:
        # The list's height follows its rows (up to its panel's share): a row count that
        # changed lays the screen out again; counts that changed only redraw.
        self.count_rows(lay_out=len(before) != len(left))
        self.refresh()

    def watch_index(self, index: int) -> None:
        self.highlight(index if 0 <= index < self.row_count else None)

    def on_resize(self) -> None:
        self.count_rows(lay_out=False)
        self.refresh()

    def picked(self, index: int) -> None:
        self.post_message(self.Picked(index))
