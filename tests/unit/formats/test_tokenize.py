"""The tokenizer never drops or alters a character and keeps Arabic words and numbers whole."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.tokenize import Token, sentences, tokenize

ARABIC_TEXT = st.text(
    alphabet=st.sampled_from(
        list("كشفت مصادر البوكمال") + list("ًٌٍَُِّْـ") + list("٠١٢٣456")
        + list("،؛؟.,:!«»\"()[]-/ \n\t") + ["😀", "𝔸", "\u200c", "a", "Z"]
    ),
    max_size=80,
)  # fmt: skip


def texts(text):
    return [t.text for t in tokenize(text)]


def test_arabic_punctuation_is_split_off():
    assert texts("قالت، إن «الروس» انسحبوا؟") == [
        "قالت", "،", "إن", "«", "الروس", "»", "انسحبوا", "؟",
    ]  # fmt: skip


def test_harakat_and_tatweel_stay_inside_words():
    assert texts("مُحَمَّدٌ العمّال جـميل") == ["مُحَمَّدٌ", "العمّال", "جـميل"]


def test_numbers_stay_whole_with_inner_separators():
    assert texts("الساعة 1،10 و١٬٠٠٠ و3.5.") == ["الساعة", "1،10", "و", "١٬٠٠٠", "و", "3.5", "."]


def test_conjunction_before_a_number_is_its_own_token():
    assert texts("و14 من قوات") == ["و", "14", "من", "قوات"]


def test_ws_flag_and_offsets():
    toks = tokenize("أ، ب\nج")
    assert toks == [
        Token("أ", 0, 1, False),
        Token("،", 1, 2, True),
        Token("ب", 3, 4, True),
        Token("ج", 5, 6, False),
    ]


def test_sentences_split_on_final_punctuation_lines_and_keep_closing_quotes():
    text = 'قال: "انتهى." ثم ذهب! وعاد\nسطر آخر؟'
    toks = tokenize(text)
    got = [" ".join(toks[i].text for i in r) for r in sentences(text, toks)]
    assert got == ['قال : " انتهى . "', "ثم ذهب !", "وعاد", "سطر آخر ؟"]


def test_sentences_of_nothing():
    assert sentences("", []) == []
    assert sentences(" \n ", tokenize(" \n ")) == []


@settings(max_examples=300, deadline=None)
@given(ARABIC_TEXT)
def test_tokens_cover_every_non_space_character_exactly(text):
    toks = tokenize(text)
    covered = set()
    last_end = 0
    for tok in toks:
        assert text[tok.start : tok.end] == tok.text
        assert tok.text and not any(c.isspace() for c in tok.text)
        assert tok.start >= last_end
        assert text[last_end : tok.start].isspace() or tok.start == last_end
        assert tok.ws == (tok.end < len(text) and text[tok.end].isspace())
        covered.update(range(tok.start, tok.end))
        last_end = tok.end
    assert text[last_end:].strip() == ""
    assert covered == {i for i, c in enumerate(text) if not c.isspace()}


@settings(max_examples=200, deadline=None)
@given(ARABIC_TEXT)
def test_sentences_partition_the_tokens(text):
    toks = tokenize(text)
    ranges = sentences(text, toks)
    flat = [i for r in ranges for i in r]
    assert flat == list(range(len(toks)))
    assert all(len(r) > 0 for r in ranges)
