"""The learned gazetteer: whole words, proclitics outside, tolerant of spelling variants."""

import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.suggest import Gazetteer, suggest


def learned(*entries):
    gazetteer = Gazetteer()
    for text, label in entries:
        gazetteer.learn(text, label)
    return gazetteer


def found(text, gazetteer):
    return [(s.text, s.label) for s in suggest(text, builtin=[], gazetteer=gazetteer)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قصف البوكمال أمس", "البوكمال"),
        ("قصف والبوكمال أمس", "البوكمال"),
        ("قصف بالبوكمال أمس", "البوكمال"),
        ("قصف فالبوكمال أمس", "البوكمال"),
        ("قصف وبالبوكمال أمس", "البوكمال"),
        ("قصف كالبوكمال أمس", "البوكمال"),
        ("وصل للبوكمال أمس", "لبوكمال"),  # ل + ال: the alif is not written
        ("قصف البُوكَمَال أمس", "البُوكَمَال"),
        ("قصف البوكـــمال أمس", "البوكـــمال"),
    ],
)
def test_proclitics_stay_outside_and_marks_inside(text, expected):
    assert found(text, learned(("البوكمال", "SITE"))) == [(expected, "SITE")]


def test_the_suggested_offsets_skip_the_proclitic():
    text = "قصف والبوكمال"
    [span] = suggest(text, builtin=[], gazetteer=learned(("البوكمال", "SITE")))
    assert (span.start, span.end, span.source) == (5, 13, "gazetteer")
    assert text[span.start : span.end] == span.text == "البوكمال"


@pytest.mark.parametrize(
    "text",
    [
        "وصل البوكماليون",  # inside a longer word
        "وصل مالبوكمال",  # م is not a proclitic
        "وصلABالبوكمال",
    ],
)
def test_no_suggestion_inside_a_longer_word(text):
    assert found(text, learned(("البوكمال", "SITE"))) == []


def test_hamza_and_teh_marbuta_variants_match():
    gazetteer = learned(("الجيش الإسرائيلي", "ACTOR"), ("القورية", "SITE"))
    assert found("وقال الجيش الاسرائيلي إن", gazetteer) == [("الجيش الاسرائيلي", "ACTOR")]
    assert found("بادية القوريه", gazetteer) == [("القوريه", "SITE")]


def test_multiword_phrases_keep_their_separators():
    gazetteer = learned(("دير الزور", "SITE"), ("الحدود السورية- العراقية", "SITE"))
    assert found("في دير  الزور", gazetteer) == [("دير  الزور", "SITE")]
    assert found("في ديرالزور", gazetteer) == []
    assert found("في دير، الزور", gazetteer) == []
    assert found("في دير\nالزور", gazetteer) == []
    assert found("على الحدود السورية- العراقية", gazetteer) == [
        ("الحدود السورية- العراقية", "SITE")
    ]


def test_a_phrase_takes_its_most_frequent_label():
    gazetteer = learned(("إسرائيل", "ACTOR"), ("إسرائيل", "SITE"), ("إسرائيل", "ACTOR"))
    assert found("شنت إسرائيل", gazetteer) == [("إسرائيل", "ACTOR")]
    gazetteer = learned(("إسرائيل", "SITE"), ("إسرائيل", "ACTOR"))
    assert found("شنت إسرائيل", gazetteer) == [("إسرائيل", "SITE")]
    gazetteer.learn("إسرائيل", "ACTOR")
    assert found("شنت إسرائيل", gazetteer) == [("إسرائيل", "ACTOR")]


def test_long_spans_are_not_learned():
    quote = "نقاتل ضد محاولات إيران للحصول على موطئ قدم على حدودنا الشمالية"
    assert len(learned((quote, "QUOTE"))) == 0


def test_learning_from_records_skips_rejected_documents():
    text = "قصف البوكمال ودمشق"
    good = DocRecord("a", text, [Span.of(text, 4, 12, "SITE")], status="accepted")
    bad = DocRecord("b", text, [Span.of(text, 14, 18, "SITE")], status="rejected")
    gazetteer = Gazetteer()
    gazetteer.learn_records([good, bad])
    assert found("البوكمال ودمشق", gazetteer) == [("البوكمال", "SITE")]


def test_unlearning_takes_back_one_count_and_the_label_follows():
    gazetteer = learned(("إسرائيل", "ACTOR"), ("إسرائيل", "ACTOR"), ("إسرائيل", "SITE"))
    gazetteer.unlearn("إسرائيل", "ACTOR")
    assert found("شنت إسرائيل", gazetteer) == [("إسرائيل", "ACTOR")]  # one each: the first
    gazetteer.unlearn("إسرائيل", "ACTOR")
    assert found("شنت إسرائيل", gazetteer) == [("إسرائيل", "SITE")]
    gazetteer.unlearn("إسرائيل", "QUOTE")  # never learned: nothing changes
    gazetteer.unlearn("البوكمال", "SITE")
    assert found("شنت إسرائيل", gazetteer) == [("إسرائيل", "SITE")]
    gazetteer.unlearn("إسرائيل", "SITE")
    assert found("شنت إسرائيل", gazetteer) == [] and len(gazetteer) == 0


def test_unlearning_one_phrase_keeps_those_sharing_its_first_word():
    gazetteer = learned(("دير الزور", "SITE"), ("دير حافر", "SITE"))
    gazetteer.unlearn("دير الزور", "SITE")
    assert found("بين دير الزور ودير حافر", gazetteer) == [("دير حافر", "SITE")]
    assert len(gazetteer) == 1


def test_a_short_single_word_is_not_learned():
    gazetteer = learned(("من", "QUOTE"), ("في", "SITE"), ("حلب", "SITE"), ("بن علي", "ACTOR"))
    assert found("خرج من حلب في الصباح", gazetteer) == [("حلب", "SITE")]
    assert len(gazetteer) == 2
