"""Drift re-anchors a span only at word edges where the span's own edges were word edges:
a word is never found inside a longer word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span
from annotator.store.drift import reconcile
from annotator.text.words import is_word_char


def record(text: str, spans: list[Span]) -> DocRecord:
    return DocRecord(id="d1", text=text, spans=spans, status="accepted", annotator="ali")


def at(text: str, word: str) -> Span:
    start = text.index(word)
    return Span.of(text, start, start + len(word), "ACTOR")


def word_edge(text: str, i: int) -> bool:
    return not (0 < i < len(text) and is_word_char(text[i - 1]) and is_word_char(text[i]))


def test_a_word_found_only_inside_a_longer_word_is_stale():
    old = "قال الوزير إن القصف استهدف المقر."
    new = "وأضاف مصدر: قالت الوزيرة إن القصف لم يستهدف المقر."
    updated, messages = reconcile(record(old, [at(old, "قال")]), new)
    (moved,) = updated.spans
    assert moved.stale
    assert any("marked stale" in message for message in messages)
    assert moved.text == "قال"


def test_the_whole_word_is_found_beside_a_longer_word_containing_it():
    old = "قال الوزير إن القصف استهدف المقر."
    new = "قالت مصادر إن الوزير قال إن القصف لم يستهدف المقر."
    updated, _ = reconcile(record(old, [at(old, "قال")]), new)
    (moved,) = updated.spans
    assert not moved.stale
    assert (moved.start, moved.end) == (new.index(" قال ") + 1, new.index(" قال ") + 4)
    assert new[moved.start : moved.end] == "قال"


def test_a_span_that_began_inside_a_word_may_land_inside_one():
    old = "قصفت الطائرات والبوكمال أمس."
    new = "قصفت طائرات مجهولة والبوكمال ليلا."
    start = old.index("البوكمال")
    span = Span.of(old, start, start + len("البوكمال"), "SITE")  # without the conjunction
    updated, _ = reconcile(record(old, [span]), new)
    (moved,) = updated.spans
    assert not moved.stale
    assert moved.start == new.index("البوكمال")


WORDS = st.sampled_from(["قال", "قالت", "وقال", "الوزير", "إن", "قالوا", "،", "."])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=12),
    st.lists(WORDS, min_size=1, max_size=12),
    st.data(),
)
def test_a_span_on_word_edges_is_only_ever_reanchored_on_word_edges(old_words, new_words, data):
    old, new = " ".join(old_words), " ".join(new_words)
    i = data.draw(st.integers(0, len(old_words) - 1))
    start = len(" ".join(old_words[:i])) + (1 if i else 0)
    span = Span.of(old, start, start + len(old_words[i]), "ACTOR")
    updated, _ = reconcile(record(old, [span]), new)
    (moved,) = updated.spans
    if old != new and not moved.stale:
        assert new[moved.start : moved.end] == span.text
        assert word_edge(new, moved.start) and word_edge(new, moved.end)
