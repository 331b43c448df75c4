"""The article view as a Textual widget: what it adds to its base classes and what it draws."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App, ComposeResult
from textual.scroll_view import ScrollView

from annotator.layout.layout import LayoutOptions
from annotator.ui.annotate.app import make_app
from annotator.ui.shared.article_view import ArticleView

# What a widget is meant to override: its configuration and how it draws a line.
_MEANT_TO_OVERRIDE = {"BINDINGS", "DEFAULT_CSS", "can_focus", "can_focus_children", "render_line"}

# CVE-2021-42574's example: an override and isolates make the comment seem to close the
# string, so the line hides that the comparison is with `"user\u202e ... "`.
TROJAN_SOURCE = 'if (accessLevel != "user\u202e \u2066// Check if admin\u2069 \u2066") {'


class ArticleApp(App[None]):
    def __init__(self, text: str, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.view = ArticleView(text, options=options, show_cursor=False)

    def compose(self) -> ComposeResult:
        yield self.view


def drawn_rows(text: str, options: LayoutOptions | None = None, size=(80, 5)) -> list[str]:
    """The rows the view draws for ``text``, as the terminal gets them."""

    async def run() -> list[str]:
        app = ArticleApp(text, options)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            return [
                "".join(segment.text for segment in app.view.render_line(y)).rstrip()
                for y in range(app.view.size.height)
            ]

    return asyncio.run(run())


def test_article_view_shadows_no_public_textual_attribute():
    bases = {name for cls in ScrollView.__mro__ for name in vars(cls) if not name.startswith("_")}
    own = {name for name in vars(ArticleView) if not name.startswith("_")}
    assert own & bases <= _MEANT_TO_OVERRIDE


def test_trojan_source_row_is_drawn_with_markers_of_its_bidi_controls():
    rows = drawn_rows(TROJAN_SOURCE)
    assert rows[0] == 'if (accessLevel != "user⇇") {↦ ↥// Check if admin↦'


def test_bidi_control_markers_can_be_turned_off():
    rows = drawn_rows(TROJAN_SOURCE, LayoutOptions(show_bidi_controls=False))
    assert rows[0] == 'if (accessLevel != "user") { // Check if admin'


# Scraped newswire: a BOM, then an LRM before every token.
WIRE = "\ufeff\u200eفي \u200eالبوكمال \u200eقال \u200eالمتحدث"


async def test_label_key_at_a_wire_documents_start_takes_the_word_and_status_says_why(
    tmp_path: Path, frozen_clock
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "wire.txt").write_text(WIRE, encoding="utf-8")
    app = make_app(corpus, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    async with app.run_test(size=(100, 24)) as pilot:
        screen = app.screen
        await pilot.pause()
        assert screen.view.text_layout.lines[0].rtl
        status = "".join(
            segment.text for segment in screen.query_one("#status-line").render_line(0)
        )
        assert "LRM/RLM marks: direction from letters" in status
        await pilot.press("1")
        await pilot.pause()
        [span] = screen.session.spans
        text = screen.session.text  # the corpus drops a file's BOM; the LRM stays
        assert text.startswith("\u200eفي")
        assert (span.start, span.end) == (1, 3)
