"""At 80 columns the span list has 25 cells a row: a quote's row still shows its speaker
readably (shaped, right to left, cut at a word's end with a visible ellipsis), giving up the
quote's own text and offsets for it. An SVG snapshot, and the drawn rows' text asserted (an
SVG viewer applies its own bidi, so the picture alone proves nothing about order)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import Relation
from annotator.layout.shaping import shape
from annotator.store.journal import Journal
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.visual import ELLIPSIS, cells_of, visual_line
from tests.ui.test_ui_relations import focus, setup

SIZE = (80, 24)
# (quote start, speaker start) on the sample: the two quotes of نتنياهو and the army's.
SPEAKERS = [(2155, 2134), (2327, 2318), (2669, 2550)]


def linked_app(tmp_path: Path, clock, keymap: Path | None = None):
    folder, out, record = setup(tmp_path)
    ids = {s.start: s.id for s in record.spans}
    record = replace(
        record,
        relations=[
            Relation(f"r{n}", "SPEAKER", ids[q], ids[a]) for n, (q, a) in enumerate(SPEAKERS)
        ],
        attributes={ids[1325]: {"kind": "killed"}},
    )
    with Journal.open(out / "tester.jsonl") as journal:
        journal.append(record)
    return make_app(folder, annotator="tester", out=out, clock=clock, suggest=False, keymap=keymap)


def drawn(span_list: SpanList) -> list[str]:
    height = span_list.scrollable_content_region.height
    return ["".join(s.text for s in span_list.render_line(y)).rstrip() for y in range(height)]


async def on_the_second_quote(pilot) -> list[str]:
    await pilot.pause()
    await focus(pilot, pilot.app, 2327)
    await pilot.pause()
    return drawn(pilot.app.screen.query_one(SpanList))


async def test_relation_rows_show_the_partner_cut_at_a_word(tmp_path, frozen_clock):
    app = linked_app(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        rows = await on_the_second_quote(pilot)
        span_list = app.screen.query_one(SpanList)
        assert span_list.row_width == 25
        # بنيامين نتنياهو (15 cells) does not fit beside "← SPEAKER:": its first word does,
        # shaped, with the ellipsis where the reading goes on (the left); the quote's own text
        # and offsets made room. نتنياهو fits whole.
        assert "QUOT ← SPEAKER: …ﻦﻴﻣﺎﻴﻨﺑ" in rows
        assert "QUOT ← SPEAKER: ﻮﻫﺎﻴﻨﺘﻧ" in rows
        # The speakers' rows keep their own text and say which side they are.
        assert "ACTO ﻮﻫﺎﻴﻨﺘﻧ → SPEAKER" in rows
        # Never half a cluster or half a word: every partner shown is whole words.
        for row in rows:
            if "SPEAKER:" in row:
                shown = row.split("SPEAKER: ", 1)[1].lstrip("…")
                assert shown in ("ﻦﻴﻣﺎﻴﻨﺑ", "ﻮﻫﺎﻴﻨﺘﻧ", "ﺶﻴﺠﻟﺍ", "ﻲﻠﻴﺋﺍﺮﺳﻻﺍ ﺶﻴﺠﻟﺍ"), row


async def test_the_army_quote_shows_its_speaker(tmp_path, frozen_clock):
    app = linked_app(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, 2669)
        await pilot.pause()
        rows = drawn(app.screen.query_one(SpanList))
        # الجيش الاسرائيلي: 16 cells, 9 free: the first word and the ellipsis.
        assert "QUOT ← SPEAKER: …ﺶﻴﺠﻟﺍ" in rows


def test_snapshot_at_80_columns(snap_compare, tmp_path, frozen_clock):
    async def check(pilot):
        rows = await on_the_second_quote(pilot)
        assert "QUOT ← SPEAKER: ﻮﻫﺎﻴﻨﺘﻧ" in rows

    assert snap_compare(linked_app(tmp_path, frozen_clock), terminal_size=SIZE, run_before=check)


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(alphabet=list("بنيامين نتنياهو لا الأ") + list("ًٌَُِّْ") + ["\u200c", "👍", "🏽"]),
    width=st.integers(1, 20),
    words=st.booleans(),
)
def test_a_cut_never_splits_a_cluster_and_says_so(text, width, words):
    """What a cut row shows is a prefix ending where a screen cluster ends (with ``words``,
    where a word ends whenever the first word fits), with the ellipsis; never wider."""
    flat = text.replace("\n", " ")
    shown = visual_line(text, width, words)
    assert cells_of(shown) <= width
    if cells_of(flat) <= width:
        return
    assert shown.count(ELLIPSIS) == 1
    bare = shown.replace(ELLIPSIS, "")
    ends = [c.end for c in shape(flat)]
    prefixes: dict[str, set[int]] = {}
    for end in ends:
        prefixes.setdefault(visual_line(flat[:end].rstrip(), 10_000), set()).add(end)
    assert bare == "" or bare in prefixes
    first_word = flat.lstrip().split(" ")[0]
    if words and bare and " " in flat.strip() and cells_of(first_word) < width:
        assert any(end == len(flat) or flat[end].isspace() for end in prefixes[bare])


async def test_the_status_line_says_what_k_and_e_do_on_the_focused_span(tmp_path, frozen_clock):
    app = linked_app(tmp_path, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        for start, detail in [
            (1325, "CASUALTY_COUNT k kind=killed e link [1325, 1333)"),
            (1349, "CASUALTY_COUNT k kind=? e link [1349, 1360)"),
            (2327, "QUOTE e link [2327, 2542)"),
            (2318, "ACTOR [2318, 2325)"),  # neither key applies to an actor
        ]:
            await focus(pilot, app, start)
            assert screen.detail == detail
        await pilot.press("k")  # 2318 is an actor: k says why it does nothing
        await focus(pilot, app, 1349)
        await pilot.press("k")
        assert screen.detail == "CASUALTY_COUNT k kind=killed e link [1349, 1360)"


async def test_the_status_line_names_the_keys_a_keymap_gave(tmp_path, frozen_clock):
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[keys]\n"annotate.attribute" = "ctrl+k"\n"annotate.link" = "ctrl+e"\n')
    app = linked_app(tmp_path, frozen_clock, keymap)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await focus(pilot, app, 1325)
        assert app.screen.detail == "CASUALTY_COUNT ^k kind=killed ^e link [1325, 1333)"
