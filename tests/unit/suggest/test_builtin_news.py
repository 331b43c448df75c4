"""The built-in rules on the forms of news text read in articles 71-100 (session 8), on
snippets written for these tests: each decision once where it must fire and once where it
must not (docs/suggest.md lists the decisions)."""

import pytest

from tests.unit.suggest.rule_parts import found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a proclitic glued to the count is not one of the 8 words a harm word may stand back
        (
            "وأعلن الجيش أنه قتل ثمانية، أربعة رجال ممن وصفهم بالإرهابيين وأربع نساء خلال مداهمات.",
            [
                ("ثمانية", "after_harm_word"),
                ("أربعة رجال", "harm_clause"),
                ("أربع نساء", "harm_clause"),
            ],
        ),
        # من and who: a noun and the adjective واحدة
        (
            "بشأن مقتل ثمانية عراقيين بينهم سبعة من عائلة واحدة في بعقوبة.",
            [("ثمانية عراقيين", "harm_clause"), ("سبعة من عائلة واحدة", "harm_clause")],
        ),
        # a pronoun the wire glued to a bare number stays outside
        ("وأعلن الجيش أنه قتل ثمانيةهم رجال ونساء.", [("ثمانية", "after_harm_word")]),
        # a number with no numeral counts when من names the people
        ("وقتل العشرات من عناصر الميليشيات.", [("العشرات من عناصر", "harm_clause")]),
        ("وقتل 10 آلاف شخص في الحرب.", [("10 آلاف شخص", "harm_clause")]),
        # number words: a dual thousand in the genitive, the feminine two
        ("وأودى الزلزال بحياة نحو ألفي شخص.", [("نحو ألفي شخص", "harm_clause")]),
        ("وقتلت اثنتان من النساء.", [("اثنتان من النساء", "harm_clause")]),
        ("ولقي سائق مصرعه وأصيب راكبان.", [("راكبان", "dual")]),  # a dual states a number
        ("وقتل سائق الحافلة و12 راكبا.", [("12 راكبا", "harm_clause")]),  # the accusative
        ("قتل ما يربو على 100 شخص.", [("ما يربو على 100 شخص", "harm_clause")]),
        # deaths and injuries counted, the noun inside
        (
            "أسفر الحادث عن 3 وفيات و10 إصابات.",
            [("3 وفيات", "casualty_noun"), ("10 إصابات", "casualty_noun")],
        ),
    ],
)
def test_casualty_counts_of_news_text(text, expected):
    assert found(text, "casualty_count") == expected


