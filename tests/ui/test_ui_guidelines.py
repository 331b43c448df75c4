"""The in-app guidelines say the casualty-count and quote decisions the rules follow, with an
example each (docs/suggest.md has the full table)."""

import pytest

from annotator.annotations.labels import default_labels
from annotator.suggest import suggest
from annotator.ui.shared.guidelines import guidelines_text


@pytest.mark.parametrize(
    ("rule", "example", "sentence", "span"),
    [
        ("casualty_count", "قتلت سبعة", "وقتلت سبعة في الهجوم.", "سبعة"),
        ("casualty_count", "10 آلاف قتلوا", "وقالت تقارير إن 10 آلاف قتلوا.", "10 آلاف"),
        (
            "casualty_count",
            "ارتفع عدد الشهداء إلى ثمانية",
            "ارتفع عدد الشهداء إلى ثمانية.",
            "ثمانية",
        ),
        ("casualty_count", "جنديان إسرائيليان", "وقتل جنديان إسرائيليان.", "جنديان"),
        ("casualty_count", "40% من السكان", "وأصيب نحو 40% من السكان.", None),
        ("casualty_count", "بجروح", "وأصيب 20 بجروح.", "20"),
        (
            "casualty_count",
            "العشرات من عناصر",
            "وقتل العشرات من عناصر الميليشيات.",
            "العشرات من عناصر",
        ),
        ("casualty_count", "آلاف الضحايا", "هجمات أوقعت آلاف الضحايا.", None),
        ("casualty_count", "احتراق 20 سيارة", "وأسفر الحريق عن احتراق 20 سيارة.", None),
        ("casualty_count", "3 وفيات، 10 إصابات", "أسفر الحادث عن 3 وفيات.", "3 وفيات"),
        (
            "casualty_count",
            "وفقد اثنان آخران",
            "ولقي ثلاثة أشخاص مصرعهم وفقد اثنان آخران.",
            "ثلاثة أشخاص",
        ),
        ("quote", "فقال: - الوضع صعب", "فسألته فقال: - الوضع صعب جدا.", "الوضع صعب جدا"),
        ("quote", "وقف إطلاق النار", 'ودعا المجلس إلى " وقف إطلاق النار ".', None),
        (
            "quote",
            "« ... »، قال",
            "«الوضع تحت السيطرة تماما»، قال المتحدث.",
            "الوضع تحت السيطرة تماما",
        ),
        ("quote", 'منطقة "جبل الشيخ"', 'وأكدت المصادر أن الهجوم وقع في منطقة "جبل الشيخ".', None),
        ("quote", ":” ... ”", "وقال المتحدث:” ان الطرق مغلقة تماما”.", "ان الطرق مغلقة تماما"),
    ],
)
def test_each_decision_is_in_the_guidelines_and_the_rules_follow_it(rule, example, sentence, span):
    text, _ = guidelines_text(default_labels())
    assert example in text
    found = [s.text for s in suggest(sentence, builtin=[rule])]
    assert found == ([] if span is None else [span])
