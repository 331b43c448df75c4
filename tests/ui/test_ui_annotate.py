"""The annotate screen driven like a user: keys and mouse drags on the sample article, with
the JSONL journal checked for exact offsets and texts.

Mouse positions are computed from the layout (``pieces``/``position_of``) of the word's
logical range, so these tests check the whole chain: layout -> screen cell -> pointer ->
``offset_at`` -> selection -> span -> journal line.
"""

from __future__ import annotations

from pathlib import Path

import orjson
from textual.events import MouseScrollDown

from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.legend import LegendEntry
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.article_view import SELECTION_COLOUR, ArticleView
from tests.sample_corpus import SAMPLE, sample_corpus

TEXT = SAMPLE.read_text(encoding="utf-8")
SIZE = (100, 30)
QUOTE = "علاقاتي مع الرئيس الروسي"


def corpus(tmp_path: Path) -> Path:
    folder = sample_corpus(tmp_path / "corpus")
    return folder


def journal_lines(out: Path) -> list[dict]:
    return [orjson.loads(line) for line in (out / "tester.jsonl").read_bytes().splitlines()]


def latest_spans(out: Path) -> list[tuple[int, int, str, str]]:
    spans = journal_lines(out)[-1]["spans"]
    return [(s["start"], s["end"], s["label"], s["text"]) for s in spans]


def app_for(tmp_path: Path, clock):
    out = tmp_path / "ann"
    return make_app(corpus(tmp_path), annotator="tester", clock=clock, out=out, suggest=False), out


