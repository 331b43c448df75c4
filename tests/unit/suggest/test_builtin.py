"""The built-in rules, on the sample article (exact offsets) and on hand-written negatives."""

from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord
from annotator.suggest import suggest

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


def test_spans_carry_label_and_rule_source():
    spans = suggest("قتل 3 مدنيين.", builtin=["casualty_count"])
    assert [(s.label, s.source) for s in spans] == [("CASUALTY_COUNT", "rule:casualty_count")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("سقط أكثر من 30 قتيلا أمس", "أكثر من 30 قتيلا"),
        ("قتل ما لا يقل عن 12 شخصا", "ما لا يقل عن 12 شخصا"),
        ("أصيب قرابة 40 مدنيا", "قرابة 40 مدنيا"),
        ("قتل ٣٨ عنصراً من الميليشيات", "٣٨ عنصراً"),
        ("سقط خمسين قتيلا", "خمسين قتيلا"),
        ("أصيب ثلاثة وعشرين جريحا", "ثلاثة وعشرين جريحا"),
        ("قتل عشرات المدنيين", "عشرات المدنيين"),
        ("وقتل المئات من الجنود", "المئات من الجنود"),
        ("وأصيب 7 آخرون", "7 آخرون"),
        ("مقتل 3 آلاف شخص", "3 آلاف شخص"),
        ("و14 من قوات الأمن", "14 من قوات الأمن"),
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
