"""Properties of shape() over random mixes of Arabic, harakat, digits, Latin, punctuation,
brackets, wide characters, invisible characters, controls and lone surrogates."""

import re
import unicodedata

from arabic_reshaper import ArabicReshaper
from arabic_reshaper.arabic_reshaper import HARAKAT_RE
from arabic_reshaper.letters import LETTERS_ARABIC
from arabic_reshaper.ligatures import LIGATURES
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.layout.invisibles import is_default_ignorable
from annotator.layout.shaping import DOTTED_CIRCLE, shape

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةىـ"
LAM_ALEF_HEAVY = "ل" * 4 + "اأإآ"
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670\u06e1"
INVISIBLES = "\u200e\u200f\u061c\u200d\u200c\u202a\u202b\u202c\u202d\u202e"
INVISIBLES += "\u2066\u2067\u2068\u2069\ufeff\u00ad\u200b\u2060\r\ufe0f\u034f"
CONTROLS = "\x00\x07\x1b\x7f\x85\x9b\t\u2028\u2029"
OTHERS = "0123456789٠١٢٣ abc XYZ.,،؛؟!()[]{}<>«»\"'-/ \u00a0中文\uff21\u3000é\u0301"

arabic = st.text(alphabet=LETTERS + LAM_ALEF_HEAVY + HARAKAT + " ", max_size=40)
mixed_alphabet = st.one_of(
    st.sampled_from(LETTERS + LAM_ALEF_HEAVY + HARAKAT + INVISIBLES + CONTROLS + OTHERS),
    st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff"]),
    st.characters(),
)
mixed = st.text(alphabet=mixed_alphabet, max_size=60)
options = st.fixed_dictionaries({"show_invisibles": st.booleans(), "reshape": st.booleans()})


def is_invisible(ch: str) -> bool:
    category = unicodedata.category(ch)
    return ch == "\r" or category == "Cf" or is_default_ignorable(ord(ch))


def must_not_reach_terminal(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category in ("Cc", "Cs", "Cf", "Zl", "Zp") or is_default_ignorable(ord(ch))


@settings(max_examples=400, deadline=None)
@given(mixed, options)
def test_clusters_tile_the_paragraph_in_logical_order(text, opts):
    clusters = shape(text, **opts)
    position = 0
    for cluster in clusters:
        assert cluster.start == position < cluster.end
        assert cluster.start <= cluster.base < cluster.end
        position = cluster.end
    assert position == len(text)


@settings(max_examples=400, deadline=None)
@given(mixed, options)
def test_glyphs_never_carry_raw_controls_or_invisibles(text, opts):
    for cluster in shape(text, **opts):
        assert not any(must_not_reach_terminal(g) for g in cluster.glyph), cluster
        if cluster.glyph:
            assert cluster.width in (1, 2)
        else:  # only a paragraph made entirely of hidden invisibles shows nothing
            assert not opts["show_invisibles"]
            assert all(is_invisible(ch) for ch in text)
            assert cluster.width == 0


@settings(max_examples=400, deadline=None)
@given(mixed, options)
def test_every_mark_of_a_cluster_is_in_its_glyph_in_logical_order(text, opts):
    for cluster in shape(text, **opts):
        marks = [
            ch
            for ch in text[cluster.start : cluster.end]
            if unicodedata.category(ch) in ("Mn", "Me") and not is_default_ignorable(ord(ch))
        ]
        assert [g for g in cluster.glyph[1:] if g in marks] == marks


@settings(max_examples=400, deadline=None)
@given(mixed)
def test_invisibles_are_hidden_in_a_visible_cluster_or_shown_alone(text):
    for cluster in shape(text):
        if cluster.glyph:
            assert not is_invisible(text[cluster.base])
    shown = {c.base: c for c in shape(text, show_invisibles=True)}
    for i, ch in enumerate(text):
        if is_invisible(ch):
            assert (shown[i].start, shown[i].end, shown[i].width) == (i, i + 1, 1)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=LETTERS + LAM_ALEF_HEAVY + HARAKAT + "ab1", max_size=8)))
def test_joining_depends_only_on_the_word(words):
    joined = [c.glyph for c in shape(" ".join(words))]
    separate = []
    for k, word in enumerate(words):
        if k:
            separate.append(" ")
        separate.extend(c.glyph for c in shape(word))
    assert joined == separate


def _lam_alef_only_reshaper() -> ArabicReshaper:
    lam_alef = {name for name, (match, _) in LIGATURES if re.fullmatch("ل[اأإآ]", match)}
    assert len(lam_alef) == 4
    config = {name: name in lam_alef for name, _ in LIGATURES}
    config["delete_harakat"] = False
    return ArabicReshaper(configuration=config)


RESHAPER = _lam_alef_only_reshaper()
# Every letter arabic-reshaper has forms for, except ZWJ (an invisible here); every combining
# mark it treats as a haraka (it also counts two spacing letters and a format character,
# which are not combining).
RESHAPER_LETTERS = "".join(letter for letter in LETTERS_ARABIC if letter != "\u200d")
RESHAPER_HARAKAT = "".join(
    chr(cp)
    for cp in range(0x0600, 0x0900)
    if HARAKAT_RE.match(chr(cp)) and unicodedata.category(chr(cp)) == "Mn"
)


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=RESHAPER_LETTERS + LAM_ALEF_HEAVY + RESHAPER_HARAKAT + " 12ab.", max_size=40)
)
def test_agrees_with_arabic_reshaper_on_plain_arabic(text):
    ours = "".join(c.glyph for c in shape(text)).replace(DOTTED_CIRCLE, "")
    assert ours == RESHAPER.reshape(text)


@settings(max_examples=300, deadline=None)
@given(arabic)
def test_without_reshaping_every_visible_character_is_shown_as_stored(text):
    shown = "".join(c.glyph for c in shape(text, reshape=False)).replace(DOTTED_CIRCLE, "")
    assert shown == text


TRANSPARENT_INVISIBLES = "\u200e\u200f\u061c\u2066\u2069\u00ad\ufeff\u200b"


@settings(max_examples=300, deadline=None)
@given(arabic, st.data())
def test_hidden_bidi_controls_change_no_glyph_except_inside_lam_alef(text, data):
    cut = data.draw(st.integers(0, len(text)), label="cut")
    invisible = data.draw(st.sampled_from(TRANSPARENT_INVISIBLES), label="invisible")
    before_cut = [ch for ch in text[:cut] if unicodedata.category(ch) != "Mn"]
    after_cut = [ch for ch in text[cut:] if unicodedata.category(ch) != "Mn"]
    splits_lam_alef = before_cut[-1:] == ["ل"] and after_cut[:1] and after_cut[0] in "اأإآ"
    with_invisible = [c.glyph for c in shape(text[:cut] + invisible + text[cut:]) if c.glyph]
    if splits_lam_alef:
        assert len(with_invisible) == len(shape(text)) + 1
    else:
        assert with_invisible == [c.glyph for c in shape(text)]
