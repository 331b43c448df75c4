"""Relations, attributes and document labels with the mouse: each test clicks the cells where
the target is drawn (found through the layout, never guessed) and checks the exact records
written."""

from __future__ import annotations

from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.doc_labels_panel import DocLabelsPanel
from annotator.ui.annotate.link_picker import LinkPicker
from annotator.ui.annotate.span_list import SpanList
from annotator.ui.shared.article_view import ArticleView
from tests.ui.test_ui_relations import SIZE, focus, last, setup, span_id

QUOTE, ARMY, NETANYAHU = 2327, 2550, 2318  # the second quote and two actors after it


def cell_of(view: ArticleView, offset: int) -> tuple[int, int]:
    """Where, relative to the article widget, the cell showing ``offset`` is drawn."""
    row, col = view.text_layout.position_of(offset)
    return col + view.gutter.left, row - int(view.scroll_offset.y) + view.gutter.top


async def click_row(pilot, selector: str, index: int) -> None:
    """Click option ``index`` of the OptionList ``selector`` (below its top padding)."""
    options = pilot.app.screen.query_one(selector)
    await pilot.click(selector, offset=(4, options.gutter.top + index))
    await pilot.pause()


async def click_span_row(pilot, span_list: SpanList, start: int) -> None:
    """Scroll the span list to the row of the span starting at ``start`` and click it."""
    row = next(i for i, (_, s) in enumerate(span_list.rows) if s.start == start)
    span_list.scroll_to(y=max(row - 2, 0), animate=False, immediate=True)
    await pilot.pause()
    y = row - int(span_list.scroll_offset.y)
    assert 0 <= y < span_list.scrollable_content_region.height
    await pilot.click(span_list, offset=(3, y + span_list.gutter.top))
    await pilot.pause()


async def linking(pilot, app) -> tuple[LinkPicker, ArticleView]:
    await pilot.pause()
    await focus(pilot, app, QUOTE)
    await pilot.press("e")
    await pilot.pause()
    picker = app.screen
    assert isinstance(picker, LinkPicker)
    return picker, app.screen_stack[-2].view


def clear_of(picker: LinkPicker, view: ArticleView, offset: int) -> tuple[int, int]:
    """The cell of ``offset`` (its row scrolled to the article's top, as a user would),
    checked to be on the article and not under the picker's box."""
    view.scroll_to(y=max(view.text_layout.row_of(offset) - 1, 0), animate=False, immediate=True)
    x, y = cell_of(view, offset)
    screen = (view.region.x + x, view.region.y + y)
    assert view.content_region.contains(*screen)
    assert not picker.query_one("#link-box").region.contains(*screen)
    return x, y


async def test_a_click_on_an_underlined_target_links_it(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        picker, view = await linking(pilot, app)
        screen = app.screen_stack[-2]
        army = next(s for s in screen.session.spans if s.start == ARMY)
        # Every allowed target is underlined while the picker is up.
        assert army in screen.link_targets and screen.style_of(army).underline
        # The last cell of the army's name: a click anywhere on the span picks it.
        await pilot.click(view, offset=clear_of(picker, view, army.end - 1))
        await pilot.pause()
        assert not isinstance(app.screen, LinkPicker)
        (relation,) = last(out)["relations"]
        assert {k: v for k, v in relation.items() if k != "id"} == {
            "type": "SPEAKER",
            "head": span_id(record, QUOTE),
            "tail": span_id(record, ARMY),
        }
        # Linking over: nothing is underlined as a target any more.
        assert screen.link_targets == frozenset()


async def test_a_click_beside_the_targets_links_nothing_and_esc_cancels(tmp_path, frozen_clock):
    folder, out, _ = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        picker, view = await linking(pilot, app)
        before = (out / "tester.jsonl").read_bytes()
        # The quote itself is not a target of its own relation.
        await pilot.click(view, offset=clear_of(picker, view, QUOTE + 2))
        await pilot.pause()
        assert app.screen is picker
        assert any("Not a target" in str(n.message) for n in app.notices)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LinkPicker)
        assert (out / "tester.jsonl").read_bytes() == before


