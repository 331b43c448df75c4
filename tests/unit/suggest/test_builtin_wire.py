"""The built-in rules on forms of real wire text, on snippets written for these tests: each
pattern once where it must fire and once where it must not (docs/suggest.md lists the
decisions)."""

import pytest

from annotator.suggest import suggest


def found(text: str, rule: str) -> list[tuple[str, str]]:
    return [(s.text, s.source) for s in suggest(text, builtin=[rule])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a definite re-mention, the number after its noun
        ("واستشهد الفلسطينيون الثلاثة في القصف.", ("الفلسطينيون الثلاثة", "definite")),
        ("وقال المصدر إن الجرحى الأربعة الآخرين نقلوا.", ("الجرحى الأربعة", "definite")),
        # a pronoun the wire glued to the number stays outside
        ("وأكد مصدر أن الشهداء الثلاثةهم من سكان المدينة.", ("الشهداء الثلاثة", "definite")),
        # one, after a singular noun
        ("وبقيت أشلاء جثة ضحية واحدة.", ("ضحية واحدة", "one")),
        ("وقتل جندي واحد في الاشتباك.", ("جندي واحد", "one")),
        # "منهم" names the people counted
        ("ما أدى إلى إصابة عدد من المواطنين ثلاثة منهم بنيران طائرة.", ("ثلاثة منهم", "of_them")),
        # "من ..." naming who is inside, to a particle, a harm word or a new clause
        ("وقتل 4 جنود من الجيش اللبناني وحليف له.", ("4 جنود من الجيش اللبناني", "harm_clause")),
        ("وقتل 38 عنصرا من الميليشيات في الغارة.", ("38 عنصرا من الميليشيات", "harm_clause")),
        # ... and not when it names no one
        ("وقتل خمسة أشخاص من جراء القصف.", ("خمسة أشخاص", "harm_clause")),
        ("وقتل 5 أشخاص من بينهم نساء.", ("5 أشخاص", "harm_clause")),
        # a harm verb later in the sentence carries a pronoun for the people counted
        (
            "ثلاثة فلسطينيين اقتربوا من السياج فأطلق الجنود النار وأصابوهم.",
            ("ثلاثة فلسطينيين", "harm_clause"),
        ),
        # hundreds of thousands, millions, a dual thousand
        ("وقتل مئات الآلاف من المدنيين.", ("مئات الآلاف من المدنيين", "harm_clause")),
        ("قتل 3 ملايين شخص.", ("3 ملايين شخص", "harm_clause")),
        ("وقتل ألفا شخص في الزلزال.", ("ألفا شخص", "harm_clause")),
        # a noun the lists learned from wire text
        ("وقتل ستة متمردين في الهجوم.", ("ستة متمردين", "harm_clause")),
        # a plural of a relative adjective the lists do not hold names people
        ("وقتل خمسة إيرانيين في الهجوم.", ("خمسة إيرانيين", "harm_clause")),
        # a definite number right after a harm verb counts the people named before
        ("وتوفي الاثنان معا في سيارتهما.", ("الاثنان", "after_harm_word")),
        ("ولقي الثلاثة حتفهم في الحادث.", ("الثلاثة", "after_harm_word")),
        # ... but after a casualty noun it is that noun's re-mention
        ("وقال المصدر إن الجرحى الأربعة نقلوا.", ("الجرحى الأربعة", "definite")),
        # ... and before a count it is a day (Monday), not one
        ("وقتل الاثنين 5 من المارة.", ("5 من المارة", "harm_clause")),
    ],
)
def test_casualty_count_forms_of_wire_text(text, expected):
    span, part = expected
    assert found(text, "casualty_count") == [(span, f"rule:casualty_count:{part}")]


