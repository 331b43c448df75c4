"""Rows of document text drawn in one line (status line, span list, headers) keep the
logical start of an Arabic text and put ``…`` at its logical end, at the width the row
really has on screen."""

from __future__ import annotations

import asyncio
from pathlib import Path

from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.visual import ELLIPSIS, Doc, fit_row, visual_line
from tests.sample_corpus import SAMPLE, sample_corpus

TEXT = SAMPLE.read_text(encoding="utf-8")
ACTOR = (2166, 2188)  # الرئيس الروسي فلاديمير
QUOTE = (2155, 2309)


def app_for(tmp_path: Path, clock):
    folder = sample_corpus(tmp_path / "corpus")
    return make_app(folder, annotator="tester", clock=clock, out=tmp_path / "ann", suggest=False)


def drawn(widget, y: int = 0) -> str:
    return "".join(segment.text for segment in widget.render_line(y))


def test_fit_row_cuts_arabic_in_logical_order():
    word = TEXT[ACTOR[0] : ACTOR[0] + 6]  # الرئيس, the reading's start
    row = fit_row(20, "ACTOR  ", Doc(TEXT[ACTOR[0] : ACTOR[1]])).plain
    assert len(row) <= 20
    assert row.startswith("ACTOR  " + ELLIPSIS)  # the reading goes on at the left
    assert row.endswith(visual_line(word, 6))  # and starts at the right


def test_fit_row_shares_room_between_texts():
    row = fit_row(30, Doc("a" * 40), " · ", Doc("bb")).plain
    assert row == "a" * 24 + ELLIPSIS + " · bb"


def status_and_spans(size: tuple[int, int]):
    async def run(tmp_path: Path, clock) -> tuple[str, list[str], SpanList]:
        app = app_for(tmp_path, clock)
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            screen._change(lambda s: s.add(*QUOTE, "QUOTE"))
            screen._change(lambda s: s.add(*ACTOR, "ACTOR"))
            actor = next(s for s in screen.session.spans if s.label == "ACTOR")
            screen._focus_span(actor)
            await pilot.pause()
            status = drawn(screen.query_one("#status-line"))
            span_list = screen.query_one(SpanList)
            rows = [drawn(span_list, y) for y in range(2)]
            return status, rows, span_list

    return run


def test_status_line_keeps_start_of_long_rtl_span_at_80x24(tmp_path, frozen_clock):
    status, rows, _ = asyncio.run(status_and_spans((80, 24))(tmp_path, frozen_clock))
    start = visual_line("الرئيس", 6)
    assert "ACTOR [2166, 2188)" in status
    assert start in status
    assert ELLIPSIS in status
    # Both span rows show the start of their text.
    assert visual_line("علاقاتي", 7) in rows[0]
    assert start in rows[1]


def test_span_list_labels_whole_when_wide_cut_when_narrow(tmp_path, frozen_clock):
    wide = asyncio.run(status_and_spans((200, 50))(tmp_path / "wide", frozen_clock))[1]
    assert wide[0].startswith("QUOTE ")
    assert wide[1].startswith("ACTOR ")
    assert visual_line("علاقاتي مع", 10) in wide[0]
    narrow = asyncio.run(status_and_spans((80, 24))(tmp_path / "narrow", frozen_clock))[1]
    assert narrow[0].startswith("QUOT ")
    assert narrow[1].startswith("ACTO ")


def test_palette_shows_an_arabic_document_id_as_it_reads(tmp_path, frozen_clock, palette_hits):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "تقرير.txt").write_text("نص قصير.", encoding="utf-8")
    app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")

    async def scenario() -> list[str]:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+p", *"Document 1")
            return await palette_hits(pilot)

    shown = asyncio.run(scenario())
    # In the command's left-to-right line the Arabic name reads right to left, shaped.
    expected = visual_line("Document 1: تقرير.txt", 40)
    assert expected == "Document 1: ﺮﻳﺮﻘﺗ.txt"
    assert any(row.startswith(expected + "\n") for row in shown)


def test_numbers_too_wide_for_the_row_end_in_an_ellipsis():
    row = fit_row(20, " CASUALTY_COUNT y/d [1325, 1333)").plain
    assert row == " CASUALTY_COUNT y/d" + ELLIPSIS


def test_a_text_with_no_room_left_still_shows_its_ellipsis():
    row = fit_row(20, " CASUALTY_COUNT y/d [1325, 1333) ", Doc("نتنياهو")).plain
    assert row == " CASUALTY_COUNT y/d" + ELLIPSIS
    assert fit_row(12, "abcdefghij ", Doc("نص طويل")).plain == "abcdefghij " + ELLIPSIS


def test_status_line_keeps_a_suggestions_offsets_whole_at_80x24(tmp_path, frozen_clock):
    async def scenario() -> str:
        folder = sample_corpus(tmp_path / "corpus")
        app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("full_stop", "full_stop")  # the second casualty count
            await pilot.pause()
            status = app.screen.query_one("#status-line")
            row = drawn(status)
            assert len(row) == status.size.width
            return row

    row = asyncio.run(scenario())
    # Too narrow for the mode and the offsets: the mode gives way, the offsets stay whole.
    assert "suggested CASUALTY_COUNT y/d [1325, 1333)" in row
    assert "[words]" not in row


def test_ascii_rows_skip_the_layout_engine_and_read_the_same():
    from annotator.layout.layout import layout_text

    for text in ("doc-001.txt", "(a) [b] {c} 1.5% -3 <x>", "  spaced  ", "a/b\\c"):
        engine = "".join(c.glyph for line in layout_text(text, 200).lines for c in line.cells)
        assert visual_line(text, 200) == engine == text
