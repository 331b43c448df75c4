"""The built-in rules, on the sample article (exact offsets) and on hand-written negatives."""

import re
from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord
from annotator.suggest import builtin, suggest

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = (ROOT / "corpora" / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
GOLD = DocRecord.from_json(
    orjson.loads((ROOT / "tests" / "fixtures" / "deir-ez-zor-gold.jsonl").read_bytes())
)


def found(text, rule):
    return [(s.start, s.end, s.text) for s in suggest(text, builtin=[rule])]


def test_casualty_counts_on_the_sample_article():
    assert found(SAMPLE, "casualty_count") == [
        (937, 953, "العشرات من عناصر"),
        (1325, 1333, "38 عنصرا"),
        (1349, 1360, "24 من عناصر"),
        (1401, 1418, "14 من قوات النظام"),
        (1433, 1445, "نحو 50 آخرين"),
    ]


def test_quotes_on_the_sample_article():
    quotes = found(SAMPLE, "quote")
    assert [(start, end) for start, end, _ in quotes] == [
        (1909, 2009),
        (2155, 2309),
        (2327, 2542),
        (2669, 2791),
    ]
    assert quotes[0][2].startswith("في تمام الساعة 1،10")
    assert quotes[0][2].endswith("ومنطقة البوكمال")
    # The second Netanyahu quote holds a full stop; the quote runs on to its closing mark.
    assert "الشمالية. إن الاتصالات" in quotes[2][2]


@pytest.mark.parametrize("label", ["CASUALTY_COUNT", "QUOTE"])
def test_the_rules_find_exactly_the_gold_spans_of_their_label(label):
    rule = {"CASUALTY_COUNT": "casualty_count", "QUOTE": "quote"}[label]
    gold = [(s.start, s.end, s.text) for s in GOLD.spans if s.label == label]
    assert found(SAMPLE, rule) == gold


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("قتل 3 مدنيين.", "rule:casualty_count:harm_clause"),
        ("سقط 30 قتيلا.", "rule:casualty_count:casualty_noun"),
        ("وجرح اثنين أحدهما بحالة خطرة.", "rule:casualty_count:after_harm_word"),
        ("وأصيب شرطيان.", "rule:casualty_count:dual"),
    ],
)
def test_spans_carry_label_and_the_part_of_the_rule_that_fired(text, source):
    spans = suggest(text, builtin=["casualty_count"])
    assert [(s.label, s.source) for s in spans] == [("CASUALTY_COUNT", source)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سقط أكثر من 30 قتيلا أمس", "أكثر من 30 قتيلا"),
        ("قتل ما لا يقل عن 12 شخصا", "ما لا يقل عن 12 شخصا"),
        ("أصيب قرابة 40 مدنيا", "قرابة 40 مدنيا"),
        ("قتل ٣٨ عنصراً من الميليشيات", "٣٨ عنصراً من الميليشيات"),  # "من" naming who
        ("سقط خمسين قتيلا", "خمسين قتيلا"),
        ("أصيب ثلاثة وعشرين جريحا", "ثلاثة وعشرين جريحا"),
        ("قتل عشرات من المدنيين", "عشرات من المدنيين"),  # no numeral: with من only
        ("وقتل المئات من الجنود", "المئات من الجنود"),
        ("وأصيب 7 آخرون", "7 آخرون"),
        ("مقتل 3 آلاف شخص", "3 آلاف شخص"),
        ("ومقتل 14 من قوات الأمن", "14 من قوات الأمن"),
        ("قُتِلَ نَحْوَ 50 مَدَنِيًّا", "نَحْوَ 50 مَدَنِيًّا"),
        ("قتل 5 جنـــود", "5 جنـــود"),
        ("قتل 1,200 شخص", "1,200 شخص"),
        ("قتل ١٬٢٠٠ شخص", "١٬٢٠٠ شخص"),
        ("قتل 12-15 شخصا", "12-15 شخصا"),
        ("وأصيب خمسة عشر شخصا", "خمسة عشر شخصا"),
        ("قتل مئة وخمسة وعشرون مدنيا", "مئة وخمسة وعشرون مدنيا"),
    ],
)
def test_casualty_count_forms(text, expected):
    assert [t for _, _, t in found(text, "casualty_count")] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "شنت إسرائيل نحو 50 غارة جوية",  # strikes, not people
        "تنفيذ 20 عملية نوعية",
        "خلال عام 2020 قتلى كثيرون",  # a year
        "منذ اندلاع النزاع عام 2011.",
        "في تمام الساعة 1،10 من قتلى",  # a time
        "بلغت النسبة 3.5 قتيل",  # a decimal
        "شنت إسرائيل مئات الغارات",
        "عقد عدد من الجنرالات الروس اجتماعا",
        "قتل A5 جنود",  # glued to a word
        "قتل عشرات المدنيين",  # no numeral, in construct
    ],
)
def test_casualty_count_negatives(text):
    assert found(text, "casualty_count") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('قال الوزير إن "الوضع تحت السيطرة"', "الوضع تحت السيطرة"),
        ("وأكدت الوزارة «سنرد على كل هجوم مهما كان»", "سنرد على كل هجوم مهما كان"),
        ("وأضاف: “لن نتراجع”", "لن نتراجع"),
        ('فقال: "لا"', "لا"),
        ("وتابع قائلا «لن نتراجع»", "لن نتراجع"),
        ('قال المتحدث باسم الجيش في بيان رسمي له، إنه " يجب الانسحاب فورا "', "يجب الانسحاب فورا"),
        ('وصرّح المسؤول "نحن مستعدون للتفاوض مع كل الأطراف"', "نحن مستعدون للتفاوض مع كل الأطراف"),
        ('قالـــت المصادر إن "القصف مستمر"', "القصف مستمر"),
    ],
)
def test_quote_forms(text, expected):
    assert [t for _, _, t in found(text, "quote")] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'ونقل موقع "عين الفرات" عن مصادر',  # a quoted name after a reporting verb
        'بدورها، نقلت "سانا" التابعة للنظام',
        'وذكرت "سانا" أن القصف استهدف المدينة',  # the verb's subject, in quotes
        'أعلنت "وزارة الدفاع الروسية" في بيان',
        'فقال "لا"',  # too short to tell from a name without إن or a colon
        'شنت الطائرات غارات على مواقع "الحرس الثوري الإيراني"',  # no speech verb at all
        '"سنرد على كل هجوم في أي وقت"',
        "وأكدت الوزارة «داعش»",  # a short quoted name, not introduced by إن or a colon
        # the speech verb is in another sentence
        'قال الوزير أمس. ثم نشرت الوكالة "بيانا طويلا عن الوضع في البلاد"',
        'قال الوزير إن ""',  # nothing inside
        'قال الوزير إن "الوضع\nتحت السيطرة"',  # marks on different lines
        'قالت مصادر إن إسرائيل شنت نحو 50 غارة على مواقع قوات النظام وميليشيات "لواء زينبيون"',
    ],
)
def test_quote_negatives(text):
    assert found(text, "quote") == []


