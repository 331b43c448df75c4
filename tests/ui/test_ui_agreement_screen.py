"""The agreement figures inside the annotate app: key A, over the journals beside the
annotator's own."""

from __future__ import annotations

import asyncio

import orjson

from annotator.annotations.model import DocRecord, Span, text_hash
from annotator.ui.annotate.app import make_app
from annotator.ui.shared.agreement_screen import AgreementScreen

SIZE = (100, 30)
TEXT = "قصفت الطائرات البوكمال والميادين"


def write_journal(out, name: str, spans: list[Span]) -> None:
    record = DocRecord("a.txt", TEXT, spans, "accepted", name, "2026-01-01T00:00:00.000+00:00",
                       text_hash=text_hash(TEXT))  # fmt: skip
    (out / f"{name}.jsonl").write_bytes(orjson.dumps(record.to_json()) + b"\n")


def test_agreement_key_shows_the_report_of_every_journal_but_gold(
    tmp_path, frozen_clock, pause_until
):
    folder, out = tmp_path / "corpus", tmp_path / "ann"
    folder.mkdir()
    out.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    site = TEXT.index("البوكمال")
    write_journal(out, "tester", [Span.of(TEXT, site, site + 8, "SITE")])
    write_journal(out, "omar", [Span.of(TEXT, site, site + 8, "ACTOR")])
    write_journal(out, "gold", [])

    async def scenario():
        app = make_app(folder, annotator="tester", out=out, clock=frozen_clock, suggest=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("A")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, AgreementScreen)
            assert screen.job.annotators == ("omar", "tester")
            await pause_until(pilot, lambda: screen.report is not None, "the agreement report")
            report = str(screen.query_one("#review-agreement-report").render())
            assert "omar" in report and "tester" in report
            assert "SITE" in report and "ACTOR" in report
            await pilot.press("escape")
            assert not isinstance(app.screen, AgreementScreen)

    asyncio.run(scenario())


def test_agreement_key_with_one_journal_says_what_is_missing(tmp_path, frozen_clock):
    folder, out = tmp_path / "corpus", tmp_path / "ann"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")

    async def scenario():
        app = make_app(folder, annotator="tester", out=out, clock=frozen_clock, suggest=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("A")
            await pilot.pause()
            assert not isinstance(app.screen, AgreementScreen)
            messages = [str(n.message) for n in app.notices]
            assert any("at least two annotators" in m and "found: tester" in m for m in messages)

    asyncio.run(scenario())
