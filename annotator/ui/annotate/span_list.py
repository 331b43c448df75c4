"""The side list of the document's spans in reading order; picking one jumps to it.

Suggestions are listed among the spans, marked ``?`` after the label and not filled; stale
spans (their text moved when the corpus changed) are marked ``!`` and struck through. A span's
relations and attributes follow its text (``link_keys.link_notes``: ``← SPEAKER: نتنياهو``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.problems import printable
from annotator.session.editing import reading_order
from annotator.ui.shared.visual import Doc, fit_row, option_width

# Labels are shown whole when the text beside them still gets this many cells; else cut.
MIN_TEXT_CELLS = 8
SHORT_LABEL = 4
STALE_COLOUR = "#e06c75"
# A span's text is cut before it is laid out: a row shows only its first words.
DETAIL_CHARS = 200
SPAN, SUGGESTION = "span", "suggestion"
NOTED_TEXT_CELLS = 3


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
        self._width = 0
        self._focused: Span | None = None
        self._notes: Mapping[str, tuple[str, str]] = {}

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(span for kind, span in self.rows if kind == SPAN)

    def _label_cells(self, width: int) -> int:
        """The whole longest label name (and its ``?`` / ``!`` mark) when the panel has room
        for it beside a span's text and offsets; else its first few letters."""
        full = max((len(name) for name in self.labels.names), default=SHORT_LABEL) + 1
        offsets = len(" 00000–00000")
        return full if width - full - 1 - offsets >= MIN_TEXT_CELLS else SHORT_LABEL

    def _prompt(
        self, kind: str, span: Span, width: int, note: tuple[str, str] = ("", "")
    ) -> Content:
        label = self.labels.get(span.label)
        colour = label.color if label else "#888888"
        cells = self._label_cells(width)
        name = printable(span.label)  # a journal may carry any label
        if span.stale:
            chip = (f"{name[: cells - 1]}!", f"bold strike underline {STALE_COLOUR}")
        elif kind == SUGGESTION:
            chip = (f"{name[: cells - 1]}?", f"underline {colour}")
        else:
            chip = (name[:cells], f"#1b1b1b on {colour}")
        return fit_row(
            width,
            chip,
            " " * (cells - len(chip[0]) + 1),  # outside the chip: only the name is coloured
            # With a note (its relations) the span's own text gives up room for it.
            Doc(
                span.text[:DETAIL_CHARS],
                "dim" if kind == SUGGESTION else "",
                NOTED_TEXT_CELLS if note[0] else None,
            ),
            *((" ", (note[0], "italic")) if note[0] else ()),
            *((" ", Doc(note[1], "italic")) if note[1] else ()),
            (f" {span.start}–{span.end}", "dim"),
        )

    def show(
        self,
        spans: Sequence[Span],
        focused: Span | None,
        suggestions: Sequence[Span] = (),
        notes: Mapping[str, tuple[str, str]] | None = None,
    ) -> None:
        """``notes``: span id -> what to show after its text (its relations, attributes):
        names kept whole, then the linked spans' text."""
        notes = self._notes if notes is None else notes
        rows = tuple(
            sorted(
                [*((SPAN, s) for s in spans), *((SUGGESTION, s) for s in suggestions)],
                key=lambda row: reading_order(row[1]),
            )
        )
        width = option_width(self)
        if (rows, width, notes) != (self.rows, self._width, self._notes):
            if width != self._width or notes != self._notes:
                self._width, self._row_options = width, {}
            self.rows, self._notes = rows, notes
            self._row_options = {
                row: self._row_options.get(row)
                or Option(
                    self._prompt(
                        *row, width, notes.get(row[1].id, ("", "")) if row[0] == SPAN else ("", "")
                    )
                )
                for row in rows
            }
            if rows:
                self.set_options(self._row_options[row] for row in rows)
            else:
                # Textual's set_options([]) empties the list but never redraws it: the last
                # span would stay on screen after undoing it.
                self.clear_options()
        self._focused = focused
        if focused is not None and (SPAN, focused) in self.rows:
            self.highlighted = self.rows.index((SPAN, focused))
        else:
            self.highlighted = None

    def on_resize(self) -> None:
        # Rows are built for a width: a wider panel shows whole labels and more text.
        suggestions = [span for kind, span in self.rows if kind == SUGGESTION]
        self.show(self.spans, self._focused, suggestions)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, span = self.rows[event.option_index]
        self.post_message(self.Picked(span, suggested=kind == SUGGESTION))
