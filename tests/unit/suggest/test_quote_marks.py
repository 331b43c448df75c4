"""Straight quotation marks read for which opens and which closes (annotator.suggest.
quote_marks), and the quote rule's names, titles and bylines, on snippets written for these
tests: each decision once where it must fire and once where it must not."""

import pytest

from annotator.suggest import suggest
from annotator.suggest.quote_marks import straight_quotes


def quoted(text: str) -> list[tuple[str, str]]:
    spans = suggest(text, builtin=["quote"])
    return [(s.text, s.source.removeprefix("rule:quote:")) for s in spans]


def never(word: str) -> bool:
    return False


def stretches(line: str, *, first: bool = True, last: bool = True) -> list[tuple[str, str]]:
    found = straight_quotes(line, 0, first=first, last=last, introduces=lambda w: w == "قال")
    return [(line[q.start : q.end].strip(), q.kind) for q in found]


def test_a_text_that_starts_inside_a_quote_has_its_first_mark_close_it():
    text = 'الوضع صعب جدا في المدينة ". وقال الوزير " لن نتراجع عن قرارنا أبدا ".'
    assert stretches(text) == [
        ("الوضع صعب جدا في المدينة", "continued"),
        ("لن نتراجع عن قرارنا أبدا", "paired"),
    ]
    assert quoted(text) == [
        ("الوضع صعب جدا في المدينة", "continued"),
        ("لن نتراجع عن قرارنا أبدا", "sentence"),
    ]


def test_a_text_that_ends_inside_a_quote_runs_it_to_the_end():
    text = 'وقال الوزير إن " لن نتراجع ". وأضاف " سنواصل العمل حتى النهاية. والمهم أن نبقى معا.'
    assert quoted(text) == [
        ("لن نتراجع", "introduced"),
        ("سنواصل العمل حتى النهاية. والمهم أن نبقى معا.", "sentence"),
    ]


def test_only_the_texts_edges_may_start_or_end_inside_a_quote():
    # On a middle line the same marks give nothing: a quote does not cross a line break.
    assert stretches('الوضع صعب جدا ". وقال " نحن هنا', first=False, last=False) == []
    assert quoted('وقال الوزير إن "الوضع\nتحت السيطرة"') == []


def test_an_unclosed_mark_ends_its_quote_with_its_sentence():
    text = (
        'ذكر بيان للوزارة أن " العجز سيبلغ ثمانية ملايير درهم. وقال مدير " الشركة الدولية " '
        'للمعرض: " كان الإقبال مشجعا جدا "'
    )
    assert quoted(text) == [
        ("العجز سيبلغ ثمانية ملايير درهم", "introduced"),
        ("كان الإقبال مشجعا جدا", "introduced"),
    ]


def test_marks_that_pair_in_order_are_read_in_order():
    text = 'قال " الأول هنا " ثم قال " الثاني هناك "'
    assert stretches(text) == [("الأول هنا", "paired"), ("الثاني هناك", "paired")]
    # Nothing tells a closing mark from an opening one: read in order.
    assert stretches('نص " أ " نص " ب " نص') == [("أ", "paired"), ("ب", "paired")]
    # A mark at the very end closes: the text started inside a quote.
    assert stretches('نص " أ " نص " ب " نص "')[0] == ("نص", "continued")


def test_a_mark_before_punctuation_closes_and_one_after_a_colon_opens():
    assert [kind for _, kind in stretches('كذلك ". قال: " نعم "')] == ["continued", "paired"]
    assert straight_quotes('"', 0, first=True, last=True, introduces=never) == []


@pytest.mark.parametrize(
    "text",
    [
        # quoted stretches joined by و into a list are titles
        'وقال إنه انتهى من كتابة " بين القصرين " و" قصر الشوق " و" السكرية " قبل الثورة.',
        # a title's noun and its adjective before the mark
        'وأشار التقرير إلى أن أعماله تضم المجموعة القصصية " دنيا الله الواسعة ".',
        'وقال إنه أنهى الثلاثية الشهيرة " بين القصرين " قبل الثورة.',
        # a noun that names things, carrying a possessive pronoun
        'وقال الناقد إن مجموعته صدرت عام 1996 عنوانها " القرار الأخير ".',
        # a doubled ء sets off an amount
        "وقال إن المبلغ المدفوع للأندية هو ء ء 150 ألف دولار ء ء الذي لا يكفي.",
        # names in a byline joined by a dash, before a colon
        "وتحدث اللاعبون عن المباراة عاطف فتحي - صالح الحمصي: تباين أداء الأسواق أمس بين الربح"
        " والخسارة.",
        # a noun with the article is not the verb it is spelled like (الرأي, not رأى)
        "ويعارض الرأي العام التركي إرسال قوات متابعة: بدأ الفريق الاستعداد للقاء المقبل غدا.",
    ],
)
def test_titles_amounts_and_bylines_are_not_quotes(text):
    assert quoted(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one quoted stretch after و is speech, not a list
        ('وقال الوزير " لن نتراجع عن قرارنا أبدا " وأضاف أن الحكومة ستواصل.', "sentence"),
        # a noun before its adjective, not a title's noun: the army's words
        ('وقال الجيش الإسرائيلي " لن نسمح بتهريب الأسلحة عبر الحدود ".', "sentence"),
        # an ء standing alone on each side, not doubled
        ("وصرح اللاعب قائلا ء ستكون المباريات أكثر تعقيدا ء.", "introduced"),
        # a colon after a speech verb, no dash between
        ("وقال المدرب أحمد المالكي: الفريق يملك مستويات أفضل.", "colon_unmarked"),
    ],
)
def test_what_titles_and_bylines_leave_standing(text, expected):
    assert [part for _, part in quoted(text)] == [expected]


def test_how_far_the_quote_rule_reads_is_bounded():
    # A report noun 60 words or more before the mark is out of reach; nearer, it counts.
    filler = " ".join(["شيء"] * 60)
    far = f'وأصدرت الحركة بيانا {filler} " أنها على ثقة بالنصر "'
    near = f'{filler} وأصدرت الحركة بيانا " أنها على ثقة بالنصر "'
    assert quoted(far) == []
    assert quoted(near) == [("أنها على ثقة بالنصر", "opens_with_introducer")]
    # Unmarked speech after a colon with no end in 1,500 characters is no one's words.
    endless = "وقال الوزير: " + " ".join(["كلمة"] * 400) + "."
    ended = "وقال الوزير: " + " ".join(["كلمة"] * 200) + "."
    assert quoted(endless) == []
    assert [part for _, part in quoted(ended)] == ["colon_unmarked"]


def test_marks_that_must_close_or_open_out_of_order_need_the_whole_reading():
    # Even and in order: read in order.
    assert stretches('قال: " نعم ". ثم قال " لا أبدا "') == [
        ("نعم", "paired"),
        ("لا أبدا", "paired"),
    ]
    # Even, but the second mark follows a colon, so it opens: the first is left unclosed.
    text = 'ذكر بيان أن " العجز كبير جدا. وقال المدير للمعرض: " كان الإقبال مشجعا جدا " ثم " غادر'
    assert stretches(text)[:2] == [
        ("العجز كبير جدا", "to_sentence_end"),
        ("كان الإقبال مشجعا جدا", "paired"),
    ]
