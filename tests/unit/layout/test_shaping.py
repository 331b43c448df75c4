"""Shaping: exact glyphs and exact logical ranges for words of the sample article and edge cases."""

import unicodedata

import pytest

from annotator.layout.shaping import DOTTED_CIRCLE, Cluster, shape


def rows(text, **options):
    return [(c.glyph, c.start, c.end, c.base, c.width) for c in shape(text, **options)]


def glyphs(text, **options):
    return [c.glyph for c in shape(text, **options)]


def test_empty_paragraph_has_no_clusters():
    assert shape("") == []


def test_albukamal_takes_contextual_forms_one_cell_per_letter():
    assert rows("البوكمال") == [
        ("\ufe8d", 0, 1, 0, 1),  # alef isolated: it never joins the following letter
        ("\ufedf", 1, 2, 1, 1),  # lam initial
        ("\ufe92", 2, 3, 2, 1),  # beh medial
        ("\ufeee", 3, 4, 3, 1),  # waw final
        ("\ufedb", 4, 5, 4, 1),  # kaf initial
        ("\ufee4", 5, 6, 5, 1),  # meem medial
        ("\ufe8e", 6, 7, 6, 1),  # alef final
        ("\ufedd", 7, 8, 7, 1),  # lam isolated
    ]


def test_lam_alef_is_one_cell_covering_both_letters():
    assert rows("لافتة") == [
        ("\ufefb", 0, 2, 0, 1),  # lam-alef isolated
        ("\ufed3", 2, 3, 2, 1),
        ("\ufe98", 3, 4, 3, 1),
        ("\ufe94", 4, 5, 4, 1),
    ]


def test_lam_alef_variants_are_isolated_or_final_by_what_precedes_the_lam():
    # الإمام: alef, then lam + alef-with-hamza-below; the lam joins nothing before it
    # (alef does not join forwards), so the ligature is isolated.
    assert rows("الإمام") == [
        ("\ufe8d", 0, 1, 0, 1),
        ("\ufef9", 1, 3, 1, 1),
        ("\ufee3", 3, 4, 3, 1),
        ("\ufe8e", 4, 5, 4, 1),
        ("\ufee1", 5, 6, 5, 1),
    ]
    assert glyphs("بلا") == ["\ufe91", "\ufefc"]  # beh initial + lam-alef final
    assert glyphs("بلأ") == ["\ufe91", "\ufef8"]
    assert glyphs("بلإ") == ["\ufe91", "\ufefa"]
    assert glyphs("بلآ") == ["\ufe91", "\ufef6"]
    assert glyphs("لآ") == ["\ufef5"]
    assert glyphs("لأ") == ["\ufef7"]


def test_allah_stays_four_letters():
    assert rows("حزب الله") == [
        ("\ufea3", 0, 1, 0, 1),
        ("\ufeb0", 1, 2, 1, 1),
        ("\ufe8f", 2, 3, 2, 1),
        (" ", 3, 4, 3, 1),
        ("\ufe8d", 4, 5, 4, 1),
        ("\ufedf", 5, 6, 5, 1),
        ("\ufee0", 6, 7, 6, 1),
        ("\ufeea", 7, 8, 7, 1),
    ]
    assert not any("\ufdf2" <= g <= "\ufdfd" for g in "".join(glyphs("بسم الله الرحمن الرحيم")))


def test_shadda_stays_on_its_base_letter():
    assert rows("العمّال") == [
        ("\ufe8d", 0, 1, 0, 1),
        ("\ufedf", 1, 2, 1, 1),
        ("\ufecc", 2, 3, 2, 1),
        ("\ufee4\u0651", 3, 5, 3, 1),
        ("\ufe8e", 5, 6, 5, 1),
        ("\ufedd", 6, 7, 6, 1),
    ]


def test_tanwin_is_transparent_to_joining():
    assert rows("سابقًا") == [
        ("\ufeb3", 0, 1, 0, 1),
        ("\ufe8e", 1, 2, 1, 1),
        ("\ufe91", 2, 3, 2, 1),
        ("\ufed8\u064b", 3, 5, 3, 1),  # qaf medial keeps joining the alef across the fathatan
        ("\ufe8e", 5, 6, 5, 1),
    ]


