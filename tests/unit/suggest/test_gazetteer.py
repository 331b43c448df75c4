"""The learned gazetteer: whole words, proclitics outside, tolerant of spelling variants."""

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.suggest import Gazetteer, suggest
from annotator.suggest.phrases import Words


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


def accepted(text, *marked):
    """An accepted record of ``text`` with ``marked`` (word, label) spans at their first
    occurrences."""
    spans = [Span.of(text, text.index(w), text.index(w) + len(w), label) for w, label in marked]
    return DocRecord(str(hash(text)), text, spans, status="accepted")


def test_a_name_mostly_left_unmarked_is_not_suggested():
    """The false friend of the dev set: the name علي marked once, the word left unmarked."""
    doc = accepted("قال علي إن علي الحكومة أن تعمل علي الفور وعلي الجميع", ("علي", "ACTOR"))
    gazetteer = Gazetteer()
    gazetteer.learn_records([doc])
    assert gazetteer.precision("علي") == ("ACTOR", 0.25)
    assert found("وصل علي", gazetteer) == []
    names = accepted("التقى علي بوزير الخارجية", ("علي", "ACTOR"))
    gazetteer.learn_records([names, accepted("وصل علي أمس", ("علي", "ACTOR"))])
    assert gazetteer.precision("علي") == ("ACTOR", 0.5)
    [span] = suggest("وصل علي", builtin=[], gazetteer=gazetteer)
    assert (span.text, span.label, span.confidence) == ("علي", "ACTOR", 0.5)


def test_alef_maqsura_keeps_the_preposition_apart_from_the_name():
    gazetteer = learned(("علي", "ACTOR"))
    assert found("وقع الهجوم على المدينة", gazetteer) == []
    assert found("وصل علي", gazetteer) == [("علي", "ACTOR")]
    assert found("وصل عليّ", gazetteer) == [("عليّ", "ACTOR")]


def test_only_accepted_documents_count_unmarked_occurrences():
    text = "قصف البوكمال ثم البوكمال ثم البوكمال"
    marked = [Span.of(text, 4, 12, "SITE")]
    gazetteer = Gazetteer()
    gazetteer.learn_records([DocRecord("a", text, marked, status="in_progress")])
    assert gazetteer.precision("البوكمال") == ("SITE", 1.0)
    gazetteer = Gazetteer()
    gazetteer.learn_records([DocRecord("a", text, marked, status="accepted")])
    assert gazetteer.precision("البوكمال") == ("SITE", 1 / 3)


def test_counts_can_be_taken_back_and_a_document_left_out():
    first = accepted("قصف البوكمال والبوكمال", ("البوكمال", "SITE"))
    second = accepted("وصل إلى البوكمال", ("البوكمال", "SITE"))
    gazetteer = Gazetteer()
    gazetteer.learn_records([first, second])
    assert gazetteer.precision("البوكمال") == ("SITE", 2 / 3)
    # What a model training on ``second`` sees: the figures of ``first`` alone.
    [(start, end, label, precision)] = gazetteer.matches(
        Words(second.text), leave_out=[("البوكمال", "SITE")]
    )
    assert (second.text[start:end], label, precision) == ("البوكمال", "SITE", 0.5)
    gazetteer.count(first.text, times=-1)
    assert gazetteer.precision("البوكمال") == ("SITE", 1.0)


def test_a_gazetteer_survives_json():
    gazetteer = Gazetteer()
    gazetteer.learn_records(
        [
            accepted("قال علي إن علي", ("علي", "ACTOR")),
            accepted("في دير الزور", ("دير الزور", "SITE")),
        ]
    )
    again = Gazetteer.from_json(orjson.loads(orjson.dumps(gazetteer.to_json())))
    for text in ("علي", "دير الزور"):
        assert again.precision(text) == gazetteer.precision(text)
    assert found("قصف دير الزور", again) == [("دير الزور", "SITE")]
