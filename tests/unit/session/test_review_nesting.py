"""Gold keeps the nesting rule (issue 14, item 12): accepting a rival boundary replaces the
accepted one, editing a rejected rival does not add a third span, and neither a decision nor
"accept all agreed" makes gold overlap against the label set's rule."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.documents import DocAnnotations
from annotator.agreement.sources import load_documents
from annotator.annotations.labels import Label, LabelSet, default_labels
from annotator.annotations.model import Span
from annotator.annotations.nesting import nesting_violations
from annotator.session.editing import EditRefused
from annotator.session.review import ACCEPTED, PENDING, REJECTED, DocReview
from tests.review_fixtures import CAS_LONG, CAS_SHORT, FIXTURES, IRGC_ACTOR, IRGC_SITE, ROOT, TWO

# «قال الوزير: "قصفت القوات الروسية حلب"» — a quote both annotators marked, with an actor and
# a site inside it; amal's ACTOR also runs out of the quote.
TEXT = 'قال الوزير: "قصفت القوات الروسية حلب" اليوم'
QUOTE = (TEXT.index('"') + 1, TEXT.rindex('"'), "QUOTE")
FORCES = (TEXT.index("القوات"), TEXT.index("القوات") + len("القوات الروسية"), "ACTOR")
ALEPPO = (TEXT.index("حلب"), TEXT.index("حلب") + 3, "SITE")
CROSSING = (TEXT.index("حلب"), TEXT.index("اليوم") + 5, "ACTOR")

FLAT = LabelSet([Label(label.name, label.key, label.color) for label in default_labels()])


def gold_is_sound(review: DocReview) -> bool:
    return nesting_violations(review.gold_spans(), review.labels) == []


@pytest.fixture
def sample():
    docs, _ = load_documents(ROOT / "corpora", FIXTURES, TWO)
    return DocReview(docs[0], TWO)


def quote_doc(amal: list[tuple[int, int, str]], omar: list[tuple[int, int, str]]):
    spans = {
        "amal": tuple(Span.of(TEXT, *key) for key in amal),
        "omar": tuple(Span.of(TEXT, *key) for key in omar),
    }
    return DocAnnotations("quote", TEXT, spans)


def test_accepting_the_rejected_rival_boundary_replaces_the_accepted_one(sample):
    sample.accept(CAS_LONG)
    assert sample.decision(CAS_SHORT) == REJECTED
    sample.accept(CAS_SHORT)  # Tab back to the rejected rival, `a`
    assert sample.decision(CAS_SHORT) == ACCEPTED
    assert sample.decision(CAS_LONG) == REJECTED
    assert [s.key() for s in sample.gold_spans() if s.label == "CASUALTY_COUNT"] == [CAS_SHORT]


def test_accepting_the_other_label_of_a_range_replaces_the_first(sample):
    sample.accept(IRGC_ACTOR)
    sample.accept(IRGC_SITE)
    assert (sample.decision(IRGC_ACTOR), sample.decision(IRGC_SITE)) == (REJECTED, ACCEPTED)
    sample.undo()
    assert (sample.decision(IRGC_ACTOR), sample.decision(IRGC_SITE)) == (ACCEPTED, REJECTED)


def test_editing_a_rejected_rival_replaces_the_accepted_span_instead_of_adding_a_third(sample):
    sample.accept(CAS_LONG)
    own = sample.edit(CAS_SHORT, 1325, 1337, "CASUALTY_COUNT")
    counts = [s.key() for s in sample.gold_spans() if s.label == "CASUALTY_COUNT"]
    assert counts == [own]
    assert sample.decision(CAS_LONG) == sample.decision(CAS_SHORT) == REJECTED
    assert gold_is_sound(sample)


def test_accepting_a_span_that_crosses_an_accepted_one_is_refused_and_says_why():
    review = DocReview(quote_doc([QUOTE, CROSSING], [QUOTE]), TWO)
    review.accept(QUOTE)
    with pytest.raises(EditRefused, match="they cross"):
        review.accept(CROSSING)
    with pytest.raises(EditRefused, match="they cross"):
        review.add(CROSSING[0], CROSSING[1], "SITE")
    assert review.decision(CROSSING) == PENDING and not review.history.can_redo
    assert [s.key() for s in review.gold_spans()] == [QUOTE]


def test_accept_all_agreed_keeps_an_actor_inside_a_quote_the_label_set_allows():
    review = DocReview(quote_doc([QUOTE, FORCES, ALEPPO], [QUOTE, FORCES, ALEPPO]), TWO)
    assert review.accept_agreed() == 3
    assert gold_is_sound(review)


def test_accept_all_agreed_leaves_what_a_flat_label_set_forbids_undecided():
    doc = quote_doc([QUOTE, FORCES, ALEPPO], [QUOTE, FORCES, ALEPPO])
    review = DocReview(doc, TWO, labels=FLAT)
    assert review.accept_agreed() == 1  # the quote, first in reading order
    assert review.decision(QUOTE) == ACCEPTED
    assert review.agreed_left() == 2
    with pytest.raises(EditRefused, match="overlap accepted spans against the nesting rule"):
        review.accept_agreed()
    with pytest.raises(EditRefused, match="does not let ACTOR sit inside QUOTE"):
        review.accept(FORCES)
    assert gold_is_sound(review)


def test_the_threshold_merge_keeps_the_nesting_rule_too():
    review = DocReview(quote_doc([QUOTE, FORCES], [QUOTE, CROSSING]), TWO, labels=FLAT)
    assert review.auto_merge(1) == 1
    assert [s.key() for s in review.gold_spans()] == [QUOTE]


TEXT26 = "abcdefghijklmnopqrstuvwxyz"
LABELS = ["ACTOR", "QUOTE"]
raw_spans = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 6), st.sampled_from(LABELS)), max_size=5
)
operations = st.lists(
    st.tuples(
        st.sampled_from(["accept", "reject", "undecide", "edit", "add", "agreed", "undo"]),
        st.integers(0, 30),
        st.integers(0, 25),
        st.integers(1, 8),
        st.sampled_from(LABELS),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(raw_spans, min_size=2, max_size=2), operations)
def test_no_sequence_of_decisions_makes_gold_break_the_nesting_rule(per_annotator, ops):
    spans = {
        name: tuple(sorted({Span.of(TEXT26, s, min(s + n, 26), lab) for s, n, lab in raw}))
        for name, raw in zip(TWO, per_annotator, strict=True)
    }
    review = DocReview(DocAnnotations("d", TEXT26, spans), TWO)
    for op, pick, start, length, label in ops:
        keys = [c.key() for c in review.candidates]
        key = keys[pick % len(keys)] if keys else None
        end = min(start + length, 26)
        try:
            if op == "agreed":
                review.accept_agreed()
            elif op == "undo":
                review.undo()
            elif op == "add":
                review.add(start, end, label)
            elif key is None:
                continue
            elif op == "edit":
                review.edit(key, start, end, label)
            else:
                getattr(review, op)(key)
        except EditRefused:
            pass
        assert gold_is_sound(review)