def test_haraka_between_lam_and_alef_still_ligates_and_the_cell_covers_all_three():
    assert rows("لَا") == [("\ufefb\u064e", 0, 3, 0, 1)]
    assert rows("بلَاَ") == [("\ufe91", 0, 1, 0, 1), ("\ufefc\u064e\u064e", 1, 5, 1, 1)]


@pytest.mark.parametrize(
    "marks",
    [
        range(0x064B, 0x0660),
        [0x0670],
        range(0x06D6, 0x06DD),
        range(0x06DF, 0x06E5),
        range(0x06E7, 0x06E9),
        range(0x06EA, 0x06EE),
    ],
)
def test_every_haraka_of_the_brief_takes_no_cell(marks):
    for cp in marks:
        text = "ب" + chr(cp) + "ت"
        assert rows(text) == [("\ufe91" + chr(cp), 0, 2, 0, 1), ("\ufe96", 2, 3, 2, 1)], hex(cp)


def test_mark_with_no_base_gets_a_dotted_circle():
    assert rows("\u064e") == [(DOTTED_CIRCLE + "\u064e", 0, 1, 0, 1)]
    assert rows("ب \u0651\u064e") == [
        ("\ufe8f", 0, 1, 0, 1),
        (" ", 1, 2, 1, 1),
        (DOTTED_CIRCLE + "\u0651\u064e", 2, 4, 2, 1),
    ]
    assert rows("\x1b\u064e")[1] == (DOTTED_CIRCLE + "\u064e", 1, 2, 1, 1)
    assert rows("\t\u0301")[1] == (DOTTED_CIRCLE + "\u0301", 1, 2, 1, 1)


def test_combining_marks_on_latin_attach_to_their_base():
    assert rows("e\u0301t") == [("e\u0301", 0, 2, 0, 1), ("t", 2, 3, 2, 1)]


def test_zwj_forces_joining_and_stays_invisible():
    assert rows("ب\u200d") == [("\ufe91", 0, 2, 0, 1)]  # beh initial, ZWJ folded into it
    assert rows("\u200dب") == [("\ufe90", 0, 2, 1, 1)]  # beh final, ZWJ owned by the next
    assert rows("ب\u200d ب")[0] == ("\ufe91", 0, 2, 0, 1)


def test_zwj_between_lam_and_alef_joins_without_ligature():
    assert rows("ل\u200dا") == [("\ufedf", 0, 2, 0, 1), ("\ufe8e", 2, 3, 2, 1)]


def test_zwnj_breaks_joining():
    assert rows("ب\u200cب") == [("\ufe8f", 0, 2, 0, 1), ("\ufe8f", 2, 3, 2, 1)]
    assert rows("ل\u200cا") == [("\ufedd", 0, 2, 0, 1), ("\ufe8d", 2, 3, 2, 1)]


def test_bidi_marks_are_transparent_to_joining_and_to_the_cells():
    assert rows("ب\u200fب") == [("\ufe91", 0, 2, 0, 1), ("\ufe90", 2, 3, 2, 1)]
    # An invisible between lam and alef keeps them joined but prevents the ligature.
    assert glyphs("ل\u200eا") == ["\ufedf", "\ufe8e"]


def test_ignorable_marks_are_invisible_yet_transparent_to_joining():
    assert rows("ب\ufe0fب") == [("\ufe91", 0, 2, 0, 1), ("\ufe90", 2, 3, 2, 1)]
    assert rows("ب\u034fب") == [("\ufe91", 0, 2, 0, 1), ("\ufe90", 2, 3, 2, 1)]


def test_tatweel_joins_both_sides():
    assert glyphs("بـب") == ["\ufe91", "\u0640", "\ufe90"]
    assert glyphs("ـب") == ["\u0640", "\ufe90"]


def test_non_joining_characters_break_joins():
    assert glyphs("ب1ب") == ["\ufe8f", "1", "\ufe8f"]
    assert glyphs("بxب") == ["\ufe8f", "x", "\ufe8f"]
    assert glyphs("ب ب") == ["\ufe8f", " ", "\ufe8f"]


def test_invisibles_belong_to_the_previous_cluster_or_at_the_start_to_the_next():
    text = "\u200f\ufeffاب\u200e\u2067c\u2069"
    assert rows(text) == [
        ("\ufe8d", 0, 3, 2, 1),
        ("\ufe8f", 3, 6, 3, 1),
        ("c", 6, 8, 6, 1),
    ]