def test_rules_can_be_turned_off_by_name():
    assert suggest(SAMPLE, builtin=[]) == []
    labels = {s.label for s in suggest(SAMPLE, builtin=["quote"])}
    assert labels == {"QUOTE"}


# The decisions of the label guidelines on real wire text (docs/suggest.md), one case each.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وقتلت سبعة في الهجوم.", "سبعة"),  # a bare number after a harm verb
        ("أسفر الحادث عن وفاة سائق وإصابة ثلاثة.", "ثلاثة"),
        ("وقتل اربعة في القصف.", "اربعة"),
        ("وجرح اثنين أحدهما بحالة خطرة.", "اثنين"),
        ("انفجار أودى بحياة 30 في السوق.", "30"),
        ("قتلت سبعة سياح.", "سبعة سياح"),  # a noun the lists do not know
        ("وقال إن 5 حراس أمن قتلوا.", "5 حراس أمن"),  # a two-word noun, the harm verb after it
        ("وعثر على 11 جثة في النهر.", "11 جثة"),  # bodies
        ("وقتل شخصان في الانفجار.", "شخصان"),  # duals state a number
        ("وأصيب شرطيان بجروح.", "شرطيان"),
        ("قتل ضابط وجرح آخران.", "آخران"),
        ("قتل مائتا ألف شخص في الحرب.", "مائتا ألف شخص"),  # hundreds of thousands
        ("وقتل خمسة أشخاص آخرين.", "خمسة أشخاص آخرين"),
        ("وقتل 5 على الأقل.", "5"),  # "على الأقل" stays outside
        ("قتلت القوات سبعة في القرية.", "سبعة"),  # a killing verb, its subject, a bare number
        ("وقالت تقارير إن 10 آلاف قتلوا في الهجوم.", "10 آلاف"),  # a harm verb right after
        ("ارتفع عدد الشهداء في الحي إلى ثمانية بعد القصف.", "ثمانية"),  # a toll's value
        # a toll earlier in the sentence decides, however far
        (
            "وبلغ عدد القتلى في انهيار البنايتين إثر تحطم طائرتين أكثر من 10 آلاف شخص حسب"
            " التقديرات.",
            "أكثر من 10 آلاف شخص",
        ),
        ("وقتلته مع سبعة من عائلته.", "سبعة من عائلته"),  # a harm verb with its object pronoun
        ("ووقعت مجزرة راح ضحيتها 30 شخصا.", "30 شخصا"),
        ("واسفر القصف عن مقتل خمسة عراقيين.", "خمسة عراقيين"),  # a nationality as the noun
        ("وقتل رجلان في القصف.", "رجلان"),
        ("وقتل جنديان إسرائيليان.", "جنديان"),  # the dual adjective is not a second count
        ("وأسفر الانفجار عن إصابة 20 بجروح.", "20"),  # how they were harmed stays outside
        ("وحصد القصف أرواح 30 مدنيا.", "30 مدنيا"),
    ],
)
def test_casualty_counts_on_wire_text(text, expected):
    assert [t for _, _, t in found(text, "casualty_count")] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "اعتقلت الشرطة نحو 200 شخص في المدينة.",  # arrests are not casualties
        "وقامت بتوقيف خمسة عناصر من الخلية.",
        "واختطف مسلحون 12 شخصا.",  # kidnappings
        "جيش قوامه أكثر من 40 ألف مقاتل.",  # the size of a force
        "وصلت قوة فرنسية تضم نحو 50 عنصرا.",
        "أمضى 23 طفلا عطلتهم على الشاطئ.",  # people merely present
        "وحضر ثلاثة محامين الجلسة.",
        "يتسع المجمع لحوالي 150 ألف شخص.",
        "مصرع ضابط إسرائيلي.",  # a singular with no number
        "وأصيب نحو 40% من السكان بالمرض.",  # a share, not a count
        "وقتل 15 في المئة من الماشية.",
        "وأفرجت السلطات عن 20 شخصا بعد مقتل الخاطفين.",  # released, not harmed
        "وشهدت المدينة نزوح 3000 شخص.",  # displaced
        "وفي 2006 قتل الجنود مدنيين.",  # a year before a harm verb
        "ارتفع عدد الزوار إلى ثمانية آلاف.",  # a number, but not a toll
        "أصابت الصواريخ ثلاثة مبان.",  # a target, not a person
        "قفزت حصيلة الضرائب إلى 971 مليار جنيه.",  # a toll of taxes, not of people
    ],
)
def test_counts_that_are_not_casualties(text):
    assert found(text, "casualty_count") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the report far from the mark, then "إلى أن"
        (
            'ويشير تقرير صادر عن المنظمة أمس في جنيف إلى أن "الوضع الإنساني يتدهور بسرعة"',
            "الوضع الإنساني يتدهور بسرعة",
        ),
        # a statement, and the quote opens with "أنها"
        ('وأصدرت الحركة بيانا لها جاء في سياقه "أنها على ثقة بالنصر"', "أنها على ثقة بالنصر"),
        ("وقال الوزير إن ءلن نسمح بذلك أبداء", "لن نسمح بذلك أبدا"),  # ء for quotation marks
        ("وأضاف في بيان: لا يمكننا القبول بهذا الاتفاق.", "لا يمكننا القبول بهذا الاتفاق"),
        # unmarked speech ends where narration resumes with a speech verb
        (
            "وقال: إن المنطقة قادرة على حماية نفسها وعاد نجاد ليؤكد ذلك",
            "إن المنطقة قادرة على حماية نفسها",
        ),
        ('وقال الوزير إن الحكومة "لن تسمح بذلك" مهما حدث', "لن تسمح بذلك"),  # a fragment
        ('وقالت "سانا": "سقطت قذائف على الحي"', "سقطت قذائف على الحي"),  # after a quoted name
        # a title quoted inside the quote does not cut it
        (
            'وقال المخرج: "عرضنا فيلم "الرسالة" في كل المدن التي زرناها"',
            'عرضنا فيلم "الرسالة" في كل المدن التي زرناها',
        ),
    ],
)
def test_quotes_on_wire_text(text, expected):
    assert [t for _, _, t in found(text, "quote")] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        'وقالت حركة "أمل" في بيان إنها ترفض ذلك',  # the name of an organisation
        'وعرض فيلم "الرسالة" أمس في القاهرة',  # a film
        'وصوت الناخبون بـ"نعم" في الاستفتاء',  # a ballot option
        "متحدث إسرائيلي: العملية لوقف تهريب الأسلحة",  # a headline: no speech verb
        'وقال إن الميليشيات المدعومة من "الحرس الثوري الإيراني" انسحبت',  # a name after من
        "وأضاف قائلا نادرا ما كان التكهن صعبا بهذا الشكل.",  # unmarked, without a colon
    ],
)
def test_names_titles_and_unmarked_speech_without_a_colon_are_not_quotes(text):
    assert found(text, "quote") == []


