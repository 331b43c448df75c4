"""What the apps say in notices: each thing once, escaped, and readable by anyone through the
public ``notices`` log of AnnotatorBaseApp."""

from __future__ import annotations

import asyncio
from pathlib import Path

from annotator.text.corpus import MAX_ARTICLE_VARIABLE
from annotator.ui.annotate.app import make_app
from annotator.ui.shared.notices import Notice
from tests.sample_corpus import sample_corpus


def test_an_article_over_the_size_limit_is_said_once_at_start(tmp_path, frozen_clock, monkeypatch):
    monkeypatch.setenv(MAX_ARTICLE_VARIABLE, "2000")
    folder = sample_corpus(tmp_path / "corpus", "a-big.txt")  # first in order: tried first
    (folder / "b-small.txt").write_text("نص قصير.", encoding="utf-8")

    async def scenario() -> list[Notice]:
        app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.workspace.session.doc_id == "b-small.txt"
            return list(app.notices)

    notices = asyncio.run(scenario())
    about_the_limit = [n for n in notices if "limit for one article" in n.message]
    assert len(about_the_limit) == 1
    assert about_the_limit[0].title == "1 input problem(s) skipped"
    assert "a-big.txt" in about_the_limit[0].message


def test_the_notices_log_holds_what_was_shown_escaped(tmp_path, frozen_clock):
    folder = sample_corpus(tmp_path / "corpus")

    async def scenario() -> list[Notice]:
        app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            app.clear_notifications()
            assert app.notices == []
            app.notify("label T\x1b]0;PWNED\x07 [b]x[/b]", title="E\x1b[2J", severity="warning")
            await pilot.pause()
            return list(app.notices)

    (notice,) = asyncio.run(scenario())
    assert "\x1b" not in notice.message + notice.title and "\x07" not in notice.message
    assert "[b]x[/b]" in notice.message  # never read as markup
    assert notice.severity == "warning"


def test_the_tests_read_notices_through_the_public_log_only():
    tests = Path(__file__).resolve().parents[1]
    private = "app." + "_notifications"
    readers = [p.name for p in tests.rglob("*.py") if private in p.read_text(encoding="utf-8")]
    assert readers == []
