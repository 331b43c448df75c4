"""The whole sample article annotated like the hand-made gold (tests/fixtures), once with the
mouse alone and once with the keyboard alone; the journal must hold exactly the gold spans."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import orjson
import pytest
from textual import events
from textual.widget import Widget

from annotator.text.words import is_word_char, next_word_start
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.legend import LegendEntry
from annotator.ui.shared.article_view import ArticleView
from tests.sample_corpus import SAMPLE, sample_corpus

TEXT = SAMPLE.read_text(encoding="utf-8")
GOLD_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "deir-ez-zor-gold.jsonl"
GOLD = orjson.loads(GOLD_FILE.read_bytes())
GOLD_SPANS = sorted((s["start"], s["end"], s["label"], s["text"]) for s in GOLD["spans"])
SIZE = (100, 30)


def app_for(tmp_path: Path, clock):
    folder = sample_corpus(tmp_path / "corpus")
    out = tmp_path / "ann"
    return make_app(folder, annotator="tester", out=out, clock=clock, suggest=False), out


def last_record(out: Path) -> dict:
    return orjson.loads((out / "tester.jsonl").read_bytes().splitlines()[-1])


def spans_of(record: dict) -> list[tuple[int, int, str, str]]:
    return sorted((s["start"], s["end"], s["label"], s["text"]) for s in record["spans"])


def cell(view: ArticleView, offset: int) -> tuple[int, int]:
    row, col = view.text_layout.position_of(offset)
    return col + view.gutter.left, row - int(view.scroll_offset.y) + view.gutter.top


def press(app, event: type[events.MouseEvent], widget: Widget, at: tuple[int, int]) -> None:
    """The first button's ``event`` at ``at`` inside ``widget``, given to the app as the
    terminal's driver gives it: the app finds the widget under the pointer (or the one that
    captured the mouse) and makes a Click of a press and release on the same widget."""
    x, y = widget.region.offset + at
    app.post_message(event(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


async def settle(pilot, condition, what: str) -> None:
    """Let the app handle what it was given until ``condition()`` holds: each look waits for
    the messages pending in the app and its widgets, never for a time."""
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0)


def test_whole_article_with_the_mouse_alone(tmp_path, frozen_clock):
    app, out = app_for(tmp_path, frozen_clock)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            legend = {e.label.name: e for e in app.screen.query(LegendEntry)}
            footer = {k.action: k for k in app.screen.query("FooterKey")}
            for _ in range(50):  # under load the footer may be filled in after the first idle
                if "toggle_words" in footer:
                    break
                await pilot.pause()
                footer = {k.action: k for k in app.screen.query("FooterKey")}
            # Exact characters. A click that lands before the footer is laid out does
            # nothing (seen under load), so click until it took, as a person would.
            for _ in range(10):
                await pilot.click(footer["toggle_words"])
                await pilot.pause()
                if not view.snap_words:
                    break
            assert not view.snap_words
            journal = out / "tester.jsonl"
            for done, (start, end, label, _) in enumerate(GOLD_SPANS, 1):
                top = view.text_layout.row_of(start)
                bottom = view.text_layout.row_of(end - 1)
                height = view.scrollable_content_region.height
                if not view.scroll_offset.y <= top or bottom >= view.scroll_offset.y + height:
                    view.scroll_to(y=top, animate=False, immediate=True)  # as with the wheel
                assert bottom < view.scroll_offset.y + height
                # A drag: press on the first character, move to the last, let go there.
                press(app, events.MouseDown, view, cell(view, start))
                press(app, events.MouseMove, view, cell(view, end - 1))
                press(app, events.MouseUp, view, cell(view, end - 1))
                await settle(
                    pilot,
                    lambda: app.mouse_captured is None and view.selection is not None,
                    f"the drag over [{start}, {end})",
                )
                assert view.selection == (start, end)
                press(app, events.MouseDown, legend[label], (1, 0))
                press(app, events.MouseUp, legend[label], (1, 0))
                await settle(
                    pilot,
                    lambda done=done: len(journal.read_bytes().splitlines()) == done,
                    f"{label} on [{start}, {end}) in the journal",
                )
            await pilot.click(footer["status('accepted')"])
            await pilot.pause()

    asyncio.run(scenario())
    record = last_record(out)
    assert spans_of(record) == GOLD_SPANS
    assert record["status"] == "accepted"


def keys_for(view: ArticleView, start: int, end: int) -> list[str]:
    """The keys an annotator would press, from the cursor, to select exactly [start, end):
    word by word to the span, Shift+word to its last word, then edge keys to trim."""
    text = view.text
    rtl = view.text_layout.lines[view.text_layout.row_of(start)].rtl
    forward, extend = (
        ("ctrl+left", "ctrl+shift+left") if rtl else ("ctrl+right", "ctrl+shift+right")
    )
    keys = []
    cursor = view.cursor
    first = start
    while first > 0 and is_word_char(text[first - 1]):
        first -= 1
    while next_word_start(text, cursor) <= first:
        cursor = next_word_start(text, cursor)
        keys.append(forward)
    last = cursor
    while True:
        word_end = last
        while word_end < len(text) and is_word_char(text[word_end]):
            word_end += 1
        if word_end >= end:
            break
        last = next_word_start(text, last)
        keys.append(extend)
    return keys


async def press_bound(app, keys: list[str]) -> None:
    """Run each key's binding in force on the screen (the focused widget's first), as the key
    would, without Pilot's idle wait per key (the binding table is what is exercised; real
    key presses are tested elsewhere)."""
    for key in keys:
        active = app.screen.active_bindings.get(key)
        if active is None:
            raise AssertionError(f"no binding for {key}")
        await active.node.run_action(active.binding.action)
        await asyncio.sleep(0)


@pytest.mark.slow
def test_whole_article_with_the_keyboard_alone(tmp_path, frozen_clock):
    app, out = app_for(tmp_path, frozen_clock)
    pressed = 0

    async def scenario() -> None:
        nonlocal pressed
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            label_keys = {label.name: label.key for label in app.workspace.labels}
            for start, end, label, _ in GOLD_SPANS:
                keys = keys_for(view, start, end)
                await press_bound(app, keys)
                trims = []
                selection = view.target()
                # Edge keys: ] moves the start later, [ earlier; { moves the end earlier, } later.
                trims += ["right_square_bracket"] * max(start - selection[0], 0)
                trims += ["left_square_bracket"] * max(selection[0] - start, 0)
                trims += ["left_curly_bracket"] * max(selection[1] - end, 0)
                trims += ["right_curly_bracket"] * max(end - selection[1], 0)
                await press_bound(app, [*trims, label_keys[label]])
                assert view.selection is None, (start, end, label)
                pressed += len(keys) + len(trims) + 1
            await press_bound(app, ["a"])
            await pilot.pause()

    asyncio.run(scenario())
    record = last_record(out)
    assert spans_of(record) == GOLD_SPANS
    assert record["status"] == "accepted"
    # One journal line per label and one for accepting: nothing saved twice, nothing lost.
    assert len((out / "tester.jsonl").read_bytes().splitlines()) == len(GOLD_SPANS) + 1
    assert pressed < 4 * len(TEXT.split())