def test_straight_marks_that_do_not_nest_are_paired_one_by_one():
    # An unpaired opening-looking mark leaves the line to mark-by-mark pairing.
    text = 'وقال الوزير إن "الحكومة لن تسمح بذلك" ثم قال "لن نتراجع عن هذا أبدا" و "'
    assert [t for _, _, t in found(text, "quote")] == [
        "الحكومة لن تسمح بذلك",
        "لن نتراجع عن هذا أبدا",
    ]


def test_every_part_of_the_rules_carries_its_measured_confidence():
    text = (
        "وقتل 3 مدنيين. سقط 30 قتيلا. وأصيب شرطيان. وجرح اثنين أحدهما بحالة خطرة. "
        'قال الوزير إن "الوضع تحت السيطرة". '
        'وقال ميجور في الرد على سؤال حول الديمقراطية في هونج كونج أمس الأول: "ذلك نهر عبرناه". '
        'وأضاف نتنياهو "نقاتل ضد محاولات إيران للحصول على موطئ قدم". '
        'وقال الوزير إن الحكومة "لن تسمح بذلك" مهما حدث.\n'
        "وأضاف في بيان: لا يمكننا القبول بهذا الاتفاق.\n"
        "وقالت تقارير إن 10 آلاف قتلوا. ارتفع عدد الشهداء إلى ثمانية.\n"
        "واستشهد الفلسطينيون الثلاثة. وقتل جندي واحد. وأصيب عدد من المارة ثلاثة منهم بجروح."
    )
    spans = suggest(text)
    parts = {s.source for s in spans}
    assert parts == {
        "rule:casualty_count:harm_clause",
        "rule:casualty_count:casualty_noun",
        "rule:casualty_count:dual",
        "rule:casualty_count:after_harm_word",
        "rule:casualty_count:before_harm_word",
        "rule:casualty_count:toll",
        "rule:casualty_count:definite",
        "rule:casualty_count:one",
        "rule:casualty_count:of_them",
        "rule:quote:introduced",
        "rule:quote:colon",
        "rule:quote:sentence",
        "rule:quote:fragment",
        "rule:quote:colon_unmarked",
    }
    assert all(s.confidence is not None and 0 < s.confidence <= 1 for s in spans)
    assert {s.source: s.confidence for s in spans}["rule:casualty_count:harm_clause"] == 0.95


def test_every_part_the_rules_can_name_has_a_confidence():
    source = Path(builtin.__file__).read_text()
    parts = set(re.findall(r'"((?:casualty_count|quote):[a-z_]+)"', source))
    assert len(parts) >= 20
    assert {part for part in parts if builtin.confidence(part) is None} == set()
