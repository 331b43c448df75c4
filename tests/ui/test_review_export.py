"""E on the review screen exports gold's accepted documents as JSONL in a child process,
where ``annotator export --gold`` writes them; the lead goes on reviewing meanwhile, and a
notice says what was written, or why nothing was."""

from __future__ import annotations

import time
from collections.abc import Callable

import orjson
from textual.pilot import Pilot

from annotator.session.review import open_review
from annotator.ui.review.app import ReviewApp
from tests.review_fixtures import CORPUS, FIXTURES, TWO

SIZE = (120, 36)


def notices(app: ReviewApp) -> list[str]:
    return [n.message for n in app.notices]


async def until(pilot: Pilot[None], condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


async def test_e_exports_golds_accepted_documents_while_the_review_goes_on(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    gold = tmp_path / "annotations" / "gold.jsonl"
    gold.parent.mkdir()
    # At threshold 2 what amal and omar agree on is accepted at once: note-agreed entirely.
    setup = open_review(
        CORPUS, TWO, reviewer="lina", annotations=FIXTURES, gold=gold, threshold=2
    ).finish()
    app = ReviewApp(setup)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            await pilot.press("E", "n")  # and the review goes on while the child writes
            assert screen.index == 1
            await until(pilot, lambda: notices(app)[-1].startswith("Exported"), "the export")
            assert notices(app)[-2] == "Exporting gold's accepted documents to export/gold.jsonl…"
            assert notices(app)[-1] == (
                "Exported 1 document(s), 3 span(s) from annotations/gold.jsonl as jsonl: "
                "export/gold.jsonl"
            )
    finally:
        setup.journal.close()
    [exported] = [
        orjson.loads(line)
        for line in (tmp_path / "export" / "gold.jsonl").read_bytes().splitlines()
    ]
    gold_record = next(
        r for r in map(orjson.loads, gold.read_bytes().splitlines()) if r["id"] == "note-agreed"
    )
    assert exported["id"] == "note-agreed" and exported["text"] == gold_record["text"]
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in exported["spans"]] == [
        (s["start"], s["end"], s["label"], s["text"]) for s in gold_record["spans"]
    ]


async def test_with_nothing_accepted_the_notice_says_so_and_no_file_is_written(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    setup = open_review(
        CORPUS, TWO, reviewer="lina", annotations=FIXTURES, gold=tmp_path / "gold.jsonl"
    ).finish()
    app = ReviewApp(setup)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("E")
            await until(pilot, lambda: "no file written" in notices(app)[-1], "the answer")
            assert notices(app)[-1] == (
                "nothing to export from gold.jsonl: no document has status accepted; "
                "no file written"
            )
    finally:
        setup.journal.close()
    assert not (tmp_path / "export").exists()
