"""The layout engine on the sample article and on small hand-checked texts."""

import pytest

from annotator.layout.layout import LayoutOptions, layout_text
from annotator.store.paths import bundled_corpus

SAMPLE = (bundled_corpus() / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
RLM = "\u200f"


def shown(line) -> str:
    return "".join(cell.glyph for cell in line.cells)


def rows(layout) -> list[str]:
    return [shown(line) for line in layout.lines]


def test_sample_brackets_face_inward_and_numbers_read_left_to_right():
    layout = layout_text(SAMPLE, 100)
    start = SAMPLE.index("(شرق سوريا)")
    row = layout.row_of(start)
    assert "(ﺎﻳﺭﻮﺳ ﻕﺮﺷ)" in shown(layout.lines[row])
    year = SAMPLE.index("2020")
    [(row, first, last)] = layout.pieces(year, year + 4)
    assert [layout.offset_at(row, col) for col in range(first, last)] == [
        year,
        year + 1,
        year + 2,
        year + 3,
    ]
    assert "2020" in shown(layout.lines[row])


def test_sample_rtl_lines_are_right_aligned_and_fit():
    layout = layout_text(SAMPLE, 100)
    assert all(line.rtl for line in layout.lines)
    for line in layout.lines:
        used = sum(cell.width for cell in line.cells)
        assert used <= 100
        assert line.indent + used == 100 or not line.cells


def test_allah_is_not_a_ligature():
    text = "حزب الله"
    layout = layout_text(text, 40)
    assert len(layout.lines[0].cells) == 8
    assert "\ufdf2" not in shown(layout.lines[0])


def test_lam_alef_cell_stands_for_two_characters():
    layout = layout_text("لا", 10)
    [cell] = layout.lines[0].cells
    assert (cell.start, cell.end) == (0, 2)
    assert layout.position_of(1) == layout.position_of(0)


def test_harakat_belong_to_their_letter():
    text = "مُحَمَّد"
    layout = layout_text(text, 10)
    cells = layout.lines[0].cells
    assert len(cells) == 4
    assert sorted((c.start, c.end) for c in cells) == [(0, 2), (2, 4), (4, 7), (7, 8)]


def test_lines_break_at_spaces_in_logical_order_then_reorder():
    # Logical order: first words on the first row; each RTL row reads right to left.
    layout = layout_text("واحد اثنان ثلاثة", 12)
    assert [(line.start, line.end) for line in layout.lines] == [(0, 11), (11, 16)]
    first = layout.lines[0]
    assert first.cells[-1].start == 0  # the first letter is the rightmost cell
    assert first.cells[0].start == 10  # the trailing space (L1) is at the left end


def test_a_word_longer_than_the_line_is_broken():
    layout = layout_text("abcdefgh ij", 3)
    assert rows(layout) == ["abc", "def", "gh ", "ij"]


def test_a_space_that_does_not_fit_starts_the_next_line_without_splitting_a_word():
    assert rows(layout_text("hello world", 5)) == ["hello", " ", "world"]
    assert rows(layout_text(" x y", 2)) == [" x", " y"]


def test_trailing_whitespace_takes_the_paragraph_level():
    # "abc " in an RTL paragraph: the Latin run stays LTR, the trailing space goes left.
    layout = layout_text("abc ", 10, LayoutOptions(direction="rtl"))
    line = layout.lines[0]
    assert shown(line) == " abc"
    assert line.indent == 6


def test_forced_direction():
    text = "abc شرق"
    assert layout_text(text, 20).lines[0].rtl is False
    assert layout_text(text, 20, LayoutOptions(direction="rtl")).lines[0].rtl is True
    assert layout_text("شرق", 20, LayoutOptions(direction="ltr")).lines[0].indent == 0


def test_invisibles_never_reach_the_screen_but_map_to_a_cell():
    text = "ab" + RLM + "c\u202bd\u202ce\x1b"
    layout = layout_text(text, 20)
    glyphs = shown(layout.lines[0])
    for raw in (RLM, "\u202b", "\u202c", "\x1b"):
        assert raw not in glyphs
    for offset in range(len(text)):
        row, col = layout.position_of(offset)
        start, end = layout.cell_range_at(row, col)
        assert start <= offset < end


def test_show_invisibles_gives_each_its_own_marker_cell():
    text = "ab" + RLM + "c"
    plain = layout_text(text, 20)
    marked = layout_text(text, 20, LayoutOptions(show_invisibles=True))
    assert len(marked.lines[0].cells) == len(plain.lines[0].cells) + 1
    row, col = marked.position_of(2)
    assert marked.cell_range_at(row, col) == (2, 3)


def test_paragraphs_newlines_and_empty_paragraphs():
    text = "شرق\n\nabc\r\nغرب"
    layout = layout_text(text, 10)
    assert [(line.paragraph, line.start, line.end) for line in layout.lines] == [
        (0, 0, 3),
        (1, 4, 4),
        (2, 5, 8),  # the CR of "\r\n" is part of the line break
        (3, 10, 13),
    ]
    empty = layout.lines[1]
    assert empty.cells == ()
    assert empty.rtl  # HL1: no strong character, so the previous paragraph's direction
    assert "\r" not in shown(layout.lines[2])
    assert layout.row_of(3) == 0  # a newline belongs to the last row of its paragraph
    assert layout.position_of(len(text)) == (3, layout.lines[3].indent - 1)


def test_terminal_mode_is_logical_and_unshaped():
    text = "(شرق سوريا) 2020"
    layout = layout_text(text, 40, LayoutOptions(mode="terminal"))
    line = layout.lines[0]
    assert shown(line) == text
    assert line.indent == 0
    assert line.rtl
    assert [layout.offset_at(0, col) for col in range(len(text))] == list(range(len(text)))


def covered(layout, spans) -> set[int]:
    offsets = set()
    for row, first, last in spans:
        for col in range(first, last):
            offsets.update(range(*layout.cell_range_at(row, col)))
    return offsets


def test_pieces_of_a_span_crossing_arabic_and_digits():
    text = "قتل 12 شخصا"
    layout = layout_text(text, 40)
    # Visual: "ﺎﺼﺨﺷ 12 ﻞﺘﻗ". "قتل 12" is one piece; "قتل 1" is two on the same row, because
    # the "2" it leaves out sits between the "1" and the space.
    whole = layout.pieces(0, 6)
    assert len(whole) == 1
    assert covered(layout, whole) == set(range(6))
    split = layout.pieces(0, 5)
    assert len(split) == 2
    assert {row for row, _, _ in split} == {0}
    assert covered(layout, split) == set(range(5))


def test_empty_cells_map_to_nothing():
    layout = layout_text("شرق", 10)
    assert layout.offset_at(0, 0) is None
    assert layout.offset_at(0, 9) == 0
    assert layout.offset_at(5, 0) is None
    assert layout.offset_at(0, 10) is None


@pytest.mark.parametrize("bad", [LayoutOptions(direction="up"), LayoutOptions(mode="x")])
def test_bad_options_are_rejected(bad):
    with pytest.raises(ValueError):
        layout_text("abc", 10, bad)


def test_offsets_outside_the_text_are_rejected():
    layout = layout_text("abc", 10)
    with pytest.raises(IndexError):
        layout.position_of(4)


def test_brackets_are_mirrored_only_at_odd_levels():
    # RTL paragraph, Latin inside: the brackets resolve to R (N0, from the context before
    # them), so they sit at level 1, are mirrored and still face the Latin word.
    layout = layout_text("ب (abc)", 20)
    assert rows(layout) == ["(abc) ﺏ"]
    leftmost = layout.lines[0].cells[0]
    assert (leftmost.glyph, leftmost.start) == ("(", 6)  # the logical ")" shown mirrored
    # LTR paragraph, Arabic inside: the brackets resolve to L, level 0, not mirrored.
    assert rows(layout_text("a (شرق)", 20)) == ["a (ﻕﺮﺷ)"]
    assert rows(layout_text("a (b)", 20)) == ["a (b)"]


def test_crlf_line_ends_show_no_cell_and_keep_every_offset():
    text = "سلام\r\n\r\nعليكم\r\n"
    layout = layout_text(text, 20)
    assert [(line.start, line.end) for line in layout.lines] == [(0, 4), (6, 6), (8, 13), (15, 15)]
    assert all("\u240d" not in cell.glyph for line in layout.lines for cell in line.cells)
    assert layout.row_of(4) == 0 and layout.row_of(5) == 0  # CR and LF of the first line
    assert layout.row_of(7) == 1
    assert layout_text("a\r", 5).lines[0].end == 2  # a CR that ends no line is shown


# CVE-2021-42574's example: an override and isolates make the comment seem to close the
# string, so the line hides that the comparison is with `"user\u202e ... "`.
TROJAN_SOURCE = 'if (accessLevel != "user\u202e \u2066// Check if admin\u2069 \u2066") {'


def test_trojan_source_line_shows_its_bidi_controls_where_they_act():
    [line] = layout_text(TROJAN_SOURCE, 80).lines
    # The controls still act, but their markers (RLO ⇇, LRI ↦, PDI ↥) show that `") {` is
    # not where the line ends the string.
    assert shown(line) == 'if (accessLevel != "user⇇") {↦ ↥// Check if admin↦ '
    cells = {cell.glyph: cell.start for cell in line.cells if cell.glyph in "⇇↥"}
    assert cells == {"⇇": TROJAN_SOURCE.index("\u202e"), "↥": TROJAN_SOURCE.index("\u2069")}


def test_hiding_bidi_controls_shows_the_line_as_trojan_source_meant_it_to_read():
    options = LayoutOptions(show_bidi_controls=False)
    [line] = layout_text(TROJAN_SOURCE, 80, options).lines
    assert shown(line) == 'if (accessLevel != "user") { // Check if admin '


# Scraped newswire: an LRM before every token.
WIRE = "\u200eقال \u200eالمتحدث \u200eإن \u200e15 \u200eشخصا \u200eقتلوا"


def test_wire_text_with_an_lrm_before_every_token_reads_right_to_left():
    layout = layout_text(WIRE + "\n" + WIRE, 100)
    assert [line.rtl for line in layout.lines] == [True, True]
    line = layout.lines[0]
    assert line.indent == 100 - sum(cell.width for cell in line.cells)
    # Words in right-to-left order: the first word read is the rightmost.
    first = WIRE.index("قال")
    assert line.cells[-1].start <= first < line.cells[-1].end


def test_an_lrm_does_not_decide_direction_but_a_latin_letter_does():
    assert not layout_text("\u200fabc \u0628", 20).lines[0].rtl
    assert layout_text("\u200e\u200e 12 \u0628 abc", 20).lines[0].rtl