@pytest.mark.parametrize(
    "text",
    [
        "وصل الجنود الثلاثة إلى بيروت.",  # a definite count with no harm near it
        "واجتمع وزراء الدول الخمس أمس.",  # not people
        "ووصل جندي واحد إلى القاعدة.",  # one, with no harm
        "اعتقلت الشرطة عشرة أشخاص وأفرجت عن ثلاثة منهم.",  # released, not harmed
        "ثلاثة فلسطينيين اقتربوا من السياج فاعتقلهم الجنود.",  # the pronoun's verb is no harm
        "وغرق عشرات القرى في الولاية.",  # dozens of villages after a harm word
        "ودمر القصف مئات المنازل.",
        "بعد مرور تسعة أعوام على غياب الاثنين في الحادث.",  # absence is no harm word
        "ووصل خمسة إيرانيين إلى المطار.",  # people, but no harm
    ],
)
def test_casualty_count_negatives_of_wire_text(text):
    assert found(text, "casualty_count") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ء standing alone as both quotation marks
        (
            "وصرح اللاعب للصحيفة قائلا ء ستكون المباريات الخارجية أكثر تعقيدا ء.",
            [("ستكون المباريات الخارجية أكثر تعقيدا", "introduced")],
        ),
        (
            "وقال ء سارت الأمور بشكل طيب. كانت مباراة هادئة وسلسة ء. واضاف ء سأحاول ألا أشغل"
            " بالي بالأمر ء.",
            [
                ("سارت الأمور بشكل طيب. كانت مباراة هادئة وسلسة", "sentence"),
                ("سأحاول ألا أشغل بالي بالأمر", "sentence"),
            ],
        ),
        # a speech verb the lists learned from wire text
        ('واعترف اللاعب بأن " الأمر كان أسهل بكثير "', [("الأمر كان أسهل بكثير", "introduced")]),
        # right after a speech verb and its subject, three words or more
        (
            'وهتف المشاركون " ليذهب الرئيس إلى العراق " أمس.',
            [("ليذهب الرئيس إلى العراق", "near_verb")],
        ),
        # ... or right after the verb
        ('وأضاف " لن نتراجع أبدا " ثم غادر.', [("لن نتراجع أبدا", "near_verb")]),
        # a noun that names things, with the article, is the one speaking
        ('وقالت الوزارة " لن نتراجع أبدا ".', [("لن نتراجع أبدا", "near_verb")]),
        # first-person words, the speech verb far before them in the sentence
        (
            "وقال السفير الأمريكي الذي دعم النص مع سفراء بريطانيا والدنمارك وسلوفاكيا وغانا"
            ' واليونان " نحن سعداء بهذه الخطوة "',
            [("نحن سعداء بهذه الخطوة", "first_person")],
        ),
        # a prediction reports speech
        (
            'وتوقع الخبير أن يكون " من الصعب تطبيق العقوبات "',
            [("من الصعب تطبيق العقوبات", "fragment")],
        ),
        # a writer's words after a colon, not a byline
        (
            "كتب الوزير في رسالته: لن نتراجع عن قرارنا أبدا.",
            [("لن نتراجع عن قرارنا أبدا", "colon_unmarked")],
        ),
    ],
)
def test_quote_forms_of_wire_text(text, expected):
    assert found(text, "quote") == [(t, f"rule:quote:{part}") for t, part in expected]


@pytest.mark.parametrize(
    "text",
    [
        "وذكرت صحيفة ء دايلي ميرور ء أمس أن الفريق سيتقدم بعرض.",  # a name in ء marks
        # an ء closing a name opened before the text, then a name opened by ء
        "وذكرت صحيفة لانس ء البرازيلية أمس أن ميلان دخل على الخط. وذكرت صحيفة ء دايلي ميرور ء"
        " أمس أن الفريق سيتقدم.",
        "وذكرت صحيفة ءلانس ء البرازيلية أمس أن ميلان دخل على الخط لضم اللاعب أيضا ء.",
        "كتب: هشام محمود زكي د. بهاء حسب الله",  # a byline
        "وقال اللاعب ء سأحاول\nألا أشغل بالي ء",  # marks on different lines
        'ووصف الوزير " العملية " بالفاشلة.',  # one word after a verb and its subject
        'وقال الخبير الاقتصادي البارز أمس " ارتفاع الأسعار "',  # the verb further than its subject
        'وأشار الرجل الذي التقى سفراء بريطانيا والدنمارك وغانا واليونان " المبنى الجديد "',
        'وقال الوزير إن " حزب الله " انسحب من المنطقة.',  # a name quoted whole
        'وقالت " هيئة البث العامة " في بيانها إن الوضع هادئ.',  # the verb's subject, quoted
    ],
)
def test_quote_negatives_of_wire_text(text):
    assert found(text, "quote") == []
