"""A long article opens at once: its suggestions are found in a child process while the
article is shown and keys are answered; a suggestion key pressed before they are found says
so and does nothing; they appear, in the article and the span list, once found.

The child is held until the test lets it go (``gated_child``), so what happens meanwhile
does not depend on how fast the machine is; it is the real child, running the real engine."""

from __future__ import annotations

import orjson

from annotator.session.workspace import INLINE_SUGGEST_CHARS
from annotator.store.paths import bundled_corpus
from annotator.suggest import Suggester
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.screen import FINDING_SUGGESTIONS, AnnotateScreen
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.article_view import ArticleView

SAMPLE = (bundled_corpus() / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
LONG = "\n".join([SAMPLE] * (INLINE_SUGGEST_CHARS // len(SAMPLE) + 2))
SIZE = (100, 30)


def notices(app) -> list[str]:
    return [n.message for n in app.notices]


async def test_long_article_suggestions_arrive_from_a_child_while_keys_are_answered(
    tmp_path, frozen_clock, pause_until, monkeypatch, gated_child
):
    assert len(LONG) > INLINE_SUGGEST_CHARS
    command, gate = gated_child
    monkeypatch.setattr(AnnotateScreen, "child_command", command)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(LONG, encoding="utf-8")
    out = tmp_path / "ann"
    app = make_app(corpus, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        view = screen.query_one(ArticleView)
        assert view.text == LONG
        assert screen.header.busy == FINDING_SUGGESTIONS
        assert not app.workspace.suggestions_found and app.workspace.suggestions() == []

        await pilot.press("y")  # nothing to take yet: said, and nothing written
        assert "still being found" in notices(app)[-1]
        assert not (out / "tester.jsonl").exists() or not (out / "tester.jsonl").read_bytes()
        await pilot.press("a")  # accepting now would pass over suggestions not seen: asked
        assert "still being found" in notices(app)[-1] and "again" in notices(app)[-1]
        assert screen.header.status == "new"
        await pilot.press("down", "down")  # reading goes on meanwhile
        assert view.cursor > 0

        gate.touch()
        await pause_until(pilot, lambda: app.workspace.suggestions_found, "the suggestions")
        expected = Suggester().for_document(LONG)
        assert app.workspace.suggestions() == expected
        assert screen.header.busy == ""
        span_list = screen.query_one(SpanList)
        await pilot.pause()
        assert [span for _, span in span_list.rows] == expected
        # Hundreds of rows listed, only those on screen laid out.
        assert len(expected) > 100
        assert 0 < span_list.rows_laid_out <= SIZE[1]

        view.move_to(0)
        await pilot.press("y")
        saved = orjson.loads((out / "tester.jsonl").read_bytes().splitlines()[-1])
        first = expected[0]
        taken = [(s["start"], s["end"], s["label"], s["text"]) for s in saved["spans"]]
        assert taken == [(first.start, first.end, first.label, first.text)]