def where(word: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(word, after)
    return start, start + len(word)


def coloured_runs(strip, colour: str) -> list[tuple[int, int]]:
    """The column runs of a drawn row whose background is ``colour``."""
    runs: list[tuple[int, int]] = []
    col = 0
    for segment in strip:
        width = len(segment.text)
        style = segment.style
        if style and style.bgcolor and style.bgcolor.name == colour:
            if runs and runs[-1][1] == col:  # the cursor cell splits a run
                runs[-1] = (runs[-1][0], col + width)
            else:
                runs.append((col, col + width))
        col += width
    return runs


async def show_row(pilot, view: ArticleView, row: int) -> None:
    """Scroll so ``row`` is on screen (a user would use the wheel)."""
    if (
        not view.scroll_offset.y
        <= row
        < view.scroll_offset.y + view.scrollable_content_region.height
    ):
        view.scroll_to(y=max(row - 3, 0), animate=False, immediate=True)
        await pilot.pause()


def screen_cell(view: ArticleView, offset: int) -> tuple[int, int]:
    """Where, relative to the widget, the cell showing logical ``offset`` is drawn."""
    row, col = view.text_layout.position_of(offset)
    gutter = view.gutter
    return col + gutter.left, row - int(view.scroll_offset.y) + gutter.top


async def drag(pilot, view: ArticleView, first: int, last: int) -> None:
    """Press on the cell showing ``first``, move, release on the cell showing ``last``."""
    await show_row(pilot, view, view.text_layout.row_of(first))
    start = screen_cell(view, first)
    end = screen_cell(view, last)
    await pilot.mouse_down(view, offset=start)
    await pilot.hover(view, offset=end)
    await pilot.mouse_up(view, offset=end)
    await pilot.pause()


async def test_mouse_drag_over_visual_cells_labels_exact_offsets(tmp_path, frozen_clock):
    app, out = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("w")  # character mode: the offsets come from the cells alone
        site = where("البوكمال")
        # Drag right to left, as the word reads.
        await drag(pilot, view, site[0], site[1] - 1)
        assert view.selection == site
        await pilot.press("2")
        actor = where("نتنياهو")
        # Drag left to right: the same logical range.
        await drag(pilot, view, actor[1] - 1, actor[0])
        await pilot.press("1")
        count = where("38 عنصرا")
        await drag(pilot, view, count[0], count[1] - 1)
        await pilot.press("3")
        # A quoted sentence across rows, in word mode, dragged from quote mark to quote mark:
        # snapping leaves the marks out.
        await pilot.press("w")
        opening = TEXT.index('"علاقاتي')
        closing = TEXT.index('"', opening + 1)
        assert view.text_layout.row_of(opening) != view.text_layout.row_of(closing)
        await drag(pilot, view, opening, closing)
        await pilot.press("4")
    spans = latest_spans(out)
    quote = (opening + 1, closing, "QUOTE", TEXT[opening + 1 : closing])
    assert spans == sorted(
        [
            (*site, "SITE", "البوكمال"),
            (*actor, "ACTOR", "نتنياهو"),
            (*count, "CASUALTY_COUNT", "38 عنصرا"),
            quote,
        ]
    )
    assert quote[3].startswith("علاقاتي") and quote[3].endswith("الشمالية")
    for start, end, _, text in spans:
        assert TEXT[start:end] == text
    # Every change was its own line, on disk before the next key.
    assert len(journal_lines(out)) == 4


async def walk_to(pilot, view: ArticleView, target: int) -> None:
    """Reach ``target`` with keys only: pages and rows down, then word by word."""
    layout = view.text_layout
    page = view.scrollable_content_region.height - 1
    while layout.row_of(view.cursor) + page < layout.row_of(target):
        await pilot.press("pagedown")
    while layout.row_of(view.cursor) < layout.row_of(target):
        await pilot.press("down")
    await pilot.press("home")
    # In these right-to-left paragraphs Ctrl+Left goes to the next word as Arabic reads.
    while view.cursor < target:
        await pilot.press("ctrl+left")
    assert view.cursor == target


async def test_keyboard_alone_words_edges_relabel_delete_undo(tmp_path, frozen_clock):
    app, out = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await walk_to(pilot, view, TEXT.index("البوكمال"))
        await pilot.press("2")  # no selection: the word under the cursor
        assert latest_spans(out) == [(*where("البوكمال"), "SITE", "البوكمال")]

        # "وريفها": snap to the word, then leave the conjunction out with one key.
        wa = TEXT.index("وريفها")
        await walk_to(pilot, view, wa)
        await pilot.press("shift+left", "right_square_bracket")
        assert view.selection == (wa + 1, wa + 6)
        await pilot.press("2")
        assert (wa + 1, wa + 6, "SITE", "ريفها") in latest_spans(out)

        # Shift+Ctrl extends one word per press: "38", then "38 عنصرا".
        number = TEXT.index("38 عنصرا")
        await walk_to(pilot, view, number)
        await pilot.press("ctrl+shift+left")
        assert view.selection == (number, number + 2)
        await pilot.press("ctrl+shift+left")
        assert view.selection == (number, number + 8)
        await pilot.press("3")
        # The same span and label again is refused.
        await pilot.press("ctrl+right", "ctrl+right", "ctrl+shift+left", "ctrl+shift+left", "3")
        assert len(journal_lines(out)) == 3

        # Tab to the first span, relabel it, move its end edge, delete it, undo, redo.
        await pilot.press("ctrl+home", "tab")
        assert app.screen.span_focus.text == "البوكمال"
        await pilot.press("1")
        start, end = where("البوكمال")
        assert (start, end, "ACTOR", "البوكمال") in latest_spans(out)
        await pilot.press("left_curly_bracket")
        assert (start, end - 1, "ACTOR", "البوكما") in latest_spans(out)
        await pilot.press("delete")
        assert all(s[3] != "البوكما" for s in latest_spans(out))
        await pilot.press("ctrl+z")
        assert (start, end - 1, "ACTOR", "البوكما") in latest_spans(out)
        await pilot.press("ctrl+z", "ctrl+z")
        assert (start, end, "SITE", "البوكمال") in latest_spans(out)
        await pilot.press("ctrl+y")
        assert (start, end, "ACTOR", "البوكمال") in latest_spans(out)
    statuses = [line["status"] for line in journal_lines(out)]
    assert set(statuses) == {"in_progress"}


async def test_left_arrow_moves_forward_in_an_rtl_paragraph(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        layout = view.text_layout
        assert view.cursor == 0
        row, col = layout.position_of(0)
        assert layout.lines[row].rtl
        await pilot.press("left")
        assert view.cursor == 1
        assert layout.position_of(1) == (row, col - 1)
        await pilot.press("right", "right")
        assert view.cursor == 0  # nothing before the first character
        # Left off the left end of a row goes on to the start of the next row, at its right.
        await pilot.press("end")
        while layout.row_of(view.cursor) == row:
            await pilot.press("left")
        assert view.cursor == layout.lines[row + 1].start
        assert layout.position_of(view.cursor)[1] == max(
            c for c in range(view.layout_width) if layout.offset_at(row + 1, c) is not None
        )
        await pilot.press("right")
        assert layout.row_of(view.cursor) == row
        await pilot.press("down", "up")
        assert layout.row_of(view.cursor) == row


async def test_double_click_selects_a_word_and_a_click_focuses_a_span(tmp_path, frozen_clock):
    app, out = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        start, end = where("الروسية")
        x, y = screen_cell(view, start + 3)
        await pilot.click(view, offset=(x, y), times=2)
        await pilot.pause()
        assert view.selection == (start, end)
        await pilot.click("#legend LegendEntry")  # the first label in the legend: ACTOR
        await pilot.pause()
        assert latest_spans(out) == [(start, end, "ACTOR", "الروسية")]
        await pilot.click(view, offset=(x, y))
        await pilot.pause()
        assert app.screen.span_focus is not None
        assert app.screen.span_focus.text == "الروسية"


async def test_rendered_rows_are_the_layout_and_spans_are_coloured(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        start, end = where("البوكمال")
        view.select(start, end)
        await pilot.press("2")
        await pilot.pause()
        row = view.text_layout.row_of(start)
        strip = view.render_line(row - int(view.scroll_offset.y))
        drawn = "".join(segment.text for segment in strip)
        assert drawn.rstrip() == view.line_text(row).rstrip()
        # Shaped and in visual order: the word reads right to left on screen.
        assert "ﻝﺎﻤﻛﻮﺒﻟﺍ" in drawn
        ((piece_row, col_start, col_end),) = view.text_layout.pieces(start, end)
        assert piece_row == row
        coloured = coloured_runs(strip, "#61afef")
        assert coloured == [(col_start, col_end)]


async def test_left_arrow_walks_every_cell_of_the_article_right_to_left(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE):
        view = app.screen.query_one(ArticleView)
        layout = view.text_layout
        assert all(line.rtl for line in layout.lines)
        expected = []
        for row, line in enumerate(layout.lines):
            col = line.indent
            cells = []
            for cell in line.cells:
                cells.append((row, col, cell.start))
                col += cell.width
            expected += reversed(cells)
        visited = []
        while view.cursor < len(TEXT):
            row, col = layout.position_of(view.cursor)
            visited.append((row, col, view.cursor))
            view.action_move("left")
        assert visited == expected
        # And back again with Right, cell by cell.
        view.action_move("right")
        back = []
        while True:
            row, col = layout.position_of(view.cursor)
            back.append((row, col, view.cursor))
            before = view.cursor
            view.action_move("right")
            if view.cursor == before:
                break
        assert back == expected[::-1]


MIXED = [
    "Strikes hit البوكمال (شرق سوريا) on 2020-11-18, killing 38.",
    'قال نتنياهو "we fight Iran" في 2020 (عام).\nEnglish paragraph, then العربية.',
    "\n\nأ\n",
]


async def test_arrows_cross_each_row_cell_by_cell_in_mixed_paragraphs(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=(60, 30)):
        view = app.screen.query_one(ArticleView)
        for text in MIXED:
            view.set_document(text)
            layout = view.text_layout
            for row, line in enumerate(layout.lines):
                if not line.cells:
                    continue
                cols = []
                col = line.indent
                for cell in line.cells:
                    cols.append((col, cell.start))
                    col += cell.width
                for key, ordered in (("left", cols[::-1]), ("right", cols)):
                    view.move_to(ordered[0][1])
                    walked = []
                    for _ in ordered:
                        walked.append(layout.position_of(view.cursor))
                        view.action_move(key)
                    assert walked == [(row, c) for c, _ in ordered], (text, row, key)
                    # Past the row's edge it goes on to another row, unless there is none.
                    if layout.row_of(view.cursor) == row:
                        assert row in (0, len(layout.lines) - 1), (text, row, key)


async def test_crossing_into_a_paragraph_of_the_other_direction_enters_where_reading_does(
    tmp_path, frozen_clock
):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=(60, 30)):
        view = app.screen.query_one(ArticleView)
        text = "hello world\nمرحبا بالعالم\nend"
        view.set_document(text)
        view.snap_words = False
        arabic = text.index("م")
        view.move_to(text.index("d"))  # the last cell of the LTR row, at its right edge
        view.action_move("right", True)  # on into the RTL paragraph: its first letter only
        assert view.cursor == arabic
        assert view.selection == (text.index("d"), arabic + 1)
        view.move_to(arabic)  # the RTL row's first letter, at its right edge
        view.action_move("right")  # back out of it: the LTR row's last character
        assert view.cursor == text.index("d")
        view.move_to(text.index("م", arabic + 1) + 1)  # the RTL row's last letter (left edge)
        view.action_move("left")  # reading on: into "end" at its first character
        assert view.cursor == text.index("end")


async def test_mouse_alone_long_quote_across_a_scroll_then_delete_from_the_footer(
    tmp_path, frozen_clock
):
    """A quote longer than the screen: click its start, wheel down, Shift+click its end,
    click QUOTE in the legend; then click the span in the list and Delete in the footer."""
    app, out = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=(80, 8)) as pilot:
        await pilot.pause()  # let the first resize (which scrolls to the cursor) settle
        view = app.screen.query_one(ArticleView)
        opening = TEXT.index('"نقاتل')
        closing = TEXT.index('"', opening + 1)
        first_row, last_row = view.text_layout.row_of(opening), view.text_layout.row_of(closing)
        assert last_row - first_row >= view.scrollable_content_region.height - 1
        await show_row(pilot, view, first_row)
        await pilot.click(view, offset=screen_cell(view, opening + 1))
        while view.text_layout.row_of(closing) >= view.scroll_offset.y + view.size.height - 1:
            # The mouse wheel, as the terminal reports it.
            view.post_message(MouseScrollDown(view, 5, 2, 0, 1, 0, False, False, False, 5, 3))
            await pilot.pause()
        await pilot.mouse_down(view, offset=screen_cell(view, closing - 1), shift=True)
        await pilot.mouse_up(view, offset=screen_cell(view, closing - 1), shift=True)
        await pilot.pause()
        assert view.selection == (opening + 1, closing)
        quote_entry = [e for e in app.screen.query(LegendEntry) if e.label.name == "QUOTE"]
        await pilot.click(quote_entry[0])
        await pilot.pause()
        assert latest_spans(out) == [(opening + 1, closing, "QUOTE", TEXT[opening + 1 : closing])]
        await pilot.click(SpanList, offset=(2, 0))
        await pilot.pause()
        assert app.screen.span_focus is not None
        delete = [k for k in app.screen.query("FooterKey") if k.action == "delete_span"]
        await pilot.click(delete[0])
        await pilot.pause()
    assert latest_spans(out) == []


async def test_toggling_word_mode_redraws_the_selection_it_changes(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        start, end = where("البوكمال")
        view.move_to(start + 2)
        await pilot.press("shift+left")
        assert view.selection == (start, end)
        await pilot.press("w")
        assert view.selection == (start + 2, start + 4)
        row = view.text_layout.row_of(start)
        ((_, left, right),) = view.text_layout.pieces(start + 2, start + 4)
        strip = view.render_line(row - int(view.scroll_offset.y))
        assert coloured_runs(strip, SELECTION_COLOUR) == [(left, right)]
        assert app.screen.detail == f"selected [{start + 2}, {start + 4})"


async def test_the_progress_bar_gives_way_below_100_columns(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one("#doc-progress")
        assert not bar.display
        assert "0 / 1 done" in str(app.screen.query_one("#doc-done").render())
        await pilot.resize_terminal(120, 24)
        await pilot.pause()
        assert bar.display


async def test_undo_and_redo_say_what_changed_and_put_the_cursor_on_it(tmp_path, frozen_clock):
    app, _ = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        start, end = where("البوكمال")
        await walk_to(pilot, view, start)
        await pilot.press("2", "tab", "left_curly_bracket")  # SITE, then its end one earlier

        def notice() -> str:
            return str(app.notices[-1].message)

        await pilot.press("ctrl+z")
        assert notice() == f"Undone: SITE [{start}, {end - 1}) → [{start}, {end})"
        assert app.screen.span_focus.key() == (start, end, "SITE")
        await pilot.press("ctrl+z")
        assert notice().startswith(f"Undone: SITE [{start}, {end}) removed")
        assert app.screen.span_focus is None and view.cursor == start
        await pilot.press("ctrl+home", "ctrl+y")  # the cursor elsewhere: redo brings it back
        assert notice().startswith(f"Redone: SITE [{start}, {end}) added")
        assert app.screen.span_focus.key() == (start, end, "SITE")
        assert view.cursor == start and app.focused is view
