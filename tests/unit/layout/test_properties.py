"""Property tests of the layout maps over random mixed-direction text at random widths."""

import unicodedata
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.layout.bidi import line_levels, paragraph_level, resolve_levels, visual_order
from annotator.layout.layout import DIRECTIONS, DisplayLine, Layout, LayoutOptions, layout_text

ARABIC = "ابتثجحدذرزسشصعغفقكلمنهويىةءأإآؤئ"
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"
LATIN = "abcxyzABC"
PUNCTUATION = ".,;:!?-+%$\"'/،؛؟"
BRACKETS = "()[]{}<>«»\u2329\u232a\u3008\u3009"
SPACES = "  \t\u00a0"
INVISIBLE = (
    "\u200e\u200f\u061c\u200d\u200c\u202a\u202b\u202c\u202d\u202e"
    "\u2066\u2067\u2068\u2069\ufeff\u00ad\u200b\u2060"
)
OTHER = "\x1b\x00\x7f\u0085\u2028\u2029\r\n中"

pieces_of_text = st.one_of(
    st.text(ARABIC, min_size=1, max_size=6),
    st.text(ARABIC + HARAKAT, min_size=1, max_size=6),
    st.text(DIGITS, min_size=1, max_size=4),
    st.text(LATIN, min_size=1, max_size=5),
    st.sampled_from(PUNCTUATION + BRACKETS + SPACES + INVISIBLE + OTHER),
    st.just(" "),
    st.just("\u0644\u0627"),  # lam-alef
)
texts = st.lists(pieces_of_text, max_size=40).map("".join)
options = st.builds(
    LayoutOptions,
    direction=st.sampled_from(["auto", "rtl", "ltr"]),
    show_invisibles=st.booleans(),
    show_bidi_controls=st.booleans(),
    mode=st.sampled_from(["app", "app", "terminal"]),
)
widths = st.integers(min_value=1, max_value=30)


def _unshown(text: str) -> set[int]:
    """Offsets that no cell shows: the line breaks between paragraphs (LF, and CR LF)."""
    return {i for i, ch in enumerate(text) if ch == "\n" or text[i : i + 2] == "\r\n"}


@settings(max_examples=300, deadline=None)
@given(texts, widths, options)
def test_every_offset_is_shown_by_exactly_one_cell(text, width, opts):
    layout = layout_text(text, width, opts)
    seen: dict[int, int] = {}
    for line in layout.lines:
        offsets = []
        for cell in line.cells:
            assert cell.start < cell.end
            offsets.extend(range(cell.start, cell.end))
        assert sorted(offsets) == list(range(line.start, line.end))
        for o in offsets:
            seen[o] = seen.get(o, 0) + 1
    assert set(seen) == set(range(len(text))) - _unshown(text)
    assert set(seen.values()) <= {1}


@settings(max_examples=300, deadline=None)
@given(texts, widths, options)
def test_no_raw_control_or_invisible_character_reaches_the_screen(text, width, opts):
    layout = layout_text(text, width, opts)
    for line in layout.lines:
        for cell in line.cells:
            for ch in cell.glyph:
                assert unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp"), repr(ch)
                assert ch not in INVISIBLE


@settings(max_examples=300, deadline=None)
@given(texts, widths, options)
def test_lines_fit_and_rtl_lines_are_right_aligned(text, width, opts):
    layout = layout_text(text, width, opts)
    for line in layout.lines:
        used = sum(cell.width for cell in line.cells)
        assert used <= width or len(line.cells) == 1
        if line.rtl and opts.mode == "app":
            assert line.indent == max(width - used, 0)
        else:
            assert line.indent == 0


@settings(max_examples=300, deadline=None)
@given(texts, widths, options)
def test_visual_to_logical_to_visual_round_trips(text, width, opts):
    layout = layout_text(text, width, opts)
    for row, line in enumerate(layout.lines):
        col = line.indent
        for cell in line.cells:
            for inside in range(col, col + cell.width):
                offset = layout.offset_at(row, inside)
                assert offset == cell.start
                assert layout.cell_range_at(row, inside) == (cell.start, cell.end)
                assert layout.position_of(offset) == (row, col)
            col += cell.width
        assert layout.offset_at(row, col) is None
        assert all(layout.offset_at(row, c) is None for c in range(line.indent))


