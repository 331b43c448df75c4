"""The side list of the document's spans in reading order; picking one jumps to it.

Suggestions are listed among the spans, marked ``?`` after the label and not filled; stale
spans (their text moved when the corpus changed) are marked ``!`` and struck through.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.editing import reading_order
from annotator.labels import LabelSet
from annotator.model import Span
from annotator.ui.visual import visual_line

TEXT_CELLS = 12
STALE_COLOUR = "#e06c75"
SPAN, SUGGESTION = "span", "suggestion"


class SpanList(OptionList, can_focus=False):
    """Not in the focus chain: Tab steps through spans in the article instead."""

    class Picked(Message):
        def __init__(self, span: Span, suggested: bool = False) -> None:
            super().__init__()
            self.span = span
            self.suggested = suggested

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.rows: tuple[tuple[str, Span], ...] = ()
        # A row never changes; laying out its text and measuring it once keeps labelling fast
        # with hundreds of rows. A suggestion and the span it becomes once accepted are
        # equal, so the kind is part of the key.
        self._row_options: dict[tuple[str, Span], Option] = {}

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(span for kind, span in self.rows if kind == SPAN)

    def _prompt(self, kind: str, span: Span) -> Content:
        label = self.labels.get(span.label)
        colour = label.color if label else "#888888"
        if span.stale:
            chip = (f"{span.label[:3]:<3}!", f"bold strike underline {STALE_COLOUR}")
        elif kind == SUGGESTION:
            chip = (f"{span.label[:3]:<3}?", f"underline {colour}")
        else:
            chip = (f"{span.label[:4]:<4}", f"#1b1b1b on {colour}")
        return Content.assemble(
            chip,
            " ",
            (visual_line(span.text, TEXT_CELLS), "dim" if kind == SUGGESTION else ""),
            (f" {span.start}–{span.end}", "dim"),
        )

    def show(
        self, spans: Sequence[Span], focused: Span | None, suggestions: Sequence[Span] = ()
    ) -> None:
        rows = sorted(
            [*((SPAN, s) for s in spans), *((SUGGESTION, s) for s in suggestions)],
            key=lambda row: reading_order(row[1]),
        )
        rows = tuple(rows)
        if rows != self.rows:
            self.rows = rows
            self._row_options = {
                row: self._row_options.get(row) or Option(self._prompt(*row)) for row in rows
            }
            self.set_options(self._row_options[row] for row in rows)
        if focused is not None and (SPAN, focused) in self.rows:
            self.highlighted = self.rows.index((SPAN, focused))
        else:
            self.highlighted = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, span = self.rows[event.option_index]
        self.post_message(self.Picked(span, suggested=kind == SUGGESTION))
