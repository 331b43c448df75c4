"""The article: a line-by-line view over the layout engine with a cursor, a selection and
highlighted spans.

Nothing here reorders or shapes text: every row comes from ``annotator.layout`` and every
screen cell maps back to logical offsets through it. Document text goes out as plain
``Segment``s, never through markup. The cursor and the selection are logical offsets; the
arrow keys move visually by asking the layout which cell is next on the row.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from annotator.annotations.model import Span
from annotator.layout.bidi import carries_directional_marks
from annotator.layout.layout import DisplayLine, Layout, LayoutOptions, layout_text
from annotator.text.words import (
    extend_by_word,
    next_word_start,
    previous_word_start,
    snap,
    step_edge,
    word_at,
)
from annotator.ui.shared.bindings import bindings_of

TEXT_ON_COLOUR = "#1b1b1b"
SELECTION_COLOUR = "#c8c8e8"
# Spans whose label is not in the current label set (saved with another labels file).
UNKNOWN_LABEL_COLOUR = "#888888"


@dataclass(frozen=True, slots=True)
class SpanStyle:
    """How one span is drawn.

    ``fill``: ``colour`` is the background (an accepted span). Otherwise ``colour`` is the
    text's colour on the normal background, for spans that are not (yet) the annotator's:
    a suggestion is underlined and dim, a stale span struck through.
    """

    colour: str
    fill: bool = True
    underline: bool = False
    dim: bool = False
    strike: bool = False


StyleFor = Callable[[Span], SpanStyle]
# How a run of cells is drawn: (innermost span's style, nested, focused, selected, cursor).
_RunKey = tuple[SpanStyle | None, bool, bool, bool, bool]


class ArticleView(ScrollView, can_focus=True):
    """Shows ``text`` laid out for the widget's width, with ``spans`` styled.

    Reusable: give it a text and spans, and either a mapping label -> SpanStyle or a
    ``style_for(span) -> SpanStyle`` callable (for callers that style spans by more than their
    label); read ``cursor``, ``selection`` and ``target()``; listen to ``ArticleView.Moved``
    and ``ArticleView.Clicked``.
    """

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_of("article")]

    snap_words: reactive[bool] = reactive(True)
    show_cursor: reactive[bool] = reactive(True)

    class Moved(Message):
        """The cursor or the selection changed."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view
            self.cursor = view.cursor
            self.selection = view.selection

        @property
        def control(self) -> ArticleView:
            return self.view

    class Clicked(Message):
        """A click (press and release on one cell) at logical ``offset``."""

        def __init__(self, view: ArticleView, offset: int) -> None:
            super().__init__()
            self.view = view
            self.offset = offset

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(
        self,
        text: str = "",
        *,
        styles: Mapping[str, SpanStyle] | None = None,
        style_for: StyleFor | None = None,
        spans: Iterable[Span] = (),
        options: LayoutOptions | None = None,
        show_cursor: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(ArticleView.show_cursor, show_cursor)
        self.text = text
        self.carries_marks = carries_directional_marks(text)
        self.options = options or LayoutOptions()
        self.span_styles: dict[str, SpanStyle] = dict(styles or {})
        self.style_for: StyleFor = style_for or self.label_style
        self.spans: tuple[Span, ...] = tuple(spans)
        # Each span's style, asked once per set_spans: rendering a row only looks it up.
        self._span_style: dict[Span, SpanStyle] = {s: self.style_for(s) for s in self.spans}
        self.focused_span: Span | None = None
        self.cursor = 0
        self._anchor: int | None = None
        self._exact: tuple[int, int] | None = None
        self._goal_col: int | None = None
        self._layout: Layout | None = None
        self._layout_version = -1
        self._spans_by_start: list[Span] = []
        self._span_starts: list[int] = []
        self._longest_span = 0
        # Per row on screen: (col_start, col_end, span) of each span on it, built when drawn.
        self._row_spans: dict[int, list[tuple[int, int, Span]]] = {}
        self._index_spans()
        self._shown_selection: tuple[int, int] | None = None
        self._style_cache: dict[_RunKey, Style] = {}
        self._drag_from: int | None = None
        self._dragged = False

    def label_style(self, span: Span) -> SpanStyle:
        """The default ``style_for``: the span's label colour as background."""
        return self.span_styles.get(span.label) or SpanStyle(UNKNOWN_LABEL_COLOUR)

    def watch_snap_words(self) -> None:
        if self._layout is not None:
            self._refresh_selection()
            self.post_message(self.Moved(self))

    # -- layout ---------------------------------------------------------------------------

    @property
    def layout_width(self) -> int:
        return max(self.scrollable_content_region.width, 1)

    @property
    def text_layout(self) -> Layout:
        """The layout for the current text and width: made once per (text, width) and laid
        out lazily, only the blocks of text that are drawn or asked about."""
        width = self.layout_width
        layout = self._layout
        if layout is None or layout.width != width or layout.text is not self.text:
            layout = self._layout = layout_text(self.text, width, self.options)
            self._layout_version = -1
        if layout.version != self._layout_version:
            self._rows_moved(layout)
        return layout

    def _rows_moved(self, layout: Layout) -> None:
        """A block was laid out and its exact row count replaced an estimate: the rows after
        it moved, so the scroll area and the spans' rows are worked out again."""
        self._layout_version = layout.version
        self.virtual_size = Size(layout.width, layout.row_count)
        self._row_spans.clear()
        self.refresh()

    def _sync_rows(self) -> None:
        layout = self._layout
        if layout is not None and layout.version != self._layout_version:
            self._rows_moved(layout)

    def on_resize(self, event: events.Resize) -> None:
        _ = self.text_layout
        self.call_after_refresh(self.scroll_to_cursor)
        self.refresh()

    def set_document(self, text: str, spans: Iterable[Span] = ()) -> None:
        self.text = text
        # Wire text's LRM/RLM marks do not decide a paragraph's direction (the first letter
        # does); the screen says so, since the marks themselves are invisible.
        self.carries_marks = carries_directional_marks(text)
        self.spans = tuple(spans)
        self._span_style = {span: self.style_for(span) for span in self.spans}
        self.focused_span = None
        self.cursor = 0
        self._anchor = None
        self._exact = None
        self._goal_col = None
        self._layout = None
        _ = self.text_layout
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Moved(self))

    def set_spans(self, spans: Iterable[Span], focused: Span | None = None) -> None:
        spans = tuple(spans)
        styles = {span: self.style_for(span) for span in spans}
        # Only the rows of spans that appeared, went, changed style or focus are drawn again.
        changed = set(self.spans) ^ set(spans)
        changed |= {span for span, style in styles.items() if self._span_style.get(span) != style}
        if self.focused_span != focused:
            changed |= {span for span in (self.focused_span, focused) if span is not None}
        self.spans = spans
        self._span_style = styles
        self.focused_span = focused
        self._index_spans()
        self._refresh_ranges((span.start, span.end) for span in changed)

    def _index_spans(self) -> None:
        """Spans by start, so that a row finds its spans by bisection when it is drawn (a
        span's cells are worked out only for the rows on screen)."""
        self._spans_by_start = sorted(self.spans, key=lambda span: span.start)
        self._span_starts = [span.start for span in self._spans_by_start]
        self._longest_span = max((span.end - span.start for span in self.spans), default=0)
        self._row_spans.clear()

    def _spans_on_row(
        self, layout: Layout, row: int, line: DisplayLine
    ) -> list[tuple[int, int, Span]]:
        found = self._row_spans.get(row)
        if found is None:
            found = []
            first = bisect_left(self._span_starts, line.start - self._longest_span)
            last = bisect_left(self._span_starts, line.end)
            for span in self._spans_by_start[first:last]:
                if span.end > line.start:
                    for col_start, col_end in layout.row_pieces(row, span.start, span.end):
                        found.append((col_start, col_end, span))
            self._row_spans[row] = found
        return found

    def _refresh_ranges(self, ranges: Iterable[tuple[int, int]]) -> None:
        """Draw again the rows on screen that show any of ``ranges``."""
        layout = self._layout
        ranges = list(ranges)
        if layout is None or not ranges:
            return
        top = int(self.scroll_offset.y)
        for row in range(top, top + self.scrollable_content_region.height):
            line = layout.line(row)
            if line is None:
                break
            if any(start < line.end and end > line.start for start, end in ranges):
                self.refresh_line(row)

    def _refresh_selection(self) -> None:
        old, new = self._shown_selection, self.selection
        self._shown_selection = new
        if old != new:
            self._refresh_ranges(r for r in (old, new) if r is not None)

    # -- rendering ------------------------------------------------------------------------

    def _style(self, key: _RunKey) -> Style:
        style = self._style_cache.get(key)
        if style is None:
            inner, nested, focused, selected, cursor = key
            parts = []
            if inner is not None:
                if inner.fill:
                    parts.append(Style(color=TEXT_ON_COLOUR, bgcolor=inner.colour))
                else:
                    parts.append(Style(color=inner.colour))
                if inner.underline or inner.dim or inner.strike:
                    parts.append(
                        Style(
                            underline=inner.underline or None,
                            dim=inner.dim or None,
                            strike=inner.strike or None,
                        )
                    )
                if nested:
                    parts.append(Style(bold=True, underline=True))
                if focused:
                    parts.append(Style(bold=True, italic=True, color="#ffffff"))
            if selected:
                parts.append(Style(color=TEXT_ON_COLOUR, bgcolor=SELECTION_COLOUR, underline=True))
            if cursor:
                parts.append(Style(reverse=True))
            style = Style.combine(parts) if parts else Style()
            self._style_cache[key] = style
        return style

    def render_line(self, y: int) -> Strip:
        layout = self.text_layout
        row = y + int(self.scroll_offset.y)
        width = self.size.width
        base = self.rich_style
        line = layout.line(row)
        if layout.version != self._layout_version:
            # Drawing laid out a block: the scroll area is resized once this frame is out.
            self.call_after_refresh(self._sync_rows)
        if line is None:
            return Strip.blank(width, base)
        spans_here = self._spans_on_row(layout, row, line)
        selection = self.selection
        selected_here: list[tuple[int, int]] = []
        if selection is not None and selection[0] < line.end and selection[1] > line.start:
            selected_here = layout.row_pieces(row, *selection)
        cursor_col = -1
        if self.show_cursor:
            cursor_row, cursor_col = layout.position_of(self.cursor)
            if cursor_row != row:
                cursor_col = -1
        segments = [Segment(" " * line.indent, base)] if line.indent else []
        col = line.indent
        run_text: list[str] = []
        run_key: _RunKey = (None, False, False, False, False)
        for cell in line.cells:
            inner = None
            nested = focused = False
            if spans_here:
                covering = [s for c0, c1, s in spans_here if c0 <= col < c1]
                if covering:
                    top = min(covering, key=lambda s: (s.end - s.start, s.label))
                    inner = self._span_style[top]
                    nested = len(covering) > 1
                    focused = self.focused_span in covering
            selected = any(c0 <= col < c1 for c0, c1 in selected_here)
            key = (inner, nested, focused, selected, col == cursor_col)
            if key != run_key and run_text:
                segments.append(Segment("".join(run_text), base + self._style(run_key)))
                run_text = []
            run_key = key
            run_text.append(cell.glyph)
            col += cell.width
        if run_text:
            segments.append(Segment("".join(run_text), base + self._style(run_key)))
        if cursor_col >= col:
            # The cursor after the last character of the document or of a line.
            segments.append(Segment(" " * (cursor_col - col), base))
            segments.append(Segment(" ", base + self._style((None, False, False, False, True))))
            col = cursor_col + 1
        return Strip(segments, col).adjust_cell_length(width, base)

    def line_text(self, row: int) -> str:
        """Row ``row`` as the layout gives it: indent plus glyphs in visual order."""
        line = self.text_layout.lines[row]
        return " " * line.indent + "".join(cell.glyph for cell in line.cells)

    # -- cursor and selection -------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """The selected logical range, snapped to whole words in word mode; None if none."""
        if self._exact is not None:
            return self._exact
        if self._anchor is None:
            return None
        layout = self.text_layout
        first = self._cell_range(layout, self._anchor)
        last = self._cell_range(layout, self.cursor)
        start, end = min(first[0], last[0]), max(first[1], last[1])
        if self.snap_words:
            return snap(self.text, start, end)
        return start, end

    def target(self) -> tuple[int, int] | None:
        """What a label key applies to: the selection, else the word (or cell) at the cursor."""
        selection = self.selection
        if selection is not None:
            return selection
        if self.cursor >= len(self.text):
            return None
        if self.snap_words:
            word = word_at(self.text, self.cursor)
            if word is not None:
                return word
        start, end = self._cell_range(self.text_layout, self.cursor)
        return (start, end) if start < end else None

    def _cell_range(self, layout: Layout, offset: int) -> tuple[int, int]:
        if offset >= len(self.text):
            return len(self.text), len(self.text)
        row, col = layout.position_of(offset)
        found = layout.cell_range_at(row, col)
        return found if found is not None else (offset, offset + 1)

    def select(self, start: int, end: int) -> None:
        """Select exactly ``[start, end)`` (no snapping), cursor at its start."""
        self._set_cursor(start)
        self._anchor = None
        self._exact = (start, end)
        self._after_move()

    def clear_selection(self) -> None:
        if self._anchor is None and self._exact is None:
            return
        self._anchor = None
        self._exact = None
        self._after_move()

    def adjust_selection(self, edge: str, delta: int) -> bool:
        """Move the ``start`` or ``end`` edge of the target by one character; False if that
        would leave nothing selected."""
        target = self.target()
        if target is None:
            return False
        start, end = target
        if edge == "start":
            start = step_edge(self.text, start, delta)
        else:
            end = step_edge(self.text, end, delta)
        if start >= end:
            return False
        self._exact = (start, end)
        self._anchor = None
        self._after_move()
        return True

    def move_to(self, offset: int, extend: bool = False) -> None:
        offset = min(max(offset, 0), len(self.text))
        if extend:
            if self._exact is not None:
                self._anchor = self._exact[0] if offset >= self._exact[0] else self._exact[1] - 1
                self._exact = None
            elif self._anchor is None:
                self._anchor = self.cursor
        else:
            self._anchor = None
            self._exact = None
        self._set_cursor(offset)
        self._after_move()

    def _set_cursor(self, offset: int) -> None:
        layout = self.text_layout
        if offset != self.cursor and self.show_cursor:
            self.refresh_line(layout.row_of(self.cursor))
            self.refresh_line(layout.row_of(offset))
        self.cursor = offset

    def _after_move(self) -> None:
        self._refresh_selection()
        self.scroll_to_cursor()
        self.post_message(self.Moved(self))

    def scroll_to_cursor(self) -> None:
        if not self.text:
            return
        layout = self.text_layout
        # A screen's rows around the cursor are laid out first, so drawing them moves nothing.
        layout.lay_out_around(self.cursor, self.scrollable_content_region.height)
        row = layout.row_of(self.cursor)
        self._sync_rows()
        self.scroll_to_region(
            Region(0, row, 1, 1), animate=False, immediate=True, force=True, x_axis=False
        )

    # -- keyboard movement ----------------------------------------------------------------

    def action_move(self, how: str, extend: bool = False) -> None:
        if extend and how in ("word_left", "word_right"):
            self._extend_by_word(forward=(how == "word_left") == self._forward_on_left())
            return
        offset = getattr(self, f"_target_{how}")()
        if how not in ("up", "down", "page_up", "page_down"):
            self._goal_col = None
        if offset is not None:
            self.move_to(offset, extend)

    def _extend_by_word(self, forward: bool) -> None:
        """One word more (or less) selected per press (text.words.extend_by_word)."""
        self._goal_col = None
        if self._exact is not None:
            self.move_to(self.cursor, extend=True)  # an exact selection becomes anchor..cursor
        self._anchor, cursor = extend_by_word(self.text, self._anchor, self.cursor, forward)
        self._set_cursor(cursor)
        self._after_move()

    def _cells_of_row(self, row: int) -> list[tuple[int, int, int]]:
        """(col, start, end) of each cell of ``row``, left to right."""
        line = self.text_layout.line(row)
        if line is None:
            return []
        col = line.indent
        out = []
        for cell in line.cells:
            out.append((col, cell.start, cell.end))
            col += cell.width
        return out

    def _horizontal(self, step: int) -> int | None:
        layout = self.text_layout
        if not layout.lines:
            return None
        row, col = layout.position_of(self.cursor)
        cells = self._cells_of_row(row)
        here = next((i for i, (_, s, e) in enumerate(cells) if s <= self.cursor < e), None)
        if here is not None:
            index = here + step
        elif step > 0:
            # The cursor sits past the row's text (end of the document): it has a column only.
            index = next((i for i, (c, _, _) in enumerate(cells) if c > col), len(cells))
        else:
            index = max((i for i, (c, _, _) in enumerate(cells) if c < col), default=-1)
        if 0 <= index < len(cells):
            return cells[index][1]
        # Off the edge of the row: continue on the row before or after, as reading goes on.
        forward = (step < 0) == layout.lines[row].rtl
        next_row = row + 1 if forward else row - 1
        if not 0 <= next_row < len(layout.lines):
            return len(self.text) if forward else None
        next_cells = self._cells_of_row(next_row)
        if not next_cells:
            return layout.lines[next_row].start
        # Entering a row where reading enters it: its first character going on, its last going
        # back. Within one direction that is the visually nearest edge; across an LTR/RTL
        # paragraph change it keeps a Shift+arrow selection growing by one character instead
        # of swallowing the whole row.
        if forward:
            return layout.lines[next_row].start
        return max(start for _, start, _ in next_cells)

    def _target_left(self) -> int | None:
        return self._horizontal(-1)

    def _target_right(self) -> int | None:
        return self._horizontal(+1)

    def _vertical(self, rows: int) -> int | None:
        layout = self.text_layout
        if not layout.lines:
            return None
        row, col = layout.position_of(self.cursor)
        if self._goal_col is None:
            self._goal_col = col
        target = min(max(row + rows, 0), len(layout.lines) - 1)
        if target == row:
            return None
        cells = self._cells_of_row(target)
        if not cells:
            line = layout.line(target)  # an empty line; None past a block that came out shorter
            return None if line is None else line.start
        goal = self._goal_col
        best = min(cells, key=lambda c: (abs(c[0] - goal), c[0]))
        return best[1]

    def _target_up(self) -> int | None:
        return self._vertical(-1)

    def _target_down(self) -> int | None:
        return self._vertical(+1)

    def _target_page_up(self) -> int | None:
        return self._vertical(-max(self.scrollable_content_region.height - 1, 1))

    def _target_page_down(self) -> int | None:
        return self._vertical(max(self.scrollable_content_region.height - 1, 1))

    def _forward_on_left(self) -> bool:
        """Whether the left arrow goes forward in reading order on the cursor's row."""
        layout = self.text_layout
        if not layout.lines:
            return False
        return layout.lines[layout.row_of(self.cursor)].rtl

    def _target_word_left(self) -> int:
        if self._forward_on_left():
            return next_word_start(self.text, self.cursor)
        return previous_word_start(self.text, self.cursor)

    def _target_word_right(self) -> int:
        if self._forward_on_left():
            return previous_word_start(self.text, self.cursor)
        return next_word_start(self.text, self.cursor)

    def _target_home(self) -> int | None:
        layout = self.text_layout
        return layout.lines[layout.row_of(self.cursor)].start if layout.lines else None

    def _target_end(self) -> int | None:
        layout = self.text_layout
        if not layout.lines:
            return None
        line = layout.lines[layout.row_of(self.cursor)]
        end = line.end
        while end > line.start and self.text[end - 1].isspace():
            end -= 1
        return max(line.start, end - 1)

    def _target_top(self) -> int:
        return 0

    def _target_bottom(self) -> int:
        return max(len(self.text) - 1, 0)

    # -- mouse ----------------------------------------------------------------------------

    def offset_at_pointer(self, event: events.MouseEvent) -> int | None:
        """The logical offset of the cell under the pointer (the nearest cell on that row
        when the pointer is beside the text)."""
        layout = self.text_layout
        if not layout.lines:
            return None
        where = event.get_content_offset_capture(self)
        row = min(max(where.y + int(self.scroll_offset.y), 0), len(layout.lines) - 1)
        col = where.x + int(self.scroll_offset.x)
        offset = layout.offset_at(row, col)
        if offset is not None:
            return offset
        cells = self._cells_of_row(row)
        if not cells:
            line = layout.line(row)
            return None if line is None else line.start
        nearest = min(cells, key=lambda c: abs(c[0] - col))
        return nearest[1]

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if event.button != 1:
            return
        offset = self.offset_at_pointer(event)
        if offset is None:
            return
        self.focus()
        self._goal_col = None
        if event.shift:
            # Shift+click extends the selection: for spans longer than a screen.
            self.move_to(offset, extend=True)
            return
        self.capture_mouse()
        self._drag_from = offset
        self._dragged = False
        self.move_to(offset)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._drag_from is None:
            return
        # Dragging past the top or bottom edge scrolls, so a selection can be longer than
        # the screen.
        y = event.get_content_offset_capture(self).y
        if y < 0:
            self.scroll_to(y=self.scroll_offset.y - 1, animate=False, immediate=True)
        elif y >= self.scrollable_content_region.height:
            self.scroll_to(y=self.scroll_offset.y + 1, animate=False, immediate=True)
        offset = self.offset_at_pointer(event)
        if offset is None or (offset == self.cursor and self._anchor is not None):
            return
        if offset != self._drag_from or self._dragged:
            self._dragged = True
            self._anchor = self._drag_from
            self._exact = None
            self._set_cursor(offset)
            self._after_move()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._drag_from is None:
            return
        self.release_mouse()
        offset = self.offset_at_pointer(event)
        if offset is not None and (offset != self._drag_from or self._dragged):
            self._anchor = self._drag_from
            self._exact = None
            self._set_cursor(offset)
            self._after_move()
        elif offset is not None:
            self.post_message(self.Clicked(self, offset))
        self._drag_from = None

    def on_click(self, event: events.Click) -> None:
        if event.chain < 2:
            return
        offset = self.offset_at_pointer(event)
        word = word_at(self.text, offset) if offset is not None else None
        if word is not None:
            self.select(*word)


def reading_layout(
    prefix: str, header: Widget, article: ArticleView, status: Widget, side: Iterable[Widget]
) -> ComposeResult:
    """The layout of a screen for reading an article (annotate, review): the header on top,
    the article over its status line, the side panel beside them; the containers' ids are
    ``<prefix>main``, ``<prefix>reading`` and ``<prefix>side`` (the stylesheets size them)."""
    yield header
    with Horizontal(id=f"{prefix}main"):
        with Vertical(id=f"{prefix}reading"):
            yield article
            yield status
        with Vertical(id=f"{prefix}side"):
            yield from side
