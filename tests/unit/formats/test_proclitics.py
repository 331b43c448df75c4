"""The opt-in proclitic layer: pieces are exact slices of the token, in order, and only
plausible proclitics are taken off."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.proclitics import split_proclitics
from annotator.text.tokenize import tokenize

TEXTS = st.text(
    alphabet=st.sampled_from(list("وفبلكال قواتبلدصل") + list("َُِّ") + list("،.1 \n")),
    max_size=60,
)


def pieces(text):
    return [t.text for t in split_proclitics(tokenize(text))]


def test_conjunction_preposition_and_article_come_off_in_order():
    assert pieces("وبالقوات") == ["و", "ب", "ال", "قوات"]
    assert pieces("والقوات") == ["و", "القوات"]
    assert pieces("للقوات فالبوكمال") == ["ل", "لقوات", "ف", "البوكمال"]
    assert pieces("وَبِالقوات") == ["وَ", "بِ", "ال", "قوات"]


def test_short_words_stay_whole():
    assert pieces("وصل بلد ولد") == ["وصل", "بلد", "ولد"]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_offsets_are_exact_and_pieces_rebuild_each_token(text):
    tokens = tokenize(text)
    split = split_proclitics(tokens)
    assert all(text[t.start : t.end] == t.text and t.text for t in split)
    for token in tokens:
        inside = [t for t in split if token.start <= t.start and t.end <= token.end]
        assert "".join(t.text for t in inside) == token.text
        assert [t.ws for t in inside] == [False] * (len(inside) - 1) + [token.ws]
    assert [(t.start, t.end) for t in split] == sorted((t.start, t.end) for t in split)
