"""A one-line input that draws what is typed as it reads: shaped (joined letters, lam-alef)
and in visual order by the layout engine, right-aligned when it reads right to left, with
the caret on the cell of the character it stands before. The value stays in typing
(logical) order: only the drawing changes.

In right-to-left text the arrow keys move as they point (← reads on), as in the article, and
a click or a drag maps the cells under the pointer back to offsets through the layout.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from annotator.layout.layout import Layout, layout_text


class ShapedInput(Input):
    _dragging = False

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

    def offset_at_pointer(self, event: events.MouseEvent) -> int:
        """The caret position for the cell under the pointer, through the layout (Input's
        own mouse handlers count cells in typing order, wrong for right-to-left text): the
        character drawn there, or past the text's end when the pointer is beyond it."""
        layout, _, left = self._window()
        col = event.get_content_offset_capture(self).x + left
        offset = layout.offset_at(0, col)
        if offset is not None:
            return offset
        line = layout.lines[0]
        drawn = line.indent + sum(cell.width for cell in line.cells)
        # Beside the text: its end lies on the left in right-to-left text, on the right else.
        beyond_end = col < line.indent if line.rtl else col >= drawn
        return len(self.value) if beyond_end else 0

    def on_mouse_down(self, event: events.MouseDown) -> None:
        if not self.value or self.password:
            return
        event.prevent_default()  # Input's handler would place the caret in typing order
        self.focus()
        self.selection = Selection.cursor(self.offset_at_pointer(event))
        self._dragging = True
        self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging:
            return
        event.prevent_default()
        start, _ = self.selection
        self.selection = Selection(start, self.offset_at_pointer(event))

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            event.prevent_default()
            self._dragging = False
            self.release_mouse()

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
