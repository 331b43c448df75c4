"""Tolerant matching keeps a way back to the original offsets, whatever it deletes."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.normalize import _TABLE, _TABLE_DISTINCT, fold, fold_distinct, normalize

ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي")
        + list("أإآٱءؤئىة")  # hamza, alef, yeh and teh marbuta variants
        + list("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")  # harakat
        + ["\u0640"]  # tatweel
        + list('٠١٢٣٤٥٦٧٨٩0123456789 \n،."«»')
    ),
    max_size=80,
)


def test_fold_removes_harakat_tatweel_and_unifies_variants():
    assert fold("الإِسْلامُ") == "الاسلام"
    assert fold("آجلاً") == "اجلا"
    assert fold("العـــربية") == "العربيه"
    assert fold("قتلى") == "قتلي"
    assert fold("مؤسسة") == "موسسه"
    assert fold("٣٨ عنصراً") == "38 عنصرا"


def test_fold_leaves_other_scripts_alone():
    assert fold("Deir ez-Zor 2020") == "Deir ez-Zor 2020"


def test_a_match_maps_back_with_its_letters_marks():
    text = "بحي العمّالَ، ومبنى"
    norm = normalize(text)
    assert norm.text == "بحي العمال، ومبني"
    at = norm.text.index("العمال")
    start, end = norm.span(at, at + len("العمال"))
    assert text[start:end] == "العمّالَ"


def test_deleted_characters_at_the_start_stay_outside():
    text = "ـــدمشق"
    norm = normalize(text)
    assert norm.span(0, 4) == (3, 7)


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT)
def test_every_normalised_position_comes_from_its_own_character(text):
    norm = normalize(text)
    assert norm.to_original(len(norm.text)) == len(text)
    previous = -1
    for i, ch in enumerate(norm.text):
        origin = norm.to_original(i)
        assert origin > previous
        assert fold(text[origin]) == ch
        previous = origin


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT, st.data())
def test_every_range_maps_to_a_range_whose_fold_is_the_match(text, data):
    norm = normalize(text)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    lo, hi = norm.span(start, end)
    assert 0 <= lo <= hi <= len(text)
    assert fold(text[lo:hi]) == norm.text[start:end]


# Any text: every character the folding tables name, other scripts, marks and surrogates' kin.
ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            [chr(c) for c in range(0x0600, 0x0900)] + ["\u200c", "\u200d", "\u200e", "\ufeff"]
        ),
        st.characters(),
    ),
    max_size=200,
)


@settings(max_examples=500)
@given(ANY_TEXT)
def test_fold_is_the_tables_translation_character_by_character(text):
    # str.translate, which fold replaced for speed, is the reference.
    assert fold(text) == text.translate(_TABLE)
    assert fold_distinct(text) == text.translate(_TABLE_DISTINCT)