def test_shown_invisibles_each_get_a_distinct_one_cell_marker():
    invisibles = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    invisibles += "\u200d\u200c\u200b\u2060\ufeff\u00ad\r"
    clusters = shape(invisibles, show_invisibles=True)
    assert [(c.start, c.end, c.base, c.width) for c in clusters] == [
        (i, i + 1, i, 1) for i in range(len(invisibles))
    ]
    markers = [c.glyph for c in clusters]
    assert len(set(markers)) == len(markers)
    for marker in markers:
        assert len(marker) == 1
        assert unicodedata.east_asian_width(marker) in ("N", "Na")
        assert not unicodedata.mirrored(marker)
    assert markers[0] != markers[1]  # LRM and RLM can be told apart


def test_other_format_characters_share_a_generic_marker():
    assert glyphs("a\u2061\u2062", show_invisibles=True) == ["a", "\u2b1a", "\u2b1a"]
    assert rows("a\u2061\u2062") == [("a", 0, 3, 0, 1)]


def test_paragraph_of_only_invisibles_is_one_empty_cluster():
    assert shape("\u200f\r") == [Cluster("", 0, 2, 0, 0)]
    assert glyphs("\u200f\r", show_invisibles=True) == ["\u21bc", "\u240d"]


def test_crlf_carriage_return_is_invisible_and_breaks_joining():
    assert rows("ب\r") == [("\ufe8f", 0, 2, 0, 1)]
    assert glyphs("ب\rب") == ["\ufe8f", "\ufe8f"]


def test_clusters_are_real_frozen_clusters():
    cluster = shape("ب")[0]
    assert cluster == Cluster("\ufe8f", 0, 1, 0, 1)
    assert hash(cluster) == hash(Cluster("\ufe8f", 0, 1, 0, 1))
    with pytest.raises(AttributeError):
        cluster.glyph = "x"


def test_escape_and_controls_are_shown_as_pictures():
    assert rows("a\x1b[0m") == [
        ("a", 0, 1, 0, 1),
        ("\u241b", 1, 2, 1, 1),
        ("[", 2, 3, 2, 1),
        ("0", 3, 4, 3, 1),
        ("m", 4, 5, 4, 1),
    ]
    assert glyphs("\x00\x07\x7f") == ["\u2400", "\u2407", "\u2421"]
    assert glyphs("\x85\x9b\x80") == ["\u2424", "\u2370", "\u2370"]
    assert glyphs("\u2028\u2029") == ["\u21b5", "\u204b"]


def test_controls_break_joining():
    assert glyphs("ب\x1bب") == ["\ufe8f", "\u241b", "\ufe8f"]


def test_tab_is_one_blank_cell_or_a_marker():
    assert rows("a\tb") == [("a", 0, 1, 0, 1), (" ", 1, 2, 1, 1), ("b", 2, 3, 2, 1)]
    assert glyphs("a\tb", show_invisibles=True) == ["a", "\u21e5", "b"]


def test_wide_characters_take_two_cells():
    assert rows("中a\uff21\u3000") == [
        ("中", 0, 1, 0, 2),
        ("a", 1, 2, 1, 1),
        ("\uff21", 2, 3, 2, 2),  # fullwidth A
        ("\u3000", 3, 4, 3, 2),  # ideographic space
    ]
    assert rows("中\u0301") == [("中\u0301", 0, 2, 0, 2)]


def test_lone_surrogates_show_a_replacement_character():
    assert rows("a\ud800\udfffb") == [
        ("a", 0, 1, 0, 1),
        ("\ufffd", 1, 2, 1, 1),
        ("\ufffd", 2, 3, 2, 1),
        ("b", 3, 4, 3, 1),
    ]


def test_without_reshaping_letters_stay_nominal_but_marks_and_invisibles_still_attach():
    assert rows("لَا\u200fب\x1b", reshape=False) == [
        ("ل\u064e", 0, 2, 0, 1),
        ("ا", 2, 4, 2, 1),
        ("ب", 4, 5, 4, 1),
        ("\u241b", 5, 6, 5, 1),
    ]


def test_letters_without_forms_in_arabic_reshaper_stay_nominal_and_break_joins():
    # U+06D5 (AE) is right-joining in Unicode but arabic-reshaper has no forms for it.
    assert glyphs("ب\u06d5ب") == ["\ufe8f", "\u06d5", "\ufe8f"]
