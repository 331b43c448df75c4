"""Suggestions in the annotate app: drawn apart from spans, accepted, rejected, learned.

Each test drives the app with keys and checks the journal line by line: exact offsets,
labels, texts and sources.
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import orjson
import pytest

from annotator.annotations.labels import Label, LabelSet
from annotator.commands import annotate
from annotator.problems import UserError
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.article_view import ArticleView
from tests.sample_corpus import SAMPLE, sample_corpus

TEXT = SAMPLE.read_text(encoding="utf-8")
SIZE = (100, 30)
CASUALTIES = [
    (937, 953, "CASUALTY_COUNT", "العشرات من عناصر"),
    (1325, 1333, "CASUALTY_COUNT", "38 عنصرا"),
    (1349, 1360, "CASUALTY_COUNT", "24 من عناصر"),
    (1401, 1418, "CASUALTY_COUNT", "14 من قوات النظام"),
    (1433, 1445, "CASUALTY_COUNT", "نحو 50 آخرين"),
]
QUOTES = [(1909, 2009), (2155, 2309), (2327, 2542), (2669, 2791)]
# The part of the quote rule that takes each: after "إن"/a colon, or a whole sentence.
QUOTE_SOURCES = ["rule:quote:introduced"] * 2 + ["rule:quote:sentence", "rule:quote:introduced"]
CASUALTY_SOURCE = "rule:casualty_count:harm_clause"


def app_on(clock, folder: Path, out: Path, **options):
    return make_app(folder, annotator="tester", out=out, clock=clock, **options)


def journal(out: Path) -> list[dict]:
    return [orjson.loads(line) for line in (out / "tester.jsonl").read_bytes().splitlines()]


def spans_of(line: dict) -> list[tuple]:
    return [(s["start"], s["end"], s["label"], s["text"], s.get("source")) for s in line["spans"]]


def keys_of(spans) -> list[tuple[int, int, str]]:
    return [(s.start, s.end, s.label) for s in spans]


def test_the_sample_opens_with_casualty_counts_and_quotes_suggested(tmp_path, frozen_clock):
    async def scenario():
        app = app_on(frozen_clock, sample_corpus(tmp_path / "corpus"), tmp_path / "ann")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            shown = screen.workspace.suggestions()
            assert [(s.start, s.end, s.label, s.text) for s in shown[:5]] == CASUALTIES
            assert [(s.start, s.end) for s in shown[5:]] == QUOTES
            assert [(s.label, s.source) for s in shown[5:]] == [("QUOTE", q) for q in QUOTE_SOURCES]
            # Drawn among the spans, listed and marked in the side panel; nothing saved.
            assert set(screen.view.spans) == set(shown)
            rows = app.screen.query_one(SpanList).rows
            assert [kind for kind, _ in rows] == ["suggestion"] * 9
            assert (tmp_path / "ann" / "tester.jsonl").read_bytes() == b""

    asyncio.run(scenario())


def test_accept_moves_on_to_the_next_suggestion_and_undo_takes_it_back(tmp_path, frozen_clock):
    async def scenario():
        out = tmp_path / "ann"
        app = app_on(frozen_clock, sample_corpus(tmp_path / "corpus"), out)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            await pilot.press("y")  # cursor at 0: the first suggestion after it
            assert spans_of(journal(out)[-1]) == [(*CASUALTIES[0], CASUALTY_SOURCE)]
            assert view.cursor == CASUALTIES[1][0]  # on the next one
            await pilot.press("y")
            assert spans_of(journal(out)[-1]) == [(*c, CASUALTY_SOURCE) for c in CASUALTIES[:2]]
            assert journal(out)[-1]["status"] == "in_progress"
            await pilot.press("ctrl+z")
            assert spans_of(journal(out)[-1]) == [(*CASUALTIES[0], CASUALTY_SOURCE)]
            assert (1325, 1333, "CASUALTY_COUNT") in keys_of(app.screen.workspace.suggestions())
            assert len(journal(out)) == 3

    asyncio.run(scenario())


def test_reject_is_saved_undoable_and_stays_rejected_after_reopening(tmp_path, frozen_clock):
    async def scenario():
        folder, out = sample_corpus(tmp_path / "corpus"), tmp_path / "ann"
        app = app_on(frozen_clock, folder, out)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            view.move_to(1328)  # inside "38 عنصرا"
            await pilot.press("d")
            line = journal(out)[-1]
            assert line["spans"] == []
            assert line["rejected_suggestions"] == [
                {"start": 1325, "end": 1333, "label": "CASUALTY_COUNT", "text": "38 عنصرا"}
            ]
            assert view.cursor == 1349  # on the next suggestion
            assert (1325, 1333, "CASUALTY_COUNT") not in keys_of(app.screen.workspace.suggestions())
            await pilot.press("ctrl+z")
            assert "rejected_suggestions" not in journal(out)[-1]
            assert (1325, 1333, "CASUALTY_COUNT") in keys_of(app.screen.workspace.suggestions())
            await pilot.press("ctrl+y")
            assert len(journal(out)[-1]["rejected_suggestions"]) == 1
        again = app_on(frozen_clock, folder, out)
        async with again.run_test(size=SIZE) as pilot:
            await pilot.pause()
            shown = keys_of(again.screen.workspace.suggestions())
            assert (1325, 1333, "CASUALTY_COUNT") not in shown
            assert len(shown) == 8

    asyncio.run(scenario())


def two_documents(tmp_path: Path, first: str, second: str) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "1.txt").write_text(first, encoding="utf-8")
    (folder / "2.txt").write_text(second, encoding="utf-8")
    return folder


async def label_site_and_move_on(app, pilot, first: str) -> None:
    """In document 1, the place name labelled SITE by key; it is learned when left (n)."""
    await pilot.pause()
    app.screen.query_one(ArticleView).move_to(first.index("البوكمال"))
    await pilot.press("2", "n")


def test_rejecting_a_quote_uncovers_what_is_inside_it(tmp_path, frozen_clock):
    async def scenario():
        first = "وصل الجنود إلى البوكمال."
        second = 'وقال القائد "إن الجنود في البوكمال الآن وهم بخير".'
        app = app_on(frozen_clock, two_documents(tmp_path, first, second), tmp_path / "ann")
        async with app.run_test(size=SIZE) as pilot:
            await label_site_and_move_on(app, pilot, first)
            quote = (second.index("إن"), second.index('".'), "QUOTE")
            assert keys_of(app.screen.workspace.suggestions()) == [quote]  # swallows the SITE
            await pilot.press("d")
            site = second.index("البوكمال")
            assert keys_of(app.screen.workspace.suggestions()) == [(site, site + 8, "SITE")]
            assert app.screen.query_one(ArticleView).cursor == site  # on what it uncovered

    asyncio.run(scenario())


def test_accept_all_saves_every_suggestion_as_one_undoable_change(tmp_path, frozen_clock):
    async def scenario():
        out = tmp_path / "ann"
        app = app_on(frozen_clock, sample_corpus(tmp_path / "corpus"), out)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("Y")
            saved = spans_of(journal(out)[-1])
            assert saved[:5] == [(*c, CASUALTY_SOURCE) for c in CASUALTIES]
            assert [(s, e, label, src) for s, e, label, _, src in saved[5:]] == [
                (s, e, "QUOTE", q) for (s, e), q in zip(QUOTES, QUOTE_SOURCES, strict=True)
            ]
            assert all(text == TEXT[s:e] for s, e, _, text, _ in saved)
            assert app.screen.workspace.suggestions() == []
            assert [kind for kind, _ in app.screen.query_one(SpanList).rows] == ["span"] * 9
            await pilot.press("ctrl+z")
            assert journal(out)[-1]["spans"] == []
            assert len(app.screen.workspace.suggestions()) == 9

    asyncio.run(scenario())


def test_a_site_labelled_in_one_document_is_suggested_in_the_next(tmp_path, frozen_clock):
    async def scenario():
        folder = tmp_path / "corpus"
        folder.mkdir()
        first = "سيطرت القوات على البوكمال صباح اليوم."
        second = "قصفت الطائرات مواقع في الميادين والبوكمال مساء أمس."
        (folder / "1.txt").write_text(first, encoding="utf-8")
        (folder / "2.txt").write_text(second, encoding="utf-8")
        out = tmp_path / "ann"
        app = app_on(frozen_clock, folder, out)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one(ArticleView).move_to(first.index("البوكمال") + 2)
            await pilot.press("2", "n")
            start = second.index("البوكمال")  # the و stays outside
            assert [
                (s.start, s.end, s.label, s.source) for s in app.screen.workspace.suggestions()
            ] == [(start, start + 8, "SITE", "gazetteer")]
            await pilot.press("y")
        lines = journal(out)
        assert [line["id"] for line in lines] == ["1.txt", "2.txt"]
        site = first.index("البوكمال")
        assert spans_of(lines[0]) == [(site, site + 8, "SITE", "البوكمال", None)]
        assert spans_of(lines[1]) == [(start, start + 8, "SITE", "البوكمال", "gazetteer")]

    asyncio.run(scenario())


def test_gold_beside_the_journal_feeds_the_gazetteer_and_no_suggest_turns_it_off(
    tmp_path, frozen_clock
):
    async def scenario():
        folder, out = tmp_path / "corpus", tmp_path / "ann"
        folder.mkdir()
        out.mkdir()
        text = "قصفت الطائرات مطار الطبقة العسكري."
        (folder / "a.txt").write_text(text, encoding="utf-8")
        gold = {"schema": 1, "id": "other", "text": "في الطبقة", "status": "accepted",
                "spans": [{"start": 3, "end": 9, "label": "SITE", "text": "الطبقة"}]}  # fmt: skip
        (out / "gold.jsonl").write_bytes(orjson.dumps(gold) + b"\n")
        app = app_on(frozen_clock, folder, out)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            start = text.index("الطبقة")
            assert keys_of(app.screen.workspace.suggestions()) == [(start, start + 6, "SITE")]
        off = app_on(frozen_clock, folder, out, suggest=False)
        async with off.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert off.screen.workspace.suggestions() == []
            await pilot.press("y")
            assert (out / "tester.jsonl").read_bytes() == b""

    asyncio.run(scenario())


def test_step_between_suggestions_with_the_keys(tmp_path, frozen_clock):
    async def scenario():
        app = app_on(frozen_clock, sample_corpus(tmp_path / "corpus"), tmp_path / "ann")
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view = app.screen.query_one(ArticleView)
            await pilot.press("full_stop")
            assert view.cursor == 937
            await pilot.press("full_stop", "full_stop")
            assert view.cursor == 1349
            await pilot.press("comma")
            assert view.cursor == 1325
            assert "suggested CASUALTY_COUNT y/d [1325, 1333)" in app.screen.detail

    asyncio.run(scenario())


def test_suggestions_drawn_underlined_and_unfilled(snap_compare, tmp_path, frozen_clock):
    async def check(pilot):
        view = pilot.app.screen.query_one(ArticleView)
        view.move_to(1325)
        await pilot.pause()
        start, end = 1325, 1333
        row, col_start, col_end = view.text_layout.pieces(start, end)[0]
        y = row - int(view.scroll_offset.y)
        col, styled = 0, []
        for segment in view.render_line(y):
            for _ in segment.text:
                if col_start <= col < col_end and segment.style is not None:
                    styled.append(segment.style)
                col += 1
        # Under the cursor cell the style is reversed; the rest of the suggestion shows the
        # suggestion's own style: underlined, dim, the label's colour on the normal background.
        plain = [s for s in styled if not s.reverse]
        background = view.rich_style.bgcolor
        assert plain and all(s.underline and s.dim and s.bgcolor == background for s in plain)
        assert {s.color.name for s in plain} == {"#e06c75"}
        assert view.line_text(row)[col_start:col_end] == "ﺍﺮﺼﻨﻋ 38"

    app = app_on(frozen_clock, sample_corpus(tmp_path / "corpus"), tmp_path / "ann")
    assert snap_compare(app, terminal_size=SIZE, run_before=check)


def test_patterns_files_and_builtin_switches(tmp_path, frozen_clock):
    folder, out = sample_corpus(tmp_path / "corpus"), tmp_path / "ann"
    patterns = tmp_path / "sites.jsonl"
    patterns.write_text('{"label": "SITE", "pattern": "البوكمال"}\n', encoding="utf-8")
    app = app_on(frozen_clock, folder, out, patterns=[patterns], no_builtin="casualty_count")
    found = app.workspace.suggestions()
    app.workspace.journal.close()
    sources = {s.source for s in found}
    assert sources == {"pattern:sites.jsonl:1", *QUOTE_SOURCES}
    first = TEXT.index("البوكمال")
    assert (first, first + 8, "SITE") in keys_of(found)
    with pytest.raises(UserError, match="no built-in rule bogus"):
        app_on(frozen_clock, folder, out, no_builtin="bogus")
    with pytest.raises(UserError, match="no such patterns file"):
        app_on(frozen_clock, folder, out, patterns=[tmp_path / "missing.jsonl"])


def test_a_labels_file_without_a_rule_label_turns_that_rule_off(tmp_path, frozen_clock):
    labels = LabelSet((Label("QUOTE", "4", "#98c379", ""),))
    app = app_on(frozen_clock, sample_corpus(tmp_path / "corpus"), tmp_path / "ann", labels=labels)
    assert {s.label for s in app.workspace.suggestions()} == {"QUOTE"}
    app.workspace.journal.close()


def test_the_cli_takes_the_suggestion_options():
    parser = argparse.ArgumentParser()
    annotate.configure(parser)
    args = parser.parse_args(
        ["c", "--patterns", "a.jsonl", "--patterns", "b.jsonl", "--no-builtin", "quote",
         "--no-builtin", "casualty_count", "--no-suggest"]
    )  # fmt: skip
    assert args.patterns == [Path("a.jsonl"), Path("b.jsonl")]
    assert args.no_builtin == ["quote", "casualty_count"]
    assert args.no_suggest


def test_what_is_undone_or_deleted_is_no_longer_suggested(tmp_path, frozen_clock):
    async def scenario():
        first, second = "قصف البوكمال.", "وصل الجنود إلى البوكمال."
        site = second.index("البوكمال")
        suggested = [(site, site + 8, "SITE")]
        app = app_on(frozen_clock, two_documents(tmp_path, first, second), tmp_path / "ann")
        async with app.run_test(size=SIZE) as pilot:
            await label_site_and_move_on(app, pilot, first)
            workspace = app.screen.workspace
            assert keys_of(workspace.suggestions()) == suggested
            await pilot.press("y", "ctrl+z")  # accepted (learned once more), then undone
            await pilot.pause()
            assert keys_of(workspace.suggestions()) == suggested  # document 1 still has it
            await pilot.press("p", "tab", "x", "n")  # document 1's span deleted
            await pilot.pause()
            assert spans_of(journal(tmp_path / "ann")[-1]) == []
            assert workspace.session.doc_id == "2.txt"
            assert keys_of(workspace.suggestions()) == []

    asyncio.run(scenario())


def test_accept_with_suggestions_left_says_how_many_and_asks_once(tmp_path, frozen_clock):
    async def scenario():
        folder = two_documents(tmp_path, TEXT, "نص ثان.")
        out = tmp_path / "ann"
        app = app_on(frozen_clock, folder, out)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            left = len(app.workspace.suggestions())
            assert left == len(CASUALTIES) + len(QUOTES)
            await pilot.press("a")
            assert app.workspace.session.status == "new"  # not accepted, not moved on
            (notice,) = [n.message for n in app.notices]
            assert f"{left} suggestion(s) here are neither taken nor rejected" in notice
            assert "Press a again" in notice
            await pilot.press("y", "a")  # a change since: the question is asked again
            assert app.workspace.session.doc_id == "1.txt"
            await pilot.press("a")
            assert app.workspace.session.doc_id == "2.txt"
        assert journal(out)[-1]["status"] == "accepted"
        assert len(journal(out)[-1]["spans"]) == 1

    asyncio.run(scenario())
