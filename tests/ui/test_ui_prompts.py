"""The one-line prompts (g: go to a document, f: flag with a note): nothing covers them, and
the box draws Arabic as it reads, right-aligned."""

from __future__ import annotations

import asyncio
from pathlib import Path

from annotator.ui.annotate.app import make_app
from annotator.ui.shared.prompt import PromptScreen
from annotator.ui.shared.shaped_input import ShapedInput
from annotator.ui.shared.visual import visual_line
from tests.sample_corpus import sample_corpus

SIZE = (80, 24)


def app_for(tmp_path: Path, clock, bad_file: bool = False):
    folder = sample_corpus(tmp_path / "corpus")
    if bad_file:
        (folder / "broken.txt").write_bytes(b"\xff\xfe not UTF-8")
    return make_app(folder, annotator="tester", clock=clock, out=tmp_path / "ann", suggest=False)


def test_input_problems_notice_goes_when_the_goto_box_opens(tmp_path, frozen_clock):
    async def scenario():
        app = app_for(tmp_path, frozen_clock, bad_file=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.problems
            assert len(app.notices) == 1  # the notice is up
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, PromptScreen)
            assert len(app.notices) == 0

    asyncio.run(scenario())


def test_arabic_typed_in_the_flag_box_is_drawn_shaped_right_aligned_caret_at_its_end(
    tmp_path, frozen_clock
):
    async def scenario():
        app = app_for(tmp_path, frozen_clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f", *"النص ناقص")
            await pilot.pause()
            box = app.screen.query_one("#prompt-input", ShapedInput)
            width = box.scrollable_content_region.width
            row = "".join(s.text for s in box.render_line(0))[:width]
            shaped = visual_line("النص ناقص", 20)
            assert shaped == "ﺺﻗﺎﻧ ﺺﻨﻟﺍ"  # joined letters, read from the right
            assert row.endswith(shaped)
            # The caret stands after the last letter typed: left of the text.
            caret = len(row) - len(shaped) - 1
            assert row[caret] == " " and box.value == "النص ناقص"
            (caret_cell,) = box.render_line(0).crop(caret, caret + 1)
            assert caret_cell.style.bgcolor == box.get_component_rich_style("input--cursor").bgcolor
            await pilot.press("right")  # → goes back in Arabic: onto the last letter typed
            assert box.cursor_position == len("النص ناقص") - 1
            await pilot.press(*["backspace"] * 9, "delete", *"late")
            await pilot.pause()
            row = "".join(s.text for s in box.render_line(0))
            assert row.startswith("late")

    asyncio.run(scenario())


def test_flag_note_is_shown_in_the_header_and_kept_on_accept(tmp_path, frozen_clock):
    async def scenario():
        app = app_for(tmp_path, frozen_clock)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f", *"النص ناقص", "enter")
            await pilot.pause()
            title = app.screen.query_one("#doc-title")
            row = "".join(s.text for s in title.render_line(0))
            assert "note: " + visual_line("النص ناقص", 20) in row
            assert "deir-ez-zor-strikes.txt" in row
            await pilot.press("a")  # accepted; the note stays, and is still shown
            await pilot.pause()
            assert app.workspace.session.status == "accepted"
            assert app.workspace.session.note == "النص ناقص"
            row = "".join(s.text for s in title.render_line(0))
            assert visual_line("النص ناقص", 20) in row

    asyncio.run(scenario())


def test_flag_note_markup_and_controls_are_shown_as_text(tmp_path, frozen_clock):
    async def scenario():
        app = app_for(tmp_path, frozen_clock)
        async with app.run_test(size=(120, 30)) as pilot:
            await pilot.press("f", *"[b]x[/b]", "enter")
            await pilot.pause()
            row = "".join(s.text for s in app.screen.query_one("#doc-title").render_line(0))
            assert "note: [b]x[/b]" in row

    asyncio.run(scenario())


def test_arabic_typed_in_the_goto_box_and_the_palette_is_drawn_as_it_reads(tmp_path, frozen_clock):
    from textual.command import CommandInput

    async def drawn_box(keys: tuple[str, ...], box_type: type) -> str:
        (tmp_path / keys[0]).mkdir()
        app = app_for(tmp_path / keys[0], frozen_clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(*keys, *"دير الزور")
            # The palette searches in a worker: leaving while it runs tears its list away.
            await app.workers.wait_for_complete()
            await pilot.pause()
            box = app.screen.query_one(box_type)
            assert box.value == "دير الزور"  # stored as typed
            return "".join(s.text for s in box.render_line(0))

    for keys, box_type in ((("g",), ShapedInput), (("ctrl+p",), CommandInput)):
        row = asyncio.run(drawn_box(keys, box_type))
        assert visual_line("دير الزور", 20) == "ﺭﻭﺰﻟﺍ ﺮﻳﺩ"
        assert "ﺭﻭﺰﻟﺍ ﺮﻳﺩ" in row, (keys, row)
