"""Short document strings (span texts, ids, notes) shown through the layout engine."""

from annotator.ui.shared.visual import ELLIPSIS, plain, visual_line


def test_arabic_is_shaped_and_reversed_and_brackets_face_inward():
    assert visual_line("(شرق سوريا)", 40) == "(ﺎﻳﺭﻮﺳ ﻕﺮﺷ)"


def test_a_long_rtl_text_is_cut_at_its_reading_end_on_the_left():
    shown = visual_line("قال رئيس الوزراء الإسرائيلي بنيامين نتنياهو", 12)
    assert len(shown) <= 12
    assert shown.startswith(ELLIPSIS)
    assert shown.endswith("ﻝﺎﻗ")  # the first word still reads first, at the right


def test_a_long_ltr_text_is_cut_on_the_right_and_newlines_flatten():
    shown = visual_line("document-with-a-long-name\nsecond line", 10)
    assert shown == "document-" + ELLIPSIS
    assert visual_line("a\nb", 10) == "a b"
    assert visual_line("anything", 0) == ""


def test_plain_content_never_interprets_markup():
    assert plain("[bold]x[/bold]").plain == "[bold]x[/bold]"
