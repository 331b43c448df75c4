"""Relations, attributes and document labels from the keyboard: each test presses keys on
the sample (its gold spans already there) and checks the exact records written."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson

from annotator.annotations.labels import LabelSet, default_labels
from annotator.annotations.model import DocRecord
from annotator.annotations.schema import RelationType, Schema
from annotator.store.journal import Journal
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.link_picker import LinkPicker
from annotator.ui.annotate.span_list import SpanList
from tests.sample_corpus import sample_corpus

GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "deir-ez-zor-gold.jsonl"
SIZE = (110, 34)


def setup(tmp_path: Path) -> tuple[Path, Path, DocRecord]:
    """The sample corpus and a journal holding its gold spans (ids s0, s1, ...)."""
    folder = sample_corpus(tmp_path / "corpus")
    gold = DocRecord.from_json(orjson.loads(GOLD.read_bytes().splitlines()[0]))
    record = replace(
        gold,
        spans=[replace(s, id=f"s{i}") for i, s in enumerate(gold.spans)],
        annotator="tester",
        status="in_progress",
    )
    out = tmp_path / "ann"
    with Journal.open(out / "tester.jsonl") as journal:
        journal.append(record)
    return folder, out, record


def last(out: Path) -> dict:
    return orjson.loads((out / "tester.jsonl").read_bytes().splitlines()[-1])


def span_id(record: DocRecord, start: int) -> str:
    return next(s.id for s in record.spans if s.start == start)


async def focus(pilot, app, start: int) -> None:
    """Put the cursor on ``start`` and Tab onto the span that starts there."""
    app.screen.view.move_to(start)
    await pilot.press("tab")
    assert app.screen.span_focus.start == start


async def test_e_links_the_focused_quote_to_its_speaker_suggested_first(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, 2155)
        await pilot.press("e")
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        # The suggested speaker first, then the other actors nearest first; each one stepped
        # to is focused on the article.
        assert [t.text for t in picker.targets[:3]] == [
            "بنيامين نتنياهو",
            "نتنياهو",
            "الجيش الإسرائيلي",
        ]
        await pilot.press("tab")
        assert app.screen_stack[-2].span_focus.text == "نتنياهو"
        await pilot.press("shift+tab")
        assert app.screen_stack[-2].span_focus.text == "بنيامين نتنياهو"
        await pilot.press("enter")
        relations = last(out)["relations"]
        assert [{k: v for k, v in r.items() if k != "id"} for r in relations] == [
            {
                "type": "SPEAKER",
                "head": span_id(record, 2155),
                "tail": span_id(record, 2134),
                "source": "relation:speaker_after_verb",
                "confidence": 0.92,
            }
        ]
        # The span list shows it beside the quote, and its partner on the text.
        await pilot.pause()
        notes = app.screen.query_one(SpanList)._notes
        assert notes[span_id(record, 2155)] == ("← SPEAKER:", "بنيامين نتنياهو")
        assert notes[span_id(record, 2134)] == ("→ SPEAKER", "")
        screen = app.screen
        actor = next(s for s in screen.session.spans if s.start == 2134)
        assert screen.style_of(actor).underline
        # A digit picks a row: the second target of the next quote, by hand, no source.
        await focus(pilot, app, 2327)
        await pilot.press("e")
        first, second = app.screen.targets[:2]
        assert (first.text, first.start, second.text) == ("نتنياهو", 2318, "الجيش الإسرائيلي")
        await pilot.press("2")
        newest = last(out)["relations"][-1]
        assert (newest["type"], newest["tail"], newest.get("source")) == (
            "SPEAKER",
            span_id(record, 2550),
            None,
        )
        # E removes the focused quote's relations; undo brings them back.
        await pilot.press("E")
        assert len(last(out)["relations"]) == 1
        await pilot.press("ctrl+z")
        assert len(last(out)["relations"]) == 2
        # Deleting the first speaker deletes its relation in the same step, undoably.
        await focus(pilot, app, 2134)
        await pilot.press("x")
        assert [r["tail"] for r in last(out)["relations"]] == [span_id(record, 2550)]
        await pilot.press("ctrl+z")
        assert len(last(out)["relations"]) == 2


async def test_the_type_is_chosen_when_several_fit(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    labels = LabelSet(
        default_labels().labels,
        Schema(
            relations=(
                RelationType("SPEAKER", ("QUOTE",), ("ACTOR",)),
                RelationType("ADDRESSEE", ("QUOTE",), ("ACTOR",)),
            )
        ),
    )
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock, labels=labels)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, 2155)
        await pilot.press("e", "enter")  # the suggested speaker
        assert isinstance(app.screen, LinkPicker)  # now the types
        await pilot.press("2")
        (relation,) = last(out)["relations"]
        assert (relation["type"], relation["tail"]) == ("ADDRESSEE", span_id(record, 2134))


async def test_k_cycles_the_kind_and_j_finds_the_next_count_without_one(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("J")
        assert app.screen.span_focus.text == "العشرات من عناصر"
        await pilot.press("k", "k")
        assert last(out)["attributes"] == {span_id(record, 937): {"kind": "wounded"}}
        await pilot.press("J")
        assert app.screen.span_focus.text == "38 عنصرا"
        await pilot.press("k")
        assert last(out)["attributes"] == {
            span_id(record, 937): {"kind": "wounded"},
            span_id(record, 1325): {"kind": "killed"},
        }
        await pilot.press("ctrl+z")
        assert last(out)["attributes"] == {span_id(record, 937): {"kind": "wounded"}}


async def test_l_and_k_take_and_leave_relation_and_attribute_suggestions(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("L")  # 38 عنصرا: killed, from the harm word before it
        assert last(out)["attributes"] == {span_id(record, 1325): {"kind": "killed"}}
        await pilot.press("K")  # 24 من عناصر: rejected, remembered
        assert last(out)["rejected_links"] == [["kind=killed", span_id(record, 1349), ""]]
        await pilot.press("L", "L")  # 50 wounded, then the first speaker
        line = last(out)
        assert line["attributes"][span_id(record, 1433)] == {"kind": "wounded"}
        assert [(r["head"], r["tail"]) for r in line["relations"]] == [
            (span_id(record, 2155), span_id(record, 2134))
        ]


async def test_d_opens_the_document_labels(tmp_path, frozen_clock):
    folder, out, _ = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("D", "1", "3", "6", "2")  # relevant yes, event airstrike, other, no
        assert last(out)["doc_labels"] == ["event=airstrike", "event=other", "relevant=no"]
        await pilot.press("escape", "ctrl+z")
        assert last(out)["doc_labels"] == ["event=airstrike", "event=other", "relevant=yes"]
