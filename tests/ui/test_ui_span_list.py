"""The span list beside the article: ordinary keys never lay the screen out, and a list
longer than its panel scrolls with the mouse wheel and follows the focused span.

A layout pass re-arranges every widget of the screen; it used to run on every label key
(the span list's row count was a layout reactive) and doubled that key's time. Layout
passes are counted through the screen's public ``screen_layout_refresh_signal``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
from textual.events import MouseScrollDown, MouseScrollUp

from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.article_view import ArticleView
from tests.sample_corpus import SAMPLE, sample_corpus

TEXT = SAMPLE.read_text(encoding="utf-8")
# Short enough that the sample's suggestions and spans overflow the span list.
SIZE = (100, 12)


def app_for(tmp_path: Path, clock):
    corpus = sample_corpus(tmp_path / "corpus")
    out = tmp_path / "ann"
    return make_app(corpus, annotator="tester", clock=clock, out=out), out


def latest_spans(out: Path) -> list[tuple[int, int, str]]:
    last = orjson.loads((out / "tester.jsonl").read_bytes().splitlines()[-1])
    return [(s["start"], s["end"], s["label"]) for s in last["spans"]]


async def drawn(pilot) -> None:
    """Until the screen has drawn what the keys so far changed (layout passes included)."""
    await pilot.pause()
    done = asyncio.Event()
    pilot.app.screen.call_after_refresh(done.set)
    await done.wait()


def wheel(span_list: SpanList, event: type[MouseScrollDown | MouseScrollUp]) -> None:
    """One notch of the mouse wheel over the list, as the terminal reports it."""
    span_list.post_message(event(span_list, 3, 2, 0, 1, 0, False, False, False, 3, 2))


async def test_ordinary_keys_never_lay_the_screen_out(tmp_path, frozen_clock):
    app, out = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        view = screen.query_one(ArticleView)
        span_list = screen.query_one(SpanList)
        await drawn(pilot)
        rows = len(span_list.rows)
        assert rows > span_list.scrollable_content_region.height  # the list scrolls
        layouts: list[str] = []
        screen.screen_layout_refresh_signal.subscribe(span_list, lambda _: layouts.append(key))
        word = TEXT.index("البوكمال")
        view.move_to(word)
        await drawn(pilot)
        for key in ("ctrl+right", "ctrl+left", "shift+right", "3", "left", "tab"):
            await pilot.press(key)
            await drawn(pilot)
        end = view.text.index(" ", word)
        assert latest_spans(out) == [(word, end, "CASUALTY_COUNT")]
        assert len(span_list.rows) == rows + 1
        for key, spans in (("ctrl+z", []), ("ctrl+y", [(word, end, "CASUALTY_COUNT")])):
            await pilot.press(key)
            await drawn(pilot)
            assert latest_spans(out) == spans
        assert layouts == []
        # The scroll range and the scrollbar's thumb follow the rows all the same.
        height = span_list.scrollable_content_region.height
        assert span_list.max_scroll_y == len(span_list.rows) - height
        assert span_list.vertical_scrollbar.window_virtual_size == len(span_list.rows)


async def test_wheel_scrolls_a_long_span_list_and_the_focused_span_is_scrolled_to(
    tmp_path, frozen_clock
):
    app, out = app_for(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        span_list = app.screen.query_one(SpanList)
        await pilot.press("shift+right", "1")  # the first word: the list's first row
        await drawn(pilot)
        first = TEXT.index(" ")
        assert latest_spans(out) == [(0, first, "ACTOR")]
        height = span_list.scrollable_content_region.height
        assert span_list.scroll_offset.y == 0 and span_list.max_scroll_y > 0

        def row_drawn(y: int) -> str:
            return span_list.row_content(int(span_list.scroll_offset.y) + y).plain

        assert span_list.render_line(0).text.startswith(row_drawn(0))
        while span_list.scroll_offset.y < span_list.max_scroll_y:
            wheel(span_list, MouseScrollDown)
            await drawn(pilot)
        # The last rows are drawn, the first no longer.
        last = span_list.row_content(len(span_list.rows) - 1).plain
        assert span_list.render_line(height - 1).text.startswith(last)
        assert not span_list.render_line(0).text.startswith(span_list.row_content(0).plain)
        wheel(span_list, MouseScrollUp)
        await drawn(pilot)
        assert span_list.scroll_offset.y < span_list.max_scroll_y
        assert span_list.render_line(0).text.startswith(row_drawn(0))
        # Tab focuses that first span: the list scrolls back to show its row.
        await pilot.press("tab")
        await drawn(pilot)
        assert app.screen.span_focus is not None
        assert span_list.highlighted == 0 == span_list.scroll_offset.y
