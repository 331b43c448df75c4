"""Relation F1, attribute and document-label agreement, checked against figures worked out
by hand on two small documents (the working is in the comments)."""

from dataclasses import replace

import pytest

from annotator.agreement.links import LinkReport, relation_counts, relation_overlap_counts
from annotator.annotations.labels import default_labels
from annotator.session.editing import DocumentSession

LABELS = default_labels()
ONE = "قال نتنياهو: سنرد. وقال الجيش: قصفنا. قتل 5 وجرح 3 في البوكمال"
TWO = "قتل 7 وفقد 2"


def build(text, spans, relations=(), kinds=(), doc_labels=()):
    """A record from (words, label) spans, (type, head words, tail words) relations,
    (words, kind) attributes and (name, value) document labels."""
    s = DocumentSession("d", text, LABELS.names, schema=LABELS)
    made = {}
    for words, label in spans:
        start = text.index(words)
        made[words] = s.add(start, start + len(words), label)
    for kind, head, tail in relations:
        s.link(made[head], made[tail], kind)
    for words, value in kinds:
        s.set_attribute(made[words], "kind", value)
    for name, value in doc_labels:
        s.toggle_doc_label(name, value)
    return s.record("x")


SPANS = [("نتنياهو", "ACTOR"), ("سنرد", "QUOTE"), ("الجيش", "ACTOR"), ("3", "CASUALTY_COUNT"),
         ("البوكمال", "SITE")]  # fmt: skip
A1 = build(
    ONE,
    [*SPANS, ("قصفنا", "QUOTE"), ("5", "CASUALTY_COUNT")],
    [("SPEAKER", "سنرد", "نتنياهو"), ("SPEAKER", "قصفنا", "الجيش"),
     ("LOCATION", "5", "البوكمال"), ("LOCATION", "3", "البوكمال")],
    [("5", "killed"), ("3", "wounded")],
    [("relevant", "yes"), ("event", "airstrike")],
)  # fmt: skip
B1 = build(
    ONE,
    [*SPANS, ("قصفنا.", "QUOTE"), ("قتل 5", "CASUALTY_COUNT")],
    [("SPEAKER", "سنرد", "نتنياهو"), ("SPEAKER", "قصفنا.", "الجيش"),
     ("LOCATION", "قتل 5", "البوكمال"), ("AFFECTED", "3", "الجيش")],
    [("قتل 5", "killed"), ("3", "killed")],
    [("relevant", "yes"), ("event", "airstrike"), ("event", "clash")],
)  # fmt: skip
TWO_SPANS = [("7", "CASUALTY_COUNT"), ("2", "CASUALTY_COUNT")]
A2 = build(
    TWO, TWO_SPANS, kinds=[("7", "killed"), ("2", "missing")], doc_labels=[("relevant", "no")]
)
B2 = build(
    TWO, TWO_SPANS, kinds=[("7", "killed"), ("2", "missing")], doc_labels=[("relevant", "no")]
)


def f1s(counts):
    return {kind: (c.tp, c.fp, c.fn, c.f1) for kind, c in counts.items()}


def test_relation_f1_exact():
    # SPEAKER: سنرد→نتنياهو in both (tp); A's قصفنا and B's قصفنا. differ (fn, fp): 2/(2+1+1).
    # LOCATION: A's 5 and 3 (fn 2), B's قتل 5 (fp 1): 0. AFFECTED: only B's (fp 1): 0.
    assert f1s(relation_counts(A1, B1)) == {
        "SPEAKER": (1, 1, 1, 0.5),
        "LOCATION": (0, 1, 2, 0.0),
        "AFFECTED": (0, 1, 0, 0.0),
    }


def test_relation_f1_under_overlap_matching_of_the_ends():
    # قصفنا overlaps قصفنا. and the speakers are the same: SPEAKER 2 tp, F1 1.
    # 5 overlaps قتل 5 with the same site: LOCATION tp 1, A's 3 unmatched: 2/(2+0+1) = 2/3.
    assert f1s(relation_overlap_counts(A1, B1)) == {
        "SPEAKER": (2, 0, 0, 1.0),
        "LOCATION": (1, 0, 1, pytest.approx(2 / 3)),
        "AFFECTED": (0, 1, 0, 0.0),
    }


