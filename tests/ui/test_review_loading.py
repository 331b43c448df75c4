"""Large journals are read while the review shows the document it will open: the article can
be read and moved through at once, a key that would decide anything is refused with a notice
(never applied later), and once read the review screen opens with exactly the state a review
read before its first screen has. Everything that can refuse does so before the app starts.

The reading is held at ``ReviewOpening.gate`` until the test lets it go, so the loading state
lasts as long as the test needs, however fast the machine."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import orjson

from annotator.session.review import DocReview, ReviewSetup, open_review
from annotator.session.workspace import READ_AT_ONCE_BYTES
from annotator.store.journal import Journal
from annotator.ui.review.app import make_review_app
from annotator.ui.review.loading import LoadingHeader, ReviewLoadingScreen
from annotator.ui.review.screen import ReviewScreen
from annotator.ui.shared.article_view import ArticleView
from annotator.ui.shared.beside_the_screen import SWITCH_INTERVAL, reading_beside_the_screen
from tests.review_fixtures import CORPUS, FIXTURES, TWO

SIZE = (120, 36)


def notices(app) -> list[str]:
    return [n.message for n in app.notices]


def large_journals(tmp_path: Path) -> Path:
    """amal's and omar's fixture journals, each past READ_AT_ONCE_BYTES: every line saved
    again and again before the file itself (the last line of a document wins), so the
    records read are exactly the fixture's."""
    out = tmp_path / "ann"
    out.mkdir()
    for name in TWO:
        lines = (FIXTURES / f"{name}.jsonl").read_bytes()
        copies = READ_AT_ONCE_BYTES // len(lines) + 1
        (out / f"{name}.jsonl").write_bytes(lines * copies)
    return out


def state(setup: ReviewSetup) -> object:
    def of(review: DocReview) -> object:
        return (
            review.doc_id,
            review.text,
            [(c, review.decision(c.key())) for c in review.candidates],
            review.problems,
        )

    return (
        [of(r) for r in setup.reviews],
        setup.problems,
        dict(setup.verdicts),
        setup.start,
        setup.annotators,
        setup.reviewer,
    )


async def test_large_journals_load_behind_the_article_and_decisions_wait_for_them(
    tmp_path, pause_until
):
    annotations = large_journals(tmp_path)
    gold = tmp_path / "gold.jsonl"
    opening = open_review(CORPUS, TWO, reviewer="lina", annotations=annotations, gold=gold)
    assert not opening.reads_at_once
    opening.gate.clear()
    app = make_review_app(opening)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewLoadingScreen)
            view = screen.query_one(ArticleView)
            assert view.text == (CORPUS / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
            header = screen.query_one(LoadingHeader)
            await pause_until(pilot, lambda: "(0 of 2)" in header.progress, "progress")
            assert header.progress == "reading amal's journal (0 of 2)…"
            for key in ("a", "x", "A", "ctrl+z", "n", "tab", "1"):
                await pilot.press(key)
                assert "still being read: nothing was decided" in notices(app)[-1], key
            assert gold.read_bytes() == b""
            await pilot.press("left", "left", "escape")  # reading and moving go on (RTL)
            assert view.cursor != 0

            opening.gate.set()
            await pause_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the journals")
            assert app.setup is not None
            read_at_once = open_review(
                CORPUS, TWO, reviewer="lina", annotations=FIXTURES, gold=tmp_path / "g2.jsonl"
            ).finish()
            try:
                assert state(app.setup) == state(read_at_once)
            finally:
                read_at_once.journal.close()

            await pilot.press("A")  # a decision is taken and saved now
            saved = orjson.loads(gold.read_bytes().splitlines()[-1])
            assert saved["id"] == "deir-ez-zor-strikes.txt"
            assert len(saved["spans"]) == 3  # the three agreed spans of the fixture
    finally:
        opening.close()


async def test_quitting_while_loading_frees_gold(tmp_path):
    annotations = large_journals(tmp_path)
    gold = tmp_path / "gold.jsonl"
    opening = open_review(CORPUS, TWO, reviewer="lina", annotations=annotations, gold=gold)
    opening.gate.clear()
    app = make_review_app(opening)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewLoadingScreen)
        await pilot.press("q")
    opening.close()  # waits for the worker, which saw the app close and read nothing
    assert opening.setup is None
    Journal.take(gold).release()  # gold is free again


def review(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "annotator", "review", str(CORPUS), "--reviewer", "lina"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
    )


def test_a_refusal_exits_with_a_clear_message_before_the_app_starts(tmp_path):
    annotations = large_journals(tmp_path)
    missing = review("--annotations", str(annotations), "--annotators", "amal,zed")
    assert missing.returncode == 2
    assert "no journal for annotator 'zed'" in missing.stderr
    assert "Traceback" not in missing.stderr

    held = Journal.take(annotations / "gold.jsonl")  # another reviewer has gold
    try:
        locked = review("--annotations", str(annotations), "--annotators", "amal,omar")
    finally:
        held.release()
    assert locked.returncode == 2
    assert "gold.jsonl is in use by process" in locked.stderr
    # Refused before the terminal was taken: nothing but the message was written.
    assert locked.stdout == ""


def test_reading_beside_the_screen_pauses_the_collector_and_freezes_what_it_read() -> None:
    """The loading screens' reading: no collection walks what is being built while a key
    waits for the GIL, and what was read is never walked again."""
    collecting, interval = gc.isenabled(), sys.getswitchinterval()
    frozen = gc.get_freeze_count()
    try:
        with reading_beside_the_screen():
            assert not gc.isenabled()
            assert sys.getswitchinterval() <= SWITCH_INTERVAL < interval
            read = [[n] for n in range(1000)]  # lists: always tracked by the collector
        assert (gc.isenabled(), sys.getswitchinterval()) == (collecting, interval)
        assert gc.get_freeze_count() >= frozen + len(read)
    finally:
        gc.unfreeze()
