from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.words import (
    in_word,
    is_word_char,
    next_word_start,
    previous_word_start,
    snap,
    step_edge,
    word_at,
)

SAMPLE = 'ونقل موقع "عين الفرات" في البوكمال، (شرق سوريا) 38 عنصرا «قال» ـ نحو'


def test_harakat_and_tatweel_are_word_characters():
    assert all(is_word_char(c) for c in "العمّال")
    assert is_word_char("\u0640")
    for punct in '،؛؟«»"() .-/':
        assert not is_word_char(punct), punct


def test_word_at_a_bom_and_bidi_mark_takes_the_word_after_them():
    text = "\ufeff\u200eفي \u200eالبوكمال"
    assert word_at(text, 0) == (2, 4)
    assert word_at(text, 1) == (2, 4)
    assert word_at(text, text.index("\u200eال")) == (6, 14)


def test_word_at_takes_the_whole_arabic_word_with_its_shadda():
    text = "بحي العمّال، ومبنى"
    start, end = word_at(text, text.index("ّ"))
    assert text[start:end] == "العمّال"
    assert word_at(text, text.index("،")) is None


def test_snap_trims_quotes_and_grows_to_words():
    start = SAMPLE.index('"عين')
    end = SAMPLE.index('" في') + 1
    lo, hi = snap(SAMPLE, start, end)
    assert SAMPLE[lo:hi] == "عين الفرات"


def test_snap_grows_a_partial_word_and_leaves_the_comma_out():
    start = SAMPLE.index("بوكمال")
    lo, hi = snap(SAMPLE, start, start + 3)
    assert SAMPLE[lo:hi] == "البوكمال"
    lo, hi = snap(SAMPLE, start, SAMPLE.index("،") + 1)
    assert SAMPLE[lo:hi] == "البوكمال"


def test_snap_keeps_number_and_noun_together():
    start = SAMPLE.index("38")
    lo, hi = snap(SAMPLE, start + 1, start + 5)
    assert SAMPLE[lo:hi] == "38 عنصرا"


def test_snap_leaves_a_lone_separator_alone():
    comma = SAMPLE.index("،")
    assert snap(SAMPLE, comma, comma + 1) == (comma, comma + 1)


def test_word_steps_in_logical_order():
    first = next_word_start(SAMPLE, 0)
    assert SAMPLE[first:].startswith("موقع")
    assert SAMPLE[next_word_start(SAMPLE, first) :].startswith("عين")
    assert previous_word_start(SAMPLE, first) == 0
    assert next_word_start(SAMPLE, len(SAMPLE)) == len(SAMPLE)
    assert previous_word_start(SAMPLE, 0) == 0


ALPHABET = st.sampled_from(list('ابتثوَّـ 38،«»"()ab.\u200c\n'))


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_snap_result_is_words_or_the_untouched_range(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lo, hi = snap(text, start, end)
    if (lo, hi) == (start, end) and not any(in_word(text, i) for i in range(start, end)):
        return
    assert lo <= hi
    assert is_word_char(text[lo]) and is_word_char(text[hi - 1])
    assert lo == 0 or not in_word(text, lo - 1)
    assert hi == len(text) or not in_word(text, hi)
    # Every word character the user selected stays selected.
    assert all(lo <= i < hi for i in range(start, end) if in_word(text, i))
    assert snap(text, lo, hi) == (lo, hi)


@settings(max_examples=200, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_word_steps_move_monotonically_to_word_starts(text, data):
    offset = data.draw(st.integers(0, len(text)))
    forward = next_word_start(text, offset)
    backward = previous_word_start(text, offset)
    assert offset <= forward <= len(text)
    assert 0 <= backward <= offset
    for i in (forward, backward):
        if i < len(text) and i > 0:
            assert is_word_char(text[i]) and not in_word(text, i - 1)


def test_step_edge_never_splits_a_letter_from_its_shadda():
    text = "العمّال"
    shadda = text.index("ّ")
    assert step_edge(text, shadda - 1, +1) == shadda + 1
    assert step_edge(text, shadda + 1, -1) == shadda - 1
    assert step_edge(text, 0, -1) == 0
    assert step_edge(text, len(text), +1) == len(text)
    assert "والبوكمال"[step_edge("والبوكمال", 0, +1) :] == "البوكمال"


def test_shift_ctrl_takes_one_word_per_press_forward_and_back():
    from annotator.text.words import extend_by_word

    text = "قال 38 عنصرا هنا"
    number, noun, here = text.index("38"), text.index("عنصرا"), text.index("هنا")

    def covered(anchor: int, cursor: int) -> str:
        return text[min(anchor, cursor) : max(anchor, cursor) + 1]

    anchor, cursor = extend_by_word(text, None, number, forward=True)
    assert covered(anchor, cursor) == "38"
    anchor, cursor = extend_by_word(text, anchor, cursor, forward=True)
    assert covered(anchor, cursor) == "38 عنصرا"
    anchor, cursor = extend_by_word(text, anchor, cursor, forward=False)  # gives one back
    assert covered(anchor, cursor) == "38"
    # Backward from a word's start: the word behind, not the one the cursor stood on.
    anchor, cursor = extend_by_word(text, None, here, forward=False)
    assert covered(anchor, cursor) == "عنصرا "
    anchor, cursor = extend_by_word(text, anchor, cursor, forward=False)
    assert covered(anchor, cursor) == "38 عنصرا "
    assert extend_by_word(text, None, noun + 2, forward=True)[1] == here - 2  # mid-word: its end
