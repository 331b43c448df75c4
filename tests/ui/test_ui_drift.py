"""A corpus text that changed after annotation, and a document unreadable when opened late:
what the annotator is told and shown, and how a stale span is fixed."""

from __future__ import annotations

import asyncio

import orjson

from annotator.annotations.model import DocRecord, Span, text_hash
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.span_list import STALE_COLOUR, SpanList
from annotator.ui.shared.article_view import ArticleView

SIZE = (100, 30)
OLD = "قال نتنياهو إن الحرب مستمرة"
NEW = "وقد قال الوزير إن الحرب مستمرة"


def notices(app) -> list[str]:
    return [str(n.message) for n in app.notices]


def journal(out):
    return [orjson.loads(line) for line in (out / "tester.jsonl").read_bytes().splitlines()]


def test_drift_is_reconciled_flagged_shown_and_a_stale_span_can_be_deleted(tmp_path, frozen_clock):
    folder, out = tmp_path / "corpus", tmp_path / "ann"
    folder.mkdir()
    out.mkdir()
    spans = [Span.of(OLD, 0, 3, "QUOTE"), Span.of(OLD, 4, 11, "ACTOR")]
    old = DocRecord("a.txt", OLD, spans, "accepted", "tester", "2026-01-01T00:00:00.000+00:00",
                    12.0, text_hash=text_hash(OLD))  # fmt: skip
    (out / "tester.jsonl").write_bytes(orjson.dumps(old.to_json()) + b"\n")
    (folder / "a.txt").write_text(NEW, encoding="utf-8")

    async def scenario():
        app = make_app(folder, annotator="tester", out=out, clock=frozen_clock, suggest=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert any("1 marked stale" in n and "flagged" in n for n in notices(app))
            assert screen.header.status == "flagged"
            assert journal(out)[-1]["status"] == "flagged"
            view = screen.query_one(ArticleView)
            assert view.text == NEW
            stale = next(s for s in view.spans if s.stale)
            assert (stale.start, stale.end, stale.text) == (4, 11, "نتنياهو")
            style = view.style_for(stale)
            assert (style.colour, style.fill, style.strike) == (STALE_COLOUR, False, True)
            row = view.text_layout.pieces(4, 11)[0][0]
            drawn = [seg.style for seg in view.render_line(row) if seg.style and seg.style.strike]
            assert drawn and all(s.color.name == STALE_COLOUR for s in drawn)
            span_list = screen.query_one(SpanList)
            chips = [span_list.row_content(i).plain[:4] for i in range(len(span_list.rows))]
            assert "ACT!" in chips
            view.move_to(12)
            await pilot.press("tab")
            assert screen.span_focus == stale
            assert screen.detail.startswith("STALE")
            await pilot.press("x")
            assert [(s["start"], s["end"], s["label"]) for s in journal(out)[-1]["spans"]] == [
                (4, 7, "QUOTE")
            ]

    asyncio.run(scenario())


def test_a_document_unreadable_when_opened_late_is_reported_and_nothing_moves(
    tmp_path, frozen_clock
):
    folder, out = tmp_path / "corpus", tmp_path / "ann"
    folder.mkdir()
    (folder / "1.txt").write_text("في البوكمال", encoding="utf-8")
    (folder / "2.txt").write_text("في الميادين", encoding="utf-8")

    async def scenario():
        app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            (folder / "2.txt").write_bytes(b"\xd9\x81\xff bad")
            await pilot.press("n")
            await pilot.pause()
            assert app.screen.workspace.session.doc_id == "1.txt"
            assert any("2.txt" in n and "byte" in n for n in notices(app))

    asyncio.run(scenario())
