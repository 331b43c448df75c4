"""The one-line prompts (g: go to a document, f: flag with a note): nothing covers them, and
their preview shows Arabic as it reads, right-aligned."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

from textual.widgets._toast import Toast

from annotator.store.paths import bundled_corpus
from annotator.ui.annotate.app import make_app
from annotator.ui.shared.prompt import PromptScreen
from annotator.ui.shared.visual import visual_line

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
SIZE = (80, 24)


def app_for(tmp_path: Path, clock, bad_file: bool = False):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / SAMPLE.name)
    if bad_file:
        (folder / "broken.txt").write_bytes(b"\xff\xfe not UTF-8")
    return make_app(folder, annotator="tester", clock=clock, out=tmp_path / "ann", suggest=False)


def test_input_problems_notice_goes_when_the_goto_box_opens(tmp_path, frozen_clock):
    async def scenario():
        app = app_for(tmp_path, frozen_clock, bad_file=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.problems
            assert len(app._notifications) == 1  # the notice is up
            await pilot.press("g")
            await pilot.pause()
            assert isinstance(app.screen, PromptScreen)
            assert not list(app.screen.query(Toast))
            assert len(app._notifications) == 0

    asyncio.run(scenario())


def test_flag_note_preview_is_right_aligned_when_arabic(tmp_path, frozen_clock):
    async def scenario():
        app = app_for(tmp_path, frozen_clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f")
            await pilot.pause()
            await pilot.press(*"النص ناقص")
            await pilot.pause()
            preview = app.screen.query_one("#prompt-preview")
            row = "".join(s.text for s in preview.render_line(0))
            assert row.rstrip().endswith(visual_line("النص ناقص", 20))
            assert len(row.rstrip()) == preview.size.width
            await pilot.press(*["backspace"] * 9, *"late")
            await pilot.pause()
            row = "".join(s.text for s in preview.render_line(0))
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
