"""The in-app guidelines say the casualty-count decisions the rules follow, with an example
each (docs/suggest.md has the full table)."""

import pytest

from annotator.annotations.labels import default_labels
from annotator.suggest import suggest
from annotator.ui.shared.guidelines import guidelines_text


@pytest.mark.parametrize(
    ("example", "sentence", "span"),
    [
        ("قتلت سبعة", "وقتلت سبعة في الهجوم.", "سبعة"),
        ("10 آلاف قتلوا", "وقالت تقارير إن 10 آلاف قتلوا.", "10 آلاف"),
        ("ارتفع عدد الشهداء إلى ثمانية", "ارتفع عدد الشهداء إلى ثمانية.", "ثمانية"),
        ("جنديان إسرائيليان", "وقتل جنديان إسرائيليان.", "جنديان"),
        ("40% من السكان", "وأصيب نحو 40% من السكان.", None),
        ("بجروح", "وأصيب 20 بجروح.", "20"),
        ("العشرات من عناصر", "وقتل العشرات من عناصر الميليشيات.", "العشرات من عناصر"),
        ("آلاف الضحايا", "هجمات أوقعت آلاف الضحايا.", None),
        ("احتراق 20 سيارة", "وأسفر الحريق عن احتراق 20 سيارة.", None),
        ("3 وفيات، 10 إصابات", "أسفر الحادث عن 3 وفيات.", "3 وفيات"),
        ("وفقد اثنان آخران", "ولقي ثلاثة أشخاص مصرعهم وفقد اثنان آخران.", "ثلاثة أشخاص"),
    ],
)
def test_each_casualty_decision_is_in_the_guidelines_and_the_rules_follow_it(
    example, sentence, span
):
    text, _ = guidelines_text(default_labels())
    assert example in text
    found = [s.text for s in suggest(sentence, builtin=["casualty_count"])]
    assert found == ([] if span is None else [span])


@pytest.mark.parametrize(
    ("example", "sentence", "span"),
    [
        ("فقال: - الوضع صعب", "فسألته فقال: - الوضع صعب جدا.", "الوضع صعب جدا"),
        ("وقف إطلاق النار", 'ودعا المجلس إلى " وقف إطلاق النار ".', None),
        ("« ... »، قال", "«الوضع تحت السيطرة تماما»، قال المتحدث.", "الوضع تحت السيطرة تماما"),
        ('منطقة "جبل الشيخ"', 'وأكدت المصادر أن الهجوم وقع في منطقة "جبل الشيخ".', None),
        (":” ... ”", "وقال المتحدث:” ان الطرق مغلقة تماما”.", "ان الطرق مغلقة تماما"),
    ],
)
def test_each_new_quote_decision_is_in_the_guidelines_and_the_rules_follow_it(
    example, sentence, span
):
    text, _ = guidelines_text(default_labels())
    assert example in text
    found = [s.text for s in suggest(sentence, builtin=["quote"])]
    assert found == ([] if span is None else [span])
