"""The side list of the document's spans in reading order; picking one jumps to it.

Suggestions are listed among the spans, marked ``?`` after the label and not filled; stale
spans (their text moved when the corpus changed) are marked ``!`` and struck through.

A 5 MB article can carry thousands of suggestions, and each row lays out its span's text
(shaped, reordered, cut to the row): the list is virtual, a row is built only when it is
drawn (and kept until the width changes), so opening such an article costs the rows on
screen, not the rows in the list.
A span's relations and attributes follow its text (``link_keys.link_notes``:
``← SPEAKER: نتنياهو``).

A label key adds a row, and a row count changing must not lay out the screen: the list's size
is fixed by its panel and its scrollbar is always there (``overflow-y: scroll``), so only the
scroll range and the thumb change with the rows (``VirtualRows.count_rows``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.content import Content
from textual.message import Message

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.problems import printable
from annotator.session.editing import reading_order
from annotator.suggest.model import SOURCE_PREFIX
from annotator.ui.shared.virtual_rows import VirtualRows
from annotator.ui.shared.visual import Doc, cells_of, fit_row, fixed_cells

# Labels are shown whole when the text beside them still gets this many cells; else cut.
MIN_TEXT_CELLS = 8
SHORT_LABEL = 4
STALE_COLOUR = "#e06c75"
# A span's text is cut before it is laid out: a row shows only its first words.
DETAIL_CHARS = 200
SPAN, SUGGESTION = "span", "suggestion"
NOTED_TEXT_CELLS = 3

Row = tuple[str, Span]


class SpanList(VirtualRows):
    """Not in the focus chain: Tab steps through spans in the article instead."""

    DEFAULT_CSS = """
    SpanList {
        /* Always shown: a bar coming and going with the rows would lay out the screen. */
        overflow-y: scroll;
    }
    """

    class Picked(Message):
        def __init__(self, span: Span, suggested: bool = False) -> None:
            super().__init__()
            self.span = span
            self.suggested = suggested

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.rows: tuple[Row, ...] = ()
        self._notes: Mapping[str, tuple[str, str]] = {}

    @property
    def spans(self) -> tuple[Span, ...]:
        return tuple(span for kind, span in self.rows if kind == SPAN)

    @property
    def row_count(self) -> int:
        return len(self.rows)

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
        pad = " " * (cells - len(chip[0]) + 1)  # outside the chip: only the name is coloured
        offsets = (f" {span.start}–{span.end}", "dim")
        style = "dim" if kind == SUGGESTION else ""
        if not note[0]:
            own = Doc(span.text[:DETAIL_CHARS], style)
            return fit_row(width, chip, pad, own, offsets, *_sureness(kind, span))
        # With a note (its relations, attributes) the span's own text shares the row with
        # it, then (in a narrow panel) the offsets give up their room. A relation's partner
        # (cut at a word's end) is what its row is read for: the span's own text keeps only
        # a few cells beside it, and none when the partner's text still does not fit.
        named = (note[0], "italic")
        partner = (" ", Doc(note[1], "italic", words=True)) if note[1] else ()
        own_cells = NOTED_TEXT_CELLS if partner else MIN_TEXT_CELLS
        own = Doc(span.text[:DETAIL_CHARS], style, NOTED_TEXT_CELLS if partner else None)
        layouts = [
            (chip, pad, own, " ", named, *partner, offsets),
            (chip, pad, own, " ", named, *partner),
            *([(chip, pad, named, *partner)] if partner else []),
        ]
        for parts in layouts:
            need = min(cells_of(own.text), own_cells) * (own in parts) + cells_of(note[1])
            if fixed_cells(parts) + need <= width:
                return fit_row(width, *parts)
        return fit_row(width, *layouts[-1])

    def row_key(self, index: int) -> Row:
        # A row never changes, so labelling keeps the rows already built. A suggestion and the
        # span it becomes once accepted are equal, so the kind is part of the key.
        return self.rows[index]

    def build_row(self, index: int, width: int) -> Content:
        kind, span = self.rows[index]
        note = self._notes.get(span.id, ("", "")) if kind == SPAN else ("", "")
        return self._prompt(kind, span, width, note)

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
        if notes != self._notes:
            # A row's note (its relations) is part of what is drawn: rebuild the rows.
            self._notes = notes
            self.forget_rows()
            self.refresh()
        if rows != self.rows:
            self.rows = rows
            self.forget_rows(keep=set(rows).__contains__)
            self.count_rows(lay_out=False)
            self.refresh()
        highlighted = None
        if focused is not None and (SPAN, focused) in rows:
            highlighted = rows.index((SPAN, focused))
        self.highlight(highlighted)

    def on_resize(self) -> None:
        # Rows are built for a width: a wider panel shows whole labels and more text.
        self.count_rows(lay_out=False)
        self.refresh()

    def picked(self, index: int) -> None:
        kind, span = self.rows[index]
        self.post_message(self.Picked(span, suggested=kind == SUGGESTION))


def _sureness(kind: str, span: Span) -> tuple[tuple[str, str], ...]:
    """A learned model's confidence in its suggestion, after the offsets (``97%``)."""
    if kind != SUGGESTION or span.confidence is None or not span.source.startswith(SOURCE_PREFIX):
        return ()
    return ((f" {span.confidence:.0%}", "dim"),)