async def test_a_click_on_a_picker_row_links_that_target(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        picker, _ = await linking(pilot, app)
        second = picker.targets[1]
        assert (second.start, second.text) == (ARMY, "الجيش الإسرائيلي")
        await click_row(pilot, "#link-options", 1)
        (relation,) = last(out)["relations"]
        assert (relation["head"], relation["tail"]) == (
            span_id(record, QUOTE),
            span_id(record, ARMY),
        )


async def test_a_click_on_a_relation_row_selects_its_span(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await linking(pilot, app)
        await pilot.press("1")  # نتنياهو, suggested first
        await pilot.pause()
        screen = app.screen
        span_list = screen.query_one(SpanList)
        # Focus elsewhere, then click the quote's row (it shows "← SPEAKER: نتنياهو").
        await focus(pilot, app, 2669)
        await pilot.pause()
        row = next(i for i, (_, s) in enumerate(span_list.rows) if s.start == QUOTE)
        assert "← SPEAKER:" in span_list.row_content(row).plain
        await click_span_row(pilot, span_list, QUOTE)
        assert screen.span_focus.start == QUOTE
        # What the click selected is what the keys act on: E removes its relation.
        await pilot.press("E")
        assert "relations" not in last(out)
        assert any(s["id"] == span_id(record, NETANYAHU) for s in last(out)["spans"])


async def test_a_click_on_an_attribute_row_then_k_sets_that_spans_kind(tmp_path, frozen_clock):
    folder, out, record = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        span_list = screen.query_one(SpanList)
        await focus(pilot, app, 1325)  # 38 عنصرا
        await pilot.press("k")  # killed
        await pilot.pause()
        await click_span_row(pilot, span_list, 1349)
        assert screen.span_focus.start == 1349  # 24 من عناصر
        await pilot.press("k", "k")  # killed, wounded
        assert last(out)["attributes"] == {
            span_id(record, 1325): {"kind": "killed"},
            span_id(record, 1349): {"kind": "wounded"},
        }


async def test_the_document_labels_panel_is_clickable(tmp_path, frozen_clock):
    folder, out, _ = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, DocLabelsPanel)
        # Rows: 1 relevant=yes, 2 relevant=no, 3 event=airstrike, ...
        await click_row(pilot, "#doc-labels-options", 0)
        await click_row(pilot, "#doc-labels-options", 2)
        assert last(out)["doc_labels"] == ["event=airstrike", "relevant=yes"]
        await click_row(pilot, "#doc-labels-options", 1)  # single choice: no replaces yes
        assert last(out)["doc_labels"] == ["event=airstrike", "relevant=no"]


async def test_each_target_stepped_to_is_drawn_above_the_box_at_80x24(tmp_path, frozen_clock):
    """The picker's box covers the lower half of an 80x24 article: the article scrolls so the
    target being offered is never hidden behind it."""
    folder, out, _ = setup(tmp_path)
    app = make_app(folder, annotator="tester", out=out, clock=frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await focus(pilot, app, 1325)  # 38 عنصرا: its targets are actors and sites around it
        await pilot.press("e")
        picker = app.screen
        assert isinstance(picker, LinkPicker)
        view = app.screen_stack[-2].view
        seen = set()
        for _ in range(6):
            await pilot.pause()
            target = app.screen_stack[-2].span_focus
            seen.add(target.start)
            x, y = cell_of(view, target.start)
            at = (view.region.x + x, view.region.y + y)
            assert view.content_region.contains(*at), target
            assert at[1] < picker.query_one("#link-box").region.y, target
            await pilot.press("tab")
        assert len(seen) == 6
        await pilot.press("escape")
        assert not isinstance(app.screen, LinkPicker)
