"""An edge key that changes nothing (the edge is already at the end of the text) takes no
undo step and writes no journal line."""

from __future__ import annotations

import asyncio
from pathlib import Path

from annotator.ui.annotate.app import make_app
from tests.sample_corpus import sample_corpus


def test_edge_key_at_the_start_of_the_text_is_no_change(tmp_path: Path, frozen_clock):
    folder = sample_corpus(tmp_path / "corpus")
    out = tmp_path / "ann"
    app = make_app(folder, annotator="tester", clock=frozen_clock, out=out, suggest=False)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("w", "1", "tab")  # character mode; label at 0, focus it
            await pilot.pause()
            session = app.workspace.session
            (span,) = session.spans
            assert (span.start, app.screen.span_focus) == (0, span)
            steps, lines = session.history.steps, (out / "tester.jsonl").read_bytes()
            await pilot.press("left_square_bracket")  # start one earlier: already at 0
            await pilot.pause()
            assert session.spans == (span,)
            assert session.history.steps == steps
            assert (out / "tester.jsonl").read_bytes() == lines
            await pilot.press("ctrl+z")  # the one undo step left takes the label away
            assert session.spans == ()

    asyncio.run(scenario())