@pytest.mark.parametrize(
    "text",
    [
        "وأعلن الجيش أنه اعتقل ثمانية، أربعة رجال ممن وصفهم بالإرهابيين وأربع نساء خلال مداهمات.",
        "واعتقلت الشرطة سبعة من عائلة واحدة في بعقوبة.",
        "لقد قتل الفهم والإبداع في المدارس.",  # الفهم is no ألف with a pronoun
        # a number with no numeral, in construct, alone or as a magnitude, is not a count
        "هجمات متلاحقة أوقعت آلاف الضحايا.",
        "قبل لقاء المصير الذي لقيه الآلاف قبلكم.",
        "وتشير التقديرات إلى أن عدد الضحايا بالآلاف من القتلى والجرحى.",
        "ووصل نحو ألفي شخص.",
        "وصل راكبان إلى المطار.",
        # after a harm word, a sum, a time or a thing is no count (خسائر is no harm word)
        "وأسفر الحريق عن احتراق 20 سيارة.",
        "وبلغت الخسائر 5 ملايين دولار.",
        "وبلغت نسبة الإصابة 40 في المئة.",
        "وأدى سقوط 12 صاروخا إلى أضرار.",
        # on board is presence, however near the crash
        "بسقوط طائرة بوينج كان على متنها 92 راكبا.",
        "وانقلبت حافلة تقل 40 راكبا.",
    ],
)
def test_not_casualty_counts_of_news_text(text):
    assert found(text, "casualty_count") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an interview's answer dash after the colon stays outside
        (
            "فسألته عن أثره فقال: - الوضع صعب جدا ولا يمكن احتماله.",
            ("الوضع صعب جدا ولا يمكن احتماله", "colon_unmarked"),
        ),
        # commas between long stretches are speech, not a list
        (
            "وقال: لقد زرت بلدانا كثيرة، وتعلمت من كل واحد منها شيئا جديدا، ولن أنسى ذلك.",
            (
                "لقد زرت بلدانا كثيرة، وتعلمت من كل واحد منها شيئا جديدا، ولن أنسى ذلك",
                "colon_unmarked",
            ),
        ),
        # narration resumes with a verb of praise
        (
            "حيث قال لهم: دعوه يعمل فهو فنان جيد ولقد أشاد بي مرات عديدة.",
            ("دعوه يعمل فهو فنان جيد", "colon_unmarked"),
        ),
        # ... and not with another verb
        (
            "حيث قال لهم: دعوه يعمل فهو فنان جيد ولقد عمل معي مرات عديدة.",
            ("دعوه يعمل فهو فنان جيد ولقد عمل معي مرات عديدة", "colon_unmarked"),
        ),
        # عبر (through, crossed) is no speech verb: the speech runs on
        (
            "ويكمل قائلا: أهم رسالة أردت إيصالها أن بالإرادة تستطيع قهر المستحيل، وعبر "
            "هذه الرحلة زرت دولا كثيرة.",
            (
                "أهم رسالة أردت إيصالها أن بالإرادة تستطيع قهر المستحيل، وعبر هذه الرحلة "
                "زرت دولا كثيرة",
                "colon_unmarked",
            ),
        ),
        # يعلق ... بالقول, and بحسب, introduce a sentence
        (
            'ويعلق الخبير على ذلك بالقول " إن الشركات تعاني من الإرهاق الشديد ".',
            ("إن الشركات تعاني من الإرهاق الشديد", "sentence"),
        ),
        (
            'وبحسب وزير الخارجية " ليس هناك مصلحة في التصعيد الآن ".',
            ("ليس هناك مصلحة في التصعيد الآن", "sentence"),
        ),
        # a report noun near a sentence: the report's words
        (
            'وذلك خلال لقائه الموفد أمس في بيان مقتضب للرئاسة " يؤكد رئيس الجمهورية دعم '
            'فرنسا للحوار ".',
            ("يؤكد رئيس الجمهورية دعم فرنسا للحوار", "report_sentence"),
        ),
        # a speech verb further back in the sentence than 10 words, and a sentence
        (
            "وقال مندوب إيران لدى الوكالة الذرية في فيينا أمس أمام حشد من الصحفيين إذا قرر "
            'مجلس الأمن فرض عقوبات، ف" من دون شك ستراجع إيران سياستها في التعاون ".',
            ("من دون شك ستراجع إيران سياستها في التعاون", "distant_sentence"),
        ),
        # a speech verb right before the mark
        ('وأضاف " لن نتراجع أبدا ".', ("لن نتراجع أبدا", "near_verb")),
        (
            'وقال إن كتبا صدرت " كلمتي في الرد على الرواية " للشيخ.',
            ("كلمتي في الرد على الرواية", "sentence"),
        ),
        # a noun that names things, with the article, may start a sentence
        ('وقال المدرب إن "الفريق قدم مباراة رائعة".', ("الفريق قدم مباراة رائعة", "introduced")),
        ('وقال رئيس الفريق " سنقاتل حتى آخر لحظة " أمس.', ("سنقاتل حتى آخر لحظة", "near_verb")),
        # the speech verb after the quote
        (
            "«الوضع تحت السيطرة تماما ولا داعي للقلق»، قال المتحدث باسم الجيش.",
            ("الوضع تحت السيطرة تماما ولا داعي للقلق", "verb_after"),
        ),
        ('"سنواصل العمل حتى النهاية" يقول الوزير.', ("سنواصل العمل حتى النهاية", "verb_after")),
        # a sentence after a preposition is speech; a team with a pronoun is the speaker's
        (
            'وشدد الوزير على "ضرورة الإسراع في تنفيذ الإصلاحات الاقتصادية".',
            ("ضرورة الإسراع في تنفيذ الإصلاحات الاقتصادية", "sentence"),
        ),
        (
            'وأكد المدرب أن فريقه "لم يقدم المستوى المطلوب" في المباراة.',
            ("لم يقدم المستوى المطلوب", "fragment"),
        ),
        # a fragment inside indirect speech, indefinite words
        ('وقال إن المغرب يعد " وجهة مفضلة " للمستثمرين.', ("وجهة مفضلة", "fragment")),
    ],
)
def test_quotes_of_news_text(text, expected):
    assert found(text, "quote") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        # a chain of bylines after a colon, and a byline after a headline's colon
        "مضيفة تحدثت من الطائرة: الخاطفون استخدموا السكاكين واشنطن: محمد صادق نيويورك: صلاح عواد",
        # a list after a colon
        "وقال إنه زار خمس دول هي: النرويج، الدانمارك، ألمانيا، سويسرا.",
        'ويعلق على ذلك بالقول " حزب الله ".',  # a name quoted whole
        # فحسب (only) is no "according to"
        'وليس ذلك بالنسبة للسياح فحسب ويسمونها " داي دونج " في المدينة.',
        'ونشرت الصحيفة تقريرا بعنوان " كيف يمكن للعالم العربي اللحاق بالركب ".',  # a title
        # no speech verb or report in the sentence
        'وعرضت القناة مساء أمس في نشرتها إذا قرر مجلس الأمن فرض عقوبات، ف" من دون شك ستراجع '
        'إيران سياستها في التعاون ".',
        # after a preposition, even ل or رغم, quoted words are a name or a term
        'وأضاف قبل أن يترك الكلمة ل" عزام الأميركي " الذي هدد بهجمات.',
        'حين قال إن إيران لن تتراجع رغم " استمرار الترهيب الغربي ".',
        'ودعا المجلس إلى " وقف إطلاق النار ".',  # after a preposition, near a verb too
        # a speech verb after the quote with و starts a new sentence after a headline
        '" دعوة الدول الناشئة لإجراء إصلاحات هيكلية " ودعا البنك هذه الدول إلى الإصلاح.',
        "«حزب الله»، قال الأمين العام إنه لن ينسحب.",  # a name quoted whole
        "وتابع فريق «ريال مدريد الإسباني لكرة القدم»، قال المدرب.",  # a name after its noun
        "«جيد جدا»، قال المدرب.",  # two words
        # a title after منها (among them) or after a title's noun and its adjective
        'وقال إن كتبا صدرت منها " كلمتي في الرد على الرواية " للشيخ.',
        'وأعلنت الشركة عن إطلاق منتجها الجديد " آيفون 15 برو ماكس الجديد ".',
        # names quoted whole, and after the nouns of sport, economy and politics or "what he called"
        'وقال إن " الجيش الحر " انسحب.',
        'وأعلن اللاعب انضمامه إلى فريق " ريال مدريد الإسباني لكرة القدم ".',
        'وقال إنه وقع صفقة " بيع حصة الحكومة في الشركة الوطنية ".',
        'وانتقد ما أسماه " التحيز المؤسسي " ضده، وقال إن ذلك مؤسف.',
        # two words with the article inside indirect speech name something
        'وقال إن التبادل بين الطرفين " العربي والصيني " سيزيد.',
    ],
)
def test_not_quotes_of_news_text(text):
    assert found(text, "quote") == []
