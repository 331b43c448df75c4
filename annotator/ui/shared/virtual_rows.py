"""A side list whose rows are built only when they are drawn.

Each row lays out text from a file (shaped, reordered, cut to the row), and a list may hold
thousands: a 5 MB article's suggestions, a review's 20,000 documents. An ``OptionList``
builds every row when it is given them, on the UI thread, so a key waited seconds behind it;
here a subclass says how many rows there are, what each shows (``row_key``) and how to build
one (``build_row``); a row is built when first drawn and kept while it shows the same at the
same width, so showing a list, or changing a few of its rows, costs the rows on screen.

The lists are not in the focus chain (Tab and the arrows belong to the article); a click
on a row calls ``picked``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class VirtualRows(ScrollView, can_focus=False):
    DEFAULT_CSS = """
    VirtualRows {
        padding: 0 1;
        color: $foreground;
        background: $surface;
        overflow-x: hidden;
        & > .virtual-rows--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"virtual-rows--highlighted"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.highlighted: int | None = None
        # Each row drawn so far, by what it shows, built for ``_width``.
        self._built: dict[Hashable, Content] = {}
        self._width = 0

    @property
    def row_count(self) -> int:
        raise NotImplementedError

    def row_key(self, index: int) -> Hashable:
        """What row ``index`` shows: a row is built again only when this changes."""
        raise NotImplementedError

    def build_row(self, index: int, width: int) -> Content:
        """Row ``index`` laid out in ``width`` cells."""
        raise NotImplementedError

    def row_content(self, index: int) -> Content:
        """Row ``index`` as drawn at ``row_width`` cells (built now if it was not yet)."""
        width = self.row_width
        if width != self._width:
            self._width, self._built = width, {}
        key = self.row_key(index)
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = self.build_row(index, width)
        return built

    @property
    def rows_laid_out(self) -> int:
        """How many rows are built now: those drawn since they or the width changed."""
        return len(self._built)

    def forget_rows(self, keep: Callable[[Hashable], bool] = lambda _key: False) -> None:
        """Build again, when next drawn, every row (or those whose key ``keep`` refuses)."""
        self._built = {key: row for key, row in self._built.items() if keep(key)}

    def picked(self, index: int) -> None:
        """Row ``index`` was clicked."""
        raise NotImplementedError

    @property
    def row_width(self) -> int:
        """The cells one row has."""
        return self.scrollable_content_region.width

    def row_text(self, index: int) -> str:
        """Row ``index`` as plain text (what a reader of the screen sees, in visual order)."""
        return self.row_content(index).plain

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_offset.y) + y
        width = self.scrollable_content_region.width
        base = self.get_visual_style()
        if not 0 <= index < self.row_count:
            return Strip.blank(width, base.rich_style)
        if index == self.highlighted:
            base = self.get_visual_style("virtual-rows--highlighted")
        segments = self.row_content(index).render_segments(base)
        return Strip(segments).extend_cell_length(width, base.rich_style).crop(0, width)

    def count_rows(self, *, lay_out: bool) -> None:
        """The scroll range and the scrollbar's thumb for the rows now listed.

        ``lay_out``: the list's own height follows its rows (``height: auto``), so the screen
        is laid out again. Without it, only the scroll range and the thumb are set: assigning
        ``virtual_size`` asks for a layout of the whole screen, which made each label key of
        the annotate screen twice as slow."""
        size = Size(self.row_width, self.row_count)
        if lay_out:
            self.virtual_size = size
        else:
            self.set_reactive(VirtualRows.virtual_size, size)
            self.vertical_scrollbar.window_virtual_size = self.row_count
        if self.scroll_y > self.max_scroll_y:  # fewer rows: the last ones fill the list
            self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)

    def highlight(self, index: int | None) -> None:
        """Draw row ``index`` highlighted (None: none) and scroll it into view."""
        if index != self.highlighted:
            self.highlighted = index
            self.refresh()
        if index is not None:
            self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True)

    def on_click(self, event: events.Click) -> None:
        where = event.get_content_offset(self)
        if where is None:
            return
        index = int(self.scroll_offset.y) + where.y
        if 0 <= index < self.row_count:
            event.stop()
            self.picked(index)
