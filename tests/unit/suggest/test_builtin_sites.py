"""The built-in rules on the forms of news text read on many sites (the 50 excerpts of
session 8's second-round development data), on snippets written for these tests: each
decision once where it must fire and once where it must not (docs/suggest.md lists the
decisions)."""

import pytest

from tests.unit.suggest.rule_parts import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the closing mark written at both ends of a quote
        (
            "وقال المتحدث:” ان الطرق مغلقة بالكامل منذ الصباح”.\nواضاف:” ان فرق الانقاذ تعمل”.",
            [
                ("ان الطرق مغلقة بالكامل منذ الصباح", "introduced"),
                ("ان فرق الانقاذ تعمل", "introduced"),
            ],
        ),
        (
            "وذكر المكتب في بيان، ان”السيارة انحرفت عن الطريق بسبب السرعة”.",
            [("السيارة انحرفت عن الطريق بسبب السرعة", "introduced")],
        ),
        # ... or the opening mark at both ends
        (
            "وأضاف المدير “ان الموسم كان صعبا على الجميع“.",
            [("ان الموسم كان صعبا على الجميع", "sentence")],
        ),
        # more forms of the speech verbs, and وزاد (and he added)
        ('وزاد: "سنلعب من أجل الفوز فقط".', [("سنلعب من أجل الفوز فقط", "introduced")]),
        (
            'وأكدا أن "التعاون بين البلدين سيستمر".',
            [("التعاون بين البلدين سيستمر", "introduced")],
        ),
        # a paragraph whose quote is never closed: the quote ends with its sentence
        (
            'وقال الوزير امام البرلمان: " سنواصل دعم الاسر الفقيرة حتى نهاية العام.\nوتابع النائب',
            [("سنواصل دعم الاسر الفقيرة حتى نهاية العام", "introduced")],
        ),
        # verbs of going on and finishing, chanting, and وحسب (according to)
        (
            'وواصل: "لعبنا بشكل جيد في الشوط الاول".',
            [("لعبنا بشكل جيد في الشوط الاول", "introduced")],
        ),
        ('واستدرك: "لكن الحكم لم يكن منصفا".', [("لكن الحكم لم يكن منصفا", "introduced")]),
        ('وأتم: "نشكر الجماهير على الحضور".', [("نشكر الجماهير على الحضور", "introduced")]),
        ('وأكمل: "سنعود أقوى في الموسم المقبل".', [("سنعود أقوى في الموسم المقبل", "introduced")]),
        (
            "ووقف الطلاب أمام المبنى وهم يهتفون “لن نرحل قبل أن تسمعونا”.",
            [("لن نرحل قبل أن تسمعونا", "sentence")],
        ),
        (
            'وحسب المسؤول نفسه، "غمرت المياه عشرات البيوت في القرية المجاورة".',
            [("غمرت المياه عشرات البيوت في القرية المجاورة", "sentence")],
        ),
        # a name quoted inside unmarked speech after a colon stays inside it
        (
            "وقال مسؤول محلي: إن مسلحين هاجموا موقعا في منطقة “وادي السلام” شمال المدينة.",
            [("إن مسلحين هاجموا موقعا في منطقة “وادي السلام” شمال المدينة", "colon_unmarked")],
        ),
        # unmarked speech after a colon, the speech verb up to 15 words before it
        (
            "وأضاف الوزير، خلال كلمته في مؤتمر صحفي مع نظيره القطري في العاصمة، اليوم الأحد: "
            "ناقشنا سبل تعزيز التعاون بين البلدين.",
            [("ناقشنا سبل تعزيز التعاون بين البلدين", "colon_unmarked")],
        ),
        # ... but unmarked speech stops at a quoted sentence (5 words or more), taken alone
        (
            'وقال مسؤول محلي: إن الوضع صعب "لا نستطيع الوصول إلى القرى المحاصرة منذ أيام".',
            [
                ("إن الوضع صعب", "colon_unmarked"),
                ("لا نستطيع الوصول إلى القرى المحاصرة منذ أيام", "sentence"),
            ],
        ),
    ],
)
def test_quotes_of_site_text(text, expected):
    assert found(text, "quote") == expected


