"""SVG snapshots of the main screen, the help screen and nested spans.

An SVG viewer applies its own bidi to Arabic, so a picture alone proves nothing about order:
each snapshot also asserts the text of the drawn rows against the layout, cell by cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from annotator.store.paths import bundled_corpus
from annotator.ui.annotate.app import make_app
from annotator.ui.shared.article_view import ArticleView

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
SIZE = (100, 30)
NESTED = 'قال نتنياهو "إن الاتصالات مع الرئيس الروسي مهمة" أمس (2020).'


def app_on(tmp_path: Path, clock, name: str, text: str | None = None):
    folder = tmp_path / "corpus"
    folder.mkdir()
    if text is None:
        shutil.copy(SAMPLE, folder / name)
    else:
        (folder / name).write_text(text, encoding="utf-8")
    return make_app(folder, annotator="tester", out=tmp_path / "ann", clock=clock, suggest=False)


def drawn_rows(view: ArticleView) -> list[str]:
    top = int(view.scroll_offset.y)
    rows = min(view.scrollable_content_region.height, len(view.text_layout.lines) - top)
    return ["".join(s.text for s in view.render_line(y)).rstrip() for y in range(rows)]


def test_main_screen(snap_compare, tmp_path, frozen_clock):
    async def check(pilot):
        view = pilot.app.screen.query_one(ArticleView)
        rows = drawn_rows(view)
        assert rows == [view.line_text(r).rstrip() for r in range(len(rows))]
        # Right-aligned, shaped, brackets facing inward, digits left to right.
        assert rows[0].endswith("ﺖﻔﺸﻛ")
        assert any("(ﺎﻳﺭﻮﺳ ﻕﺮﺷ)" in row for row in rows)
        assert any("2020" in row for row in rows)

    assert snap_compare(
        app_on(tmp_path, frozen_clock, SAMPLE.name), terminal_size=SIZE, run_before=check
    )


def test_help_screen(snap_compare, tmp_path, frozen_clock):
    async def check(pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(str(w.render()) for w in pilot.app.screen.query(".help-keys"))
        for expected in ("Label ACTOR", "Undo", "Accept", "Extend selection left", "^z"):
            assert expected.lower() in text.lower(), expected
        rows = {" ".join(line.split()) for line in text.splitlines()}
        for expected in (
            "y Accept the suggestion under the cursor (else the next one) "
            "(annotate.accept-suggestion)",
            "d Reject the suggestion under the cursor (else the next one) "
            "(annotate.reject-suggestion)",
            "Y Accept every suggestion in the document (annotate.accept-all-suggestions)",
            ". Cursor to the next suggestion (annotate.next-suggestion)",
            ", Cursor to the previous suggestion (annotate.previous-suggestion)",
            "A Agreement figures of the journals beside yours (annotate.agreement)",
            "^p Command palette: labels, navigation, every document (app.command-palette)",
        ):
            assert expected in rows, expected

    assert snap_compare(
        app_on(tmp_path, frozen_clock, SAMPLE.name), terminal_size=SIZE, run_before=check
    )


def test_nested_spans(snap_compare, tmp_path, frozen_clock):
    quote_start = NESTED.index('"') + 1
    quote_end = NESTED.index('"', quote_start)
    inner_start = NESTED.index("الرئيس")
    inner_end = inner_start + len("الرئيس الروسي")

    async def label(pilot):
        view = pilot.app.screen.query_one(ArticleView)
        view.select(quote_start, quote_end)
        await pilot.press("4")
        view.select(inner_start, inner_end)
        await pilot.press("1")
        await pilot.press("ctrl+end")
        await pilot.pause()
        ((row, inner_left, inner_right),) = view.text_layout.pieces(inner_start, inner_end)
        strip = view.render_line(row)
        assert "".join(s.text for s in strip).rstrip() == view.line_text(row).rstrip()
        col = 0
        for segment in strip:
            for _ in segment.text:
                inside = inner_left <= col < inner_right
                if inside:
                    # The inner span: its own colour, underlined to show it is nested.
                    assert segment.style.bgcolor.name == "#e5c07b"
                    assert segment.style.underline
                col += 1
        for r, a, b in view.text_layout.pieces(quote_start, quote_end):
            for c in range(a, b):
                start, end = view.text_layout.cell_range_at(r, c)
                assert quote_start <= start < end <= quote_end

    app = app_on(tmp_path, frozen_clock, "nested.txt", NESTED)
    assert snap_compare(app, terminal_size=SIZE, run_before=label)
