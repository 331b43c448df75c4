"""ShapedInput under the mouse: the cells under the pointer map back to offsets through the
layout, so a drag over right-to-left text selects the characters it passes over."""

from __future__ import annotations

import asyncio

from textual.app import App, ComposeResult

from annotator.ui.shared.shaped_input import ShapedInput

TYPED = "النص ناقص"  # nine letters, no ligature: one cell each, the first typed on the right


class OneBox(App[None]):
    def compose(self) -> ComposeResult:
        yield ShapedInput(TYPED)


def column_of(box: ShapedInput, index: int) -> int:
    """The x, from the box's edge, of the cell drawing TYPED[index]: right-aligned, read
    from the right."""
    margin = box.scrollable_content_region.x - box.region.x
    return margin + box.scrollable_content_region.width - 1 - index


def selected_columns(box: ShapedInput) -> list[int]:
    style = box.get_component_rich_style("input--selection")
    columns, x = [], 0
    for segment in box.render_line(0):
        if segment.style is not None and segment.style.bgcolor == style.bgcolor:
            columns.extend(range(x, x + len(segment.text)))
        x += len(segment.text)
    return columns


def test_a_drag_leftwards_over_right_to_left_text_selects_the_letters_passed_over():
    async def scenario():
        app = OneBox()
        async with app.run_test(size=(40, 5)) as pilot:
            box = app.query_one(ShapedInput)
            await pilot.mouse_down(box, offset=(column_of(box, 1), 1))
            await pilot.hover(box, offset=(column_of(box, 5), 1))
            await pilot.mouse_up(box, offset=(column_of(box, 5), 1))
            await pilot.pause()
            assert tuple(box.selection) == (1, 5)
            assert box.selected_text == "لنص "
            margin = box.scrollable_content_region.x - box.region.x
            drawn = [column_of(box, i) - margin for i in range(1, 5)]
            assert selected_columns(box) == sorted(drawn)

    asyncio.run(scenario())


def test_a_drag_from_the_text_to_beyond_its_end_selects_to_the_end():
    async def scenario():
        app = OneBox()
        async with app.run_test(size=(40, 5)) as pilot:
            box = app.query_one(ShapedInput)
            beyond = column_of(box, len(TYPED) + 3)  # left of the last letter typed
            await pilot.mouse_down(box, offset=(column_of(box, 4), 1))
            await pilot.hover(box, offset=(beyond, 1))
            await pilot.mouse_up(box, offset=(beyond, 1))
            assert tuple(box.selection) == (4, len(TYPED))
            assert box.selected_text == " ناقص"

    asyncio.run(scenario())


def test_a_click_puts_the_caret_on_the_letter_drawn_under_it():
    async def scenario():
        app = OneBox()
        async with app.run_test(size=(40, 5)) as pilot:
            box = app.query_one(ShapedInput)
            await pilot.click(box, offset=(column_of(box, 6), 1))
            assert box.cursor_position == 6 and box.selection.is_empty

    asyncio.run(scenario())