@pytest.mark.parametrize(
    "text",
    [
        # the closing mark at both ends around a name, after a noun that names things
        "ووصل الوفد إلى مدينة ”الزرقاء” صباح اليوم.",
        "وزار الوفد مدينة “الزرقاء“ صباح اليوم.",
        'زاد "عدد الزوار هذا العام بشكل كبير جدا".',  # زاد alone is "increased"
        # a quote running on into the next paragraph is not cut at the paragraph's end
        'وقال الوزير: " نسعى الى تحسين الخدمات\nوتطوير الطرق في كل المحافظات ".',
        # a place or a post quoted after its noun is a name, also inside indirect speech
        "وأكدت المصادر أن المسلحين هاجموا حاجز “تل الزيتون” بمرتفعات “جبل الشيخ”.",
        "وأشار إلى أن الهجوم وقع في منطقة “الحي الغربي” مساء.",
        "وأضاف أن جهاز الأمن “أمن الدولة” اعتقلهم.",
        # a speech verb further back than 15 words does not make what follows a colon speech
        "وأعلن الوزير أمس أن الحكومة ستطلق خلال الأشهر المقبلة برنامجا واسعا لدعم الأسر الفقيرة "
        "في جميع المحافظات الجنوبية والشمالية والوسطى، وتشمل المرحلة الأولى: توزيع المساعدات.",
        # واصل with no speech after it; فحسب is "only"
        "وواصل الجيش قصف المنطقة طوال الليل.",
        'لم يخسر الفريق فحسب "الكأس الذهبية" بل الدوري أيضا.',
    ],
)
def test_not_quotes_of_site_text(text):
    assert found(text, "quote") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # approximator ما يصل إلى
        ("وقتل ما يصل إلى 40 مسلحا في الغارات.", [("ما يصل إلى 40 مسلحا", "harm_clause")]),
        # a dual with من naming who
        (
            "أسفر الهجوم عن مقتل عنصرين من قوات الحرس بينهم ضابط.",
            [("عنصرين من قوات الحرس", "dual")],
        ),
        # من بين names no one: the count ends with its noun
        ("وتم انتشال خمس جثث من بين ركام المباني.", [("خمس جثث", "casualty_noun")]),
        # the noun after a number that says how they were harmed stays outside
        ("ما أدى إلى مقتل رجل وإصابة ثلاثة إصابات بالغة.", [("ثلاثة", "after_harm_word")]),
        ("وأصيب 4 أشخاص بجروح.", [("4 أشخاص", "harm_clause")]),
        # more people nouns and harm verbs
        ("وتوفيت 3 طالبات في الحادث.", [("3 طالبات", "harm_clause")]),
        ("ودهست الشاحنة خمسة معتمرين قرب المسجد.", [("خمسة معتمرين", "harm_clause")]),
        # the dead counted beside the missing
        (
            "ولقي ثلاثة أشخاص مصرعهم وفقد اثنان آخران في السيول.",
            [("ثلاثة أشخاص", "harm_clause")],
        ),
    ],
)
def test_casualty_counts_of_site_text(text, expected):
    assert found(text, "casualty_count") == expected


@pytest.mark.parametrize(
    "text",
    [
        # people nouns need a harm word
        "وضم المدرب 3 لاعبين جدد إلى الفريق.",
        "ونقلت الحافلة خمسة معتمرين إلى الفندق.",
        # missing people are not casualties
        "وفقد 4 آخرون بعد أن جرفت المياه سيارتهم.",
        "أدت السيول إلى وفاة رجل وفقدان شخصين في الوادي.",
        "وغرق قارب واعتبر سبعة آخرون في عداد المفقودين.",
        # a cognate noun after a number that is not right after a harm word stays a count
        # of injuries: see test_builtin_news ("10 إصابات"); here no harm word, no count
        "وسجلت المدينة ثلاثة أهداف في المباراة.",
    ],
)
def test_not_casualty_counts_of_site_text(text):
    assert found(text, "casualty_count") == []