@pytest.fixture(scope="module")
def report():
    report = LinkReport(("a", "b"))
    report.add("one", {"a": A1, "b": B1})
    report.add("two", {"a": A2, "b": B2})
    return report


def test_attribute_kappa_and_alpha_per_name(report):
    # Items: spans both marked exactly with a kind set: 3 (wounded | killed), 7 (killed |
    # killed), 2 (missing | missing); 5 and قتل 5 were marked by one annotator each.
    kind = report.attributes["kind"]
    assert sorted(tuple(v.values()) for v in kind.items.values()) == [
        ("killed", "killed"), ("missing", "missing"), ("wounded", "killed")
    ]  # fmt: skip
    # kappa: n = 3, 1 disagreement; a's rows w1 k1 m1, b's columns k2 m1:
    # 1 - n·d / (n² - Σ row·col) = 1 - 3·1 / (9 - (1·2 + 1·1)) = 1 - 3/6 = 0.5.
    assert kind.kappa("a", "b") == pytest.approx(0.5)
    # alpha: n = 6 values, k3 w1 m2; observed Σ (m² - Σ n_c²)/(m - 1) = (4-2) + 0 + 0 = 2;
    # expected n² - Σ n_c² = 36 - (9 + 1 + 4) = 22; alpha = 1 - (n-1)·2/22 = 1 - 10/22.
    assert kind.alpha() == pytest.approx(12 / 22)


def test_document_label_kappa_and_alpha_per_name(report):
    # relevant (single choice): one: yes | yes, two: no | no: kappa = alpha = 1.
    relevant = report.doc_labels["relevant"]
    assert relevant.kappa("a", "b") == pytest.approx(1.0)
    assert relevant.alpha() == pytest.approx(1.0)
    # event (b chose two values in one): items one=airstrike yes | yes, one=clash no | yes.
    # kappa: n 2, d 1, rows y1 n1, cols y2: 1 - 2·1/(4 - 2) = 0.
    # alpha: n 4, y3 n1, observed 2, expected 16 - 10 = 6: 1 - 3·2/6 = 0.
    event = report.doc_labels["event"]
    assert sorted(event.items) == ["one=airstrike", "one=clash"]
    assert event.kappa("a", "b") == pytest.approx(0.0)
    assert event.alpha() == pytest.approx(0.0)


def test_the_report_sums_relation_counts_over_documents_and_writes_json(report):
    found = report.to_json()
    (pair,) = found["relations"]
    assert pair["per_type"]["SPEAKER"]["exact"]["f1"] == 0.5
    assert pair["per_type"]["SPEAKER"]["overlap"]["f1"] == 1.0
    assert found["attributes"]["kind"]["kappa"] == [{"a": "a", "b": "b", "kappa": 0.5}]
    assert found["doc_labels"]["relevant"]["alpha"] == 1.0


def test_the_agreement_report_and_its_text_carry_the_link_figures():
    from annotator.agreement.documents import collect_documents
    from annotator.agreement.render import render_text
    from annotator.agreement.report import agreement_report

    journals = {
        "a": {"one": replace(A1, id="one"), "two": replace(A2, id="two")},
        "b": {"one": replace(B1, id="one"), "two": replace(B2, id="two")},
    }
    docs, problems = collect_documents(["a", "b"], journals)
    assert problems == []
    report = agreement_report(docs, ["a", "b"])
    found = report.to_json()
    assert found["relations"][0]["per_type"]["LOCATION"]["overlap"]["f1"] == pytest.approx(2 / 3)
    assert found["attributes"]["kind"]["alpha"] == pytest.approx(12 / 22)
    text = render_text(report)
    assert "  a / b  exact    SPEAKER    1   1   1      0.500   0.500  0.500" in text
    assert "  a / b  overlap  LOCATION   1   0   1      1.000   0.500  0.667" in text
    assert "  kind      3      0.500  0.545" in text
    assert "  relevant      2      1.000  1.000" in text
