"""IOB tags on the export tokenisation, and the rule for overlapping spans."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.iob import iob_tags
from annotator.annotations.model import Span
from annotator.text.tokenize import tokenize

TEXT = "قال نتنياهو إن 38 عنصرا قتلوا في البوكمال."


def span(word, label, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Span.of(TEXT, start, start + len(word), label)


def test_tokens_of_the_sample_sentence():
    assert [t.text for t in tokenize(TEXT)] == [
        "قال", "نتنياهو", "إن", "38", "عنصرا", "قتلوا", "في", "البوكمال", ".",
    ]  # fmt: skip


def test_tags_by_hand():
    tags = iob_tags(
        tokenize(TEXT),
        [span("نتنياهو", "ACTOR"), span("38 عنصرا", "CASUALTY_COUNT"), span("البوكمال", "SITE")],
    )
    assert tags == [
        "O", "B-ACTOR", "O", "B-CASUALTY_COUNT", "I-CASUALTY_COUNT", "O", "O", "B-SITE", "O",
    ]  # fmt: skip


def test_a_span_cutting_a_token_covers_the_whole_token():
    # "بوكمال" without the article still tags the token البوكمال
    tags = iob_tags(tokenize(TEXT), [span("بوكمال", "SITE")])
    assert tags[7] == "B-SITE"


def test_longest_span_wins_and_nested_ones_are_left_out():
    quote = Span.of(TEXT, 0, len(TEXT) - 1, "QUOTE")
    tags = iob_tags(tokenize(TEXT), [span("نتنياهو", "ACTOR"), quote])
    assert tags == ["B-QUOTE"] + ["I-QUOTE"] * 7 + ["O"]


def test_equal_length_overlaps_earlier_start_wins():
    first = Span.of(TEXT, 0, 11, "ACTOR")  # قال نتنياهو
    second = Span.of(TEXT, 4, 14, "SITE")  # نتنياهو إن
    assert iob_tags(tokenize(TEXT), [second, first])[:3] == ["B-ACTOR", "I-ACTOR", "O"]


def test_no_spans_all_outside_and_whitespace_only_span_tags_nothing():
    tokens = tokenize(TEXT)
    assert iob_tags(tokens, []) == ["O"] * len(tokens)
    assert iob_tags(tokens, [Span.of(TEXT, 3, 4, "SITE")]) == ["O"] * len(tokens)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 15), st.sampled_from("AB")),
        max_size=6,
    )
)
def test_tags_are_always_a_valid_iob_sequence(raw):
    spans = [Span.of(TEXT, s, min(s + n, len(TEXT)), label) for s, n, label in raw]
    tags = iob_tags(tokenize(TEXT), spans)
    previous = "O"
    for tag in tags:
        if tag.startswith("I-"):
            assert previous[2:] == tag[2:] and previous != "O"
        previous = tag
