"""A one-line input that draws what is typed as it reads: shaped (joined letters, lam-alef)
and in visual order by the layout engine, right-aligned when it reads right to left, with
the caret on the cell of the character it stands before. The value stays in typing
(logical) order: only the drawing changes.

In right-to-left text the arrow keys move as they point (← reads on), as in the article.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input

from annotator.layout.layout import Layout, layout_text


class ShapedInput(Input):
    def on_mount(self) -> None:
        # The caret is drawn whenever the box has focus: a blink would need Input's private
        # state to know when it is off.
        self.cursor_blink = False

    @property
    def reads_right_to_left(self) -> bool:
        layout = layout_text(self.value, len(self.value) * 2 + 2)
        return bool(layout.lines) and layout.lines[0].rtl

    def _window(self) -> tuple[Layout, int, int]:
        """The value on one row, the row's width and the first column shown. The row is as
        wide as the box when the text fits (so right-to-left text is right-aligned), else
        the text plus a cell for the caret, shown through a window that keeps the caret."""
        value, width = self.value, self.scrollable_content_region.width
        probe = layout_text(value, len(value) * 2 + 2)
        needed = sum(cell.width for line in probe.lines for cell in line.cells) + 1
        row_width = max(width, needed)
        layout = layout_text(value, row_width)
        _, caret = layout.position_of(self.cursor_position)
        left = min(max(caret - width // 2, 0), row_width - width) if row_width > width else 0
        return layout, row_width, left

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self.value or self.password:
            return super().render_line(y)
        layout, row_width, left = self._window()
        line = layout.lines[0]
        _, caret = layout.position_of(self.cursor_position)
        start, end = sorted(self.selection)
        selection_style = self.get_component_rich_style("input--selection")
        segments = [Segment(" " * line.indent)]
        for cell in line.cells:
            selected = self.has_focus and cell.start < end and cell.end > start
            segments.append(Segment(cell.glyph, selection_style if selected else None))
        strip = Strip(segments).extend_cell_length(row_width)
        if self.has_focus:
            cursor_style = self.get_component_rich_style("input--cursor")
            before, at, after = strip.divide([caret, caret + 1, row_width])
            strip = Strip.join([before, at.apply_style(cursor_style), after])
        width = self.scrollable_content_region.width
        strip = strip.crop(left, left + width).extend_cell_length(width + 1)
        return strip.apply_style(self.rich_style)

    def on_click(self, event: events.Click) -> None:
        """The caret goes to the character drawn where the click was (Input's own handler
        counts cells in typing order, wrong for right-to-left text)."""
        if not self.value:
            return
        layout, _, left = self._window()
        margin = self.scrollable_content_region.x - self.region.x
        offset = layout.offset_at(0, event.x - margin + left)
        if offset is not None:
            self.cursor_position = offset

    def action_cursor_left(self, select: bool = False) -> None:
        if self.reads_right_to_left:
            super().action_cursor_right(select)
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        if self.reads_right_to_left:
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)
