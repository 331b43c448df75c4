"""The higher-level protocol HL1 the layout uses: a paragraph's direction comes from its first
strong letter, not from a directional mark (LRM, RLM, ALM)."""

from annotator.layout.bidi import carries_directional_marks, paragraph_level

WIRE = "\u200eقال \u200eالمتحدث"


def test_p2_takes_the_lrm_as_first_strong_but_hl1_skips_it():
    assert paragraph_level(WIRE) == 0
    assert paragraph_level(WIRE, skip_marks=True) == 1


def test_hl1_skips_rlm_and_alm_before_a_latin_letter():
    assert paragraph_level("\u200f\u061cabc", skip_marks=True) == 0


def test_hl1_still_skips_isolates_and_falls_back_to_the_default():
    isolated_latin = "\u2066abc\u2069 \u200e\u0628"
    assert paragraph_level(isolated_latin, skip_marks=True) == 1
    assert paragraph_level("\u200e\u200f 12", 1, skip_marks=True) == 1
    assert paragraph_level("\u200e\u200f 12", 0, skip_marks=True) == 0


def test_a_document_carries_directional_marks_when_any_mark_is_there():
    assert carries_directional_marks(WIRE)
    assert carries_directional_marks("abc\u061c")
    assert not carries_directional_marks("قال المتحدث \u202b\u2066")