@settings(max_examples=300, deadline=None)
@given(texts, widths, options)
def test_logical_to_visual_to_logical_round_trips(text, width, opts):
    layout = layout_text(text, width, opts)
    unshown = _unshown(text)
    for offset in range(len(text) + 1):
        row, col = layout.position_of(offset)
        assert layout.row_of(offset) == row
        if offset in unshown or offset == len(text):
            assert 0 <= col < width or col == 0
            continue
        start, end = layout.cell_range_at(row, col)
        assert start <= offset < end


@settings(max_examples=300, deadline=None)
@given(texts, widths, options, st.data())
def test_cells_of_a_range_map_back_to_exactly_that_range(text, width, opts, data):
    layout = layout_text(text, width, opts)
    n = len(text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    runs = layout.pieces(start, end)
    got: set[int] = set()
    for row, first, last in runs:
        assert first < last
        for col in range(first, last):
            cell_start, cell_end = layout.cell_range_at(row, col)
            assert cell_start < end and cell_end > start
            got.update(range(cell_start, cell_end))
    # Exactly the range, widened only to whole cells (a lam-alef, a letter and its marks).
    cells = [cell for line in layout.lines for cell in line.cells]
    expected: set[int] = set()
    for cell in cells:
        if start < end and cell.start < end and cell.end > start:
            expected.update(range(cell.start, cell.end))
    assert got == expected
    assert set(range(start, end)) - _unshown(text) <= got
    # Runs are maximal: two runs on one row never touch.
    by_row: dict[int, list[tuple[int, int]]] = {}
    for row, first, last in runs:
        by_row.setdefault(row, []).append((first, last))
    for spans in by_row.values():
        spans.sort()
        assert all(a[1] < b[0] for a, b in pairwise(spans))


@settings(max_examples=300, deadline=None)
@given(texts, widths, st.sampled_from(["auto", "rtl", "ltr"]))
def test_rows_are_ordered_by_bidi_line_levels_of_their_characters(text, width, direction):
    """The layout runs L1 through `bidi.line_levels`, the code the conformance test covers.

    With invisible markers every character outside a cluster is a harakah or an alef joined
    to a lam, which share their base's level, so the cells must appear in the order L2 gives
    the characters that start them."""
    paragraph = text.replace("\n", " ")
    layout = layout_text(paragraph, width, LayoutOptions(direction, show_invisibles=True))
    forced = DIRECTIONS[direction]
    base = paragraph_level(paragraph, skip_marks=True) if forced is None else forced
    classes, levels, para = resolve_levels(paragraph, base)
    for line in layout.lines:
        starts = {cell.start for cell in line.cells}
        levels_on_line = line_levels(classes, levels, para, line.start, line.end)
        expected = [
            line.start + i for i in visual_order(levels_on_line) if line.start + i in starts
        ]
        assert [cell.start for cell in line.cells] == expected


# Many short paragraphs, so that blocks hold several.
paragraphs_of_text = st.lists(st.one_of(pieces_of_text, st.just("\n")), max_size=40).map("".join)


def _rows(layout: Layout) -> list[DisplayLine]:
    return list(layout.lines)


@settings(max_examples=300, deadline=None)
@given(paragraphs_of_text, widths, options, st.integers(1, 12), st.integers(0, 40), st.data())
def test_lazy_layout_in_any_order_gives_the_rows_of_one_block(
    text, width, opts, piece, cache, data
):
    """Blocks of whole paragraphs, laid out in any order and dropped from the cache, give the
    rows of the whole text laid out at once (and, while no paragraph is longer than a block,
    the exact same rows; longer paragraphs are cut in pieces after a space)."""
    whole = Layout(text, width, opts, piece=10**9)
    lazy = Layout(text, width, opts, piece=piece, cache_cells=cache)
    probes = data.draw(st.lists(st.integers(0, len(text)), max_size=8))
    for offset in probes:  # jump around: rows are laid out out of order
        row, _ = lazy.position_of(offset)
        assert lazy.row_of(offset) == row
    ordered = Layout(text, width, opts, piece=piece)
    assert _rows(lazy) == _rows(ordered)
    assert len(lazy.lines) == len(_rows(lazy))
    if all(len(p) <= piece for p in text.split("\n")):
        assert _rows(lazy) == _rows(whole)


@settings(max_examples=200, deadline=None)
@given(paragraphs_of_text, widths, options, st.integers(1, 12))
def test_lazy_layout_maps_rows_and_offsets_both_ways(text, width, opts, piece):
    layout = Layout(text, width, opts, piece=piece)
    for row, line in enumerate(layout.lines):
        for cell in line.cells:
            found_row, col = layout.position_of(cell.start)
            assert found_row == row
            assert layout.cell_range_at(row, col) == (cell.start, cell.end)
