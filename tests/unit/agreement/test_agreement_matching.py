"""Span matching: exact and overlap counts, the greedy one-to-one rule, label confusions."""

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.matching import (
    Counts,
    exact_counts,
    label_confusions,
    overlap_counts,
    overlap_matches,
    total,
)
from annotator.annotations.model import Span

TEXT = "abcdefghijklmnopqrstuvwxyz" * 2


def span(start, end, label="ACTOR"):
    return Span.of(TEXT, start, end, label)


def test_counts_figures_by_hand():
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == 3 / 4
    assert c.recall == 3 / 5
    assert c.f1 == 6 / 9
    assert c + Counts(1, 1, 1) == Counts(4, 2, 3)


def test_counts_undefined_when_nothing_to_compare():
    assert Counts().f1 is None
    assert Counts().precision is None
    only_fp = Counts(fp=2)
    assert only_fp.precision == 0.0
    assert only_fp.recall is None
    assert only_fp.f1 == 0.0


def test_exact_counts_per_label():
    a = [span(0, 3), span(5, 8, "SITE"), span(10, 12)]
    b = [span(0, 3), span(5, 9, "SITE"), span(10, 12, "SITE")]
    got = exact_counts(a, b)
    assert got == {"ACTOR": Counts(1, 0, 1), "SITE": Counts(0, 2, 1)}
    assert total(got) == Counts(1, 2, 2)


def test_overlap_needs_same_label_and_shared_characters():
    a = [span(0, 3), span(5, 8, "SITE")]
    b = [span(3, 6), span(6, 9, "SITE")]  # touches a[0] at 3 without sharing a character
    assert overlap_counts(a, b) == {"ACTOR": Counts(0, 1, 1), "SITE": Counts(1, 0, 0)}


def test_overlap_is_one_to_one_greedy_by_largest_overlap():
    # b's long span overlaps a[0] by 2 and a[1] by 4: it goes to a[1]; a[0] stays unmatched
    # even though it also overlaps.
    a = [span(0, 4), span(6, 10)]
    b = [span(2, 10)]
    assert overlap_matches(a, b) == [(span(6, 10), span(2, 10))]
    assert overlap_counts(a, b) == {"ACTOR": Counts(1, 0, 1)}


def test_overlap_ties_go_to_the_earlier_span():
    a = [span(0, 4), span(4, 8)]
    b = [span(2, 6)]  # shares 2 characters with each
    assert overlap_matches(a, b) == [(span(0, 4), span(2, 6))]


def test_label_confusions_pair_leftover_labels_in_name_order():
    a = [span(0, 3, "SITE"), span(5, 8, "ACTOR"), span(5, 8, "SITE"), span(10, 12, "QUOTE")]
    b = [span(0, 3, "ACTOR"), span(5, 8, "QUOTE"), span(10, 12, "QUOTE"), span(14, 16)]
    assert label_confusions(a, b) == {("SITE", "ACTOR"): 1, ("ACTOR", "QUOTE"): 1}


spans_strategy = st.lists(
    st.builds(
        lambda s, n, label: span(s, s + n, label),
        st.integers(0, 40),
        st.integers(1, 8),
        st.sampled_from(["ACTOR", "SITE"]),
    ),
    max_size=8,
    unique_by=lambda s: s.key(),
)


@settings(max_examples=150, deadline=None)
@given(spans_strategy, spans_strategy)
def test_swapping_the_pair_swaps_fp_and_fn(a, b):
    for count in (exact_counts, overlap_counts):
        forward, backward = total(count(a, b)), total(count(b, a))
        assert (forward.tp, forward.fp, forward.fn) == (backward.tp, backward.fn, backward.fp)


@settings(max_examples=150, deadline=None)
@given(spans_strategy, spans_strategy)
def test_overlap_matching_is_one_to_one_and_at_least_exact(a, b):
    pairs = overlap_matches(a, b)
    assert len({x for x, _ in pairs}) == len(pairs) == len({y for _, y in pairs})
    for x, y in pairs:
        assert x.label == y.label and min(x.end, y.end) > max(x.start, y.start)
    assert total(overlap_counts(a, b)).tp >= total(exact_counts(a, b)).tp
    assert total(exact_counts(a, a)) == Counts(len(a), 0, 0)


three_labels = st.lists(
    st.builds(
        lambda s, n, label: span(s, s + n, label),
        st.integers(0, 12),
        st.integers(1, 3),
        st.sampled_from(["ACTOR", "SITE", "QUOTE"]),
    ),
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(three_labels, three_labels)
def test_counts_and_confusions_are_what_their_definitions_give_range_by_range(a, b):
    # Each figure from its definition, one range or label at a time (the functions take
    # shortcuts through set differences that must not change a count).
    keys_a, keys_b = {s.key() for s in a}, {s.key() for s in b}
    for label, counts in exact_counts(a, b).items():
        mine = {k for k in keys_a if k[2] == label}
        theirs = {k for k in keys_b if k[2] == label}
        assert counts == Counts(len(mine & theirs), len(theirs - mine), len(mine - theirs))
    assert set(exact_counts(a, b)) == {k[2] for k in keys_a | keys_b}
    matched = overlap_matches(a, b)
    for label, counts in overlap_counts(a, b).items():
        tp = sum(x.label == label for x, _ in matched)
        in_a, in_b = sum(s.label == label for s in a), sum(s.label == label for s in b)
        assert counts == Counts(tp, in_b - tp, in_a - tp)
    expected: dict[tuple[str, str], int] = {}
    for start, end in {(s.start, s.end) for s in a} & {(s.start, s.end) for s in b}:
        labels_a = {s.label for s in a if (s.start, s.end) == (start, end)}
        labels_b = {s.label for s in b if (s.start, s.end) == (start, end)}
        for pair in zip(sorted(labels_a - labels_b), sorted(labels_b - labels_a), strict=False):
            expected[pair] = expected.get(pair, 0) + 1
    assert label_confusions(a, b) == expected
