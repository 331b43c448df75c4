"""Invisible marks (ZWNJ, ZWJ, LRM, RLM, ALM, BOM) and word snapping: a mark between two
letters keeps the word whole; at a word's edge it stays outside whatever is snapped."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.tokenize import INVISIBLE
from annotator.text.words import (
    extend_by_word,
    next_word_start,
    previous_word_start,
    snap,
    word_at,
)

LRM, ZWNJ, ZWJ, BOM = "\u200e", "\u200c", "\u200d", "\ufeff"


def test_a_zwnj_inside_a_word_keeps_the_word_whole():
    text = f"کتاب می{ZWNJ}خواهم امروز"
    start = text.index("می")
    assert snap(text, start, start + 1) == (start, start + len(f"می{ZWNJ}خواهم"))
    assert word_at(text, start + 2) == (start, start + len(f"می{ZWNJ}خواهم"))


def test_wire_lrm_before_every_word_stays_outside_the_span():
    text = f"{LRM}قصفت {LRM}الطائرات {LRM}البوكمال{LRM} أمس"
    name = text.index("البوكمال")
    # A selection dragged from the mark before the word to the mark after it.
    assert snap(text, name - 1, name + len("البوكمال") + 1) == (name, name + len("البوكمال"))
    assert word_at(text, name - 1) == (name, name + len("البوكمال"))
    assert word_at(text, 0) == (1, 1 + len("قصفت"))


def test_marks_at_the_edges_of_a_phrase_stay_out_and_inside_it_stay_in():
    text = f"قال {BOM}{ZWJ}عين{LRM} {LRM}الفرات{ZWNJ}، أمس"
    lo, hi = snap(text, text.index(BOM), text.index("،") + 1)
    assert text[lo:hi] == f"عين{LRM} {LRM}الفرات"


def test_word_steps_land_on_letters_not_on_marks():
    text = f"{LRM}قال {LRM}عين {LRM}الفرات"
    assert next_word_start(text, 0) == 1  # from the mark: the letter after it
    first = next_word_start(text, 1)
    assert text[first] == "ع"
    assert text[next_word_start(text, first)] == "ا"
    assert previous_word_start(text, len(text)) == text.index("الفرات")
    anchor, cursor = extend_by_word(text, None, first, forward=True)
    assert text[min(anchor, cursor) : max(anchor, cursor) + 1] == "عين"


def words_of(text: str) -> list[tuple[int, int]]:
    """The words of ``text``, found apart from words.py: runs of letters, marks and digits,
    joined through invisible marks that stand between two of them."""
    kinds = "".join(
        "i" if c in INVISIBLE else "w" if unicodedata.category(c)[0] in "LMN" else " " for c in text
    )
    return [m.span() for m in re.finditer(r"w+(?:i+w+)*", kinds)]


MARKS = st.sampled_from(sorted(INVISIBLE))
ALPHABET = st.one_of(MARKS, st.sampled_from(list('ابتوَّـ 38،«»"(a.\n')))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_a_snapped_span_never_starts_or_ends_with_a_mark(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    lo, hi = snap(text, start, end)
    words = words_of(text)
    touched = [(a, b) for a, b in words if a < end and start < b]
    if not touched:
        assert (lo, hi) == (start, end)  # no word in it: left as it was (a lone comma)
        return
    if start == end:
        assert (lo, hi) == (start, end)  # nothing selected: nothing to snap
        return
    # Offsets exact: from the first word the selection touches to the end of the last.
    assert (lo, hi) == (touched[0][0], touched[-1][1])
    assert text[lo] not in INVISIBLE and text[hi - 1] not in INVISIBLE


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=40), st.data())
def test_word_at_is_a_word_without_marks_at_its_edges(text, data):
    offset = data.draw(st.integers(0, max(len(text) - 1, 0)))
    found = word_at(text, offset)
    if found is None:
        return
    assert found in words_of(text)
    assert text[found[0]] not in INVISIBLE and text[found[1] - 1] not in INVISIBLE
