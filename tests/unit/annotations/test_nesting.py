"""The nesting rule over a document's spans: what may overlap, what is a violation."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.annotations.labels import default_labels
from annotator.annotations.model import Span
from annotator.annotations.nesting import nesting_violations

LABELS = default_labels()
TEXT = "قال الجيش إن الطائرات قصفت البوكمال وقتلت 38 عنصرا"


def span(start: int, end: int, label: str) -> Span:
    return Span.of(TEXT, start, end, label)


def test_actor_site_and_count_inside_a_quote_are_allowed():
    quote = span(10, 50, "QUOTE")
    inside = [span(14, 22, "ACTOR"), span(28, 35, "SITE"), span(42, 50, "CASUALTY_COUNT")]
    assert nesting_violations([quote, *inside], LABELS) == []


def test_flat_spans_that_only_touch_are_not_overlaps():
    assert nesting_violations([span(0, 3, "ACTOR"), span(3, 9, "ACTOR")], LABELS) == []


def test_a_quote_inside_an_actor_is_a_violation_naming_both():
    outer, inner = span(4, 20, "ACTOR"), span(10, 15, "QUOTE")
    (violation,) = nesting_violations([inner, outer], LABELS)
    assert (violation.outer, violation.inner) == (outer, inner)
    assert str(violation).startswith("ACTOR [4, 20) and QUOTE [10, 15) overlap: the label set")


def test_same_label_overlap_is_never_allowed():
    (violation,) = nesting_violations([span(4, 9, "QUOTE"), span(4, 20, "QUOTE")], LABELS)
    assert "spans of one label never overlap" in violation.reason


def test_crossing_spans_are_a_violation_even_for_labels_that_may_nest():
    (violation,) = nesting_violations([span(0, 20, "QUOTE"), span(14, 30, "ACTOR")], LABELS)
    assert "they cross" in violation.reason


def test_spans_over_the_same_characters_nest_either_way_when_the_rule_allows():
    assert nesting_violations([span(4, 9, "QUOTE"), span(4, 9, "ACTOR")], LABELS) == []
    assert len(nesting_violations([span(4, 9, "SITE"), span(4, 9, "ACTOR")], LABELS)) == 1


def test_a_hostile_label_is_escaped_in_the_message():
    hostile = Span(0, 5, "T\x1b]0;PWNED\x07", TEXT[0:5])
    (violation,) = nesting_violations([hostile, span(2, 9, "ACTOR")], LABELS)
    assert "\x1b" not in str(violation) and "\x07" not in str(violation)


@st.composite
def span_lists(draw: st.DrawFn) -> list[Span]:
    items = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(TEXT) - 1),
                st.integers(1, 12),
                st.sampled_from(LABELS.names),
            ),
            max_size=8,
        )
    )
    return [span(s, min(s + n, len(TEXT)), label) for s, n, label in items]


def _allowed(a: Span, b: Span) -> bool:
    """The rule read literally, pair by pair: the reference the sweep must agree with."""
    if a.end <= b.start or b.end <= a.start:
        return True
    if a.label == b.label:
        return False
    a_in_b = b.start <= a.start and a.end <= b.end
    b_in_a = a.start <= b.start and b.end <= a.end
    return (a_in_b and LABELS.may_nest(a.label, b.label)) or (
        b_in_a and LABELS.may_nest(b.label, a.label)
    )


@given(span_lists())
def test_the_sweep_finds_exactly_the_pairs_the_rule_forbids(spans):
    expected = sum(not _allowed(a, b) for i, a in enumerate(spans) for b in spans[i + 1 :])
    assert len(nesting_violations(spans, LABELS)) == expected
