"""The digits that pick a row of a short list, the same in every picker and panel."""

from annotator.ui.annotate.doc_labels_panel import DocLabelsPanel
from annotator.ui.annotate.link_picker import LinkPicker
from annotator.ui.shared.bindings import declared, digit_bindings, row_number


def test_digit_n_picks_row_n_and_rows_past_the_ninth_have_no_digit():
    made = digit_bindings("link")
    assert [(b.key, b.action, b.id, b.show) for b in made[:2]] == [
        ("1", "number(0)", "link.number-1", False),
        ("2", "number(1)", "link.number-2", False),
    ]
    assert [b.key for b in made] == list("123456789")
    assert [row_number(i) for i in (0, 8, 9, 40)] == ["1", "9", " ", " "]


def test_each_picker_takes_the_digits_under_its_own_ids():
    for screen, scope in ((DocLabelsPanel, "doc-labels"), (LinkPicker, "link")):
        ids = [b.id for b in declared(screen) if b.action.startswith("number(")]
        assert ids == [f"{scope}.number-{d}" for d in "123456789"], scope
