"""Beside the candidates: the current document's relations, attributes and document labels,
each with the reviewer's decision, its agreement state, who made it, and why it cannot be in
gold when a span it needs is not (a relation to a rejected span is never written)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.problems import printable
from annotator.session.review import ACCEPTED, PENDING, REJECTED
from annotator.session.review_links import ATTRIBUTE, RELATION, LinkCandidate
from annotator.ui.review.widgets import DECISION_MARKS, DETAIL_CHARS, chip
from annotator.ui.shared.visual import Doc, Part, fit_row, option_width

# What a row says of a link no decision can bring into gold.
NEVER = "✗ end not in gold"
WAITING = "end not accepted yet"


@dataclass(frozen=True, slots=True)
class ShownLink:
    """A link candidate as its row shows it: the decision on it, the texts of the spans it
    joins, and why it cannot be in gold now ("" when it can; ``never`` when a span it needs
    was turned away)."""

    link: LinkCandidate
    decision: str = PENDING
    head_text: str = ""
    tail_text: str = ""
    blocked: str = ""
    never: bool = False


def link_parts(shown: ShownLink, style: str = "") -> list[Part]:
    """The link itself: head text -> TYPE -> tail text, span text: name = value, or
    name = value of the document."""
    key = shown.link.key
    name, value = printable(key.name), printable(key.value)
    if key.kind == RELATION:
        return [
            Doc(shown.head_text[:DETAIL_CHARS], style),
            (f" → {name} → ", style or "bold"),
            Doc(shown.tail_text[:DETAIL_CHARS], style),
        ]
    if key.kind == ATTRIBUTE:
        return [Doc(shown.head_text[:DETAIL_CHARS], style), (f" {name} = {value}", style)]
    return [(f"doc: {name} = {value}" if key.name else f"doc: {value}", style)]


class LinkList(OptionList):
    links: reactive[tuple[ShownLink, ...]] = reactive(())
    current_link: reactive[LinkCandidate | None] = reactive(None)

    class Picked(Message):
        def __init__(self, link: LinkCandidate) -> None:
            super().__init__()
            self.link = link

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self._width = 0

    @staticmethod
    def prompt(shown: ShownLink, width: int) -> Content:
        decision = shown.decision
        style = "bold" if decision == ACCEPTED else ("dim strike" if decision == REJECTED else "")
        names = ",".join(shown.link.annotators)
        tail: list[Part] = [" ", Doc(names, "dim")]
        if shown.never:
            tail = [(f" {NEVER}", "bold #e06c75"), *tail]
        elif shown.blocked:
            tail = [(f" ({WAITING})", "dim"), *tail]
        # Two rows: what the reviewer decided and who made it, then the link itself, so
        # both span texts have room in a narrow side panel.
        said = fit_row(
            width,
            (DECISION_MARKS[decision], style or "bold"),
            " ",
            chip(shown.link.state),
            *tail,
        )
        return Content("\n").join([said, fit_row(width, "  ", *link_parts(shown, style))])

    def _show_all(self) -> None:
        self._width = option_width(self)
        self.set_options(Option(self.prompt(s, self._width)) for s in self.links)
        self.watch_current_link(self.current_link)

    def watch_links(self) -> None:
        self._show_all()

    def watch_current_link(self, current: LinkCandidate | None) -> None:
        links = [shown.link for shown in self.links]
        self.highlighted = links.index(current) if current in links else None

    def on_resize(self) -> None:
        if self.links and self._width != option_width(self):
            self._show_all()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self.links[event.option_index].link))
