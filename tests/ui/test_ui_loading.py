"""A large journal is read while the app shows the document it will open: the article can be
read and moved through at once; a key that would change anything is refused with a notice
(never applied later to a state the annotator did not see); once read, the annotate screen
opens on the same document at the same place, and keys edit again.

The child that learns the gazetteer is held until the test lets it go (``gated_child``), so
the loading state lasts as long as the test needs, however fast the machine."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.session.workspace import READ_AT_ONCE_BYTES
from annotator.store.paths import bundled_corpus
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.doc_header import DocHeader
from annotator.ui.annotate.loading import LOADING, LoadingScreen
from annotator.ui.annotate.screen import AnnotateScreen
from annotator.ui.shared.article_view import ArticleView

SAMPLE = (bundled_corpus() / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
SIZE = (100, 30)
ACTOR = (SAMPLE.index("القوات الروسية"), SAMPLE.index("القوات الروسية") + len("القوات الروسية"))


def notices(app) -> list[str]:
    return [n.message for n in app.notices]


def large_journal(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of two articles and a journal past READ_AT_ONCE_BYTES: the second article's
    record saved again and again (each line with its text), the last with one ACTOR."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("نص قصير.", encoding="utf-8")
    (corpus / "b.txt").write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "ann"
    out.mkdir()
    line = orjson.dumps(DocRecord("b.txt", SAMPLE, status="in_progress").to_json()) + b"\n"
    last = DocRecord("b.txt", SAMPLE, [Span.of(SAMPLE, *ACTOR, "ACTOR")], "in_progress")
    lines = [line] * (READ_AT_ONCE_BYTES // len(line) + 1)
    (out / "tester.jsonl").write_bytes(b"".join(lines) + orjson.dumps(last.to_json()) + b"\n")
    (out / "tester.resume.json").write_bytes(
        orjson.dumps({"last": "b.txt", "cursor": 40, "top": 0})
    )
    return corpus, out


async def test_a_large_journal_loads_behind_the_article_and_edits_wait_for_it(
    tmp_path, frozen_clock, pause_until, gated_child
):
    corpus, out = large_journal(tmp_path)
    before = (out / "tester.jsonl").read_bytes()
    command, gate = gated_child
    app = make_app(corpus, annotator="tester", out=out, clock=frozen_clock)
    assert app.opening is not None
    app.opening.child_command = command
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LoadingScreen)
        view = screen.query_one(ArticleView)
        assert view.text == SAMPLE  # the document the app was closed on, where it was
        assert view.cursor == 40
        shown = screen.query_one(DocHeader).facts
        assert (shown.busy, shown.title, shown.number, shown.total) == (LOADING, "b.txt", 2, 2)

        for key in ("1", "a", "x", "ctrl+z", "n"):  # label, accept, delete, undo, next
            await pilot.press(key)
            assert "still loading: nothing was changed" in notices(app)[-1], key
        assert (out / "tester.jsonl").read_bytes() == before
        await pilot.press("right", "right")  # reading and moving go on
        moved = view.cursor
        assert moved != 40

        gate.touch()
        await pause_until(pilot, lambda: isinstance(app.screen, AnnotateScreen), "the journal")
        await pilot.pause()
        annotate = app.screen
        assert app.workspace is not None and annotate.session.doc_id == "b.txt"
        assert [(s.start, s.end, s.label) for s in annotate.session.spans] == [(*ACTOR, "ACTOR")]
        assert annotate.view.cursor == moved
        assert annotate.header.busy == ""

        annotate.view.move_to(0)
        await pilot.press("2")  # a label key edits now: the word at the cursor
        saved = orjson.loads((out / "tester.jsonl").read_bytes().splitlines()[-1])
        labels = sorted((s["start"], s["label"]) for s in saved["spans"])
        assert labels == [(0, "SITE"), (ACTOR[0], "ACTOR")]


async def test_quitting_while_loading_frees_the_journal(tmp_path, frozen_clock, gated_child):
    corpus, out = large_journal(tmp_path)
    app = make_app(corpus, annotator="tester", out=out, clock=frozen_clock)
    app.opening.child_command = gated_child[0]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadingScreen)
        await pilot.press("q")
    again = make_app(corpus, annotator="tester", out=out, clock=frozen_clock)
    assert again.opening is not None
    again.opening.held.release()
