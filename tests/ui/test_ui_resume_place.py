"""Quitting and reopening resumes at the same document, cursor and scroll position."""

from __future__ import annotations

import asyncio
from pathlib import Path

from annotator.ui.annotate.app import make_app
from annotator.ui.shared.article_view import ArticleView
from tests.sample_corpus import SAMPLE, sample_corpus

SIZE = (80, 24)


def test_reopening_puts_the_cursor_and_scroll_back(tmp_path: Path, frozen_clock):
    folder = sample_corpus(tmp_path / "corpus")
    (folder / "second.txt").write_text("نص قصير آخر.", encoding="utf-8")

    def app():
        return make_app(
            folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann", suggest=False
        )

    async def first() -> tuple[int, int]:
        async with app().run_test(size=SIZE) as pilot:
            await pilot.press(*["pagedown"] * 3, "down", "left", "left")
            await pilot.pause()
            view = pilot.app.screen.query_one(ArticleView)
            assert view.cursor > 0 and view.scroll_offset.y > 0
            where = (view.cursor, int(view.scroll_offset.y))
            await pilot.press("q")
        return where

    async def second() -> tuple[str, int, int]:
        async with app().run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = pilot.app.screen.query_one(ArticleView)
            return pilot.app.workspace.session.doc_id, view.cursor, int(view.scroll_offset.y)

    cursor, scroll = asyncio.run(first())
    assert asyncio.run(second()) == (SAMPLE.name, cursor, scroll)
