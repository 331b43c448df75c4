"""Cohen's kappa and Krippendorff's alpha: hand-computed cases, then scikit-learn and the
``krippendorff`` package on random annotations."""

import math
import warnings

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from annotator.agreement.alpha import nominal_alpha, units_of
from annotator.agreement.iob import iob_tags
from annotator.agreement.kappa import cohen_kappa, cohen_kappa_of
from annotator.annotations.model import Span
from annotator.text.tokenize import tokenize


def close(x, y):
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


# -- kappa by hand -------------------------------------------------------------------------


def test_kappa_by_hand():
    # pairs (O,O)x2 (B,B)x1 (I,O)x1: pₒ = 3/4, pₑ = (2·3 + 1·1)/16 = 7/16
    y1 = ["O", "B-A", "I-A", "O"]
    y2 = ["O", "B-A", "O", "O"]
    assert close(cohen_kappa_of(y1, y2), (3 / 4 - 7 / 16) / (1 - 7 / 16))
    assert close(cohen_kappa_of(y1, y2), 5 / 9)


def test_kappa_perfect_and_opposite():
    assert cohen_kappa_of(["O", "B-A"], ["O", "B-A"]) == 1.0
    # Never agreeing, each using both tags half the time: pₒ = 0, pₑ = 1/2
    assert close(cohen_kappa_of(["O", "B-A"], ["B-A", "O"]), -1.0)
    # One coder always O, the other never: pₑ = 0, kappa = 0
    assert cohen_kappa_of(["O", "O"], ["B-A", "B-A"]) == 0.0


def test_kappa_undefined_cases():
    # Both used the one same tag everywhere: pₑ = 1 (scikit-learn gives nan)
    assert cohen_kappa_of(["O"] * 5, ["O"] * 5) is None
    assert cohen_kappa({}) is None


# -- alpha by hand -------------------------------------------------------------------------


def test_alpha_by_hand_two_coders():
    # units (a,a) (a,b) (b,b): n = 6, Σ n_c² = 18, disagreement 2 → 1 - 5·2/18
    units = {("a", "a"): 1, ("a", "b"): 1, ("b", "b"): 1}
    assert close(nominal_alpha(units), 1 - 10 / 18)


def test_alpha_ignores_units_with_one_value():
    units = {("a", "a"): 1, ("a", "b"): 1, ("b", "b"): 1, ("a",): 5}
    assert close(nominal_alpha(units), 4 / 9)


def test_alpha_published_example_with_missing_values():
    # The three-coder nominal example of the krippendorff package (0.691 = 56/81), worked
    # by hand: 26 pairable values, 6 of disagreement, Σ n_c² = 49 + 16 + 100 + 25.
    units = units_of([])
    for column in [
        ("1",), ("2", "2"), ("1", "1"), ("3", "3"), ("3", "3", "4"), ("4", "4", "4"),
        ("1", "3"), ("2", "2"), ("1", "1"), ("1", "1"), ("3", "3"), ("3", "3"), ("3", "4"),
    ]:  # fmt: skip
        units[tuple(sorted(column))] += 1
    assert close(nominal_alpha(units), 1 - 25 * 6 / (26 * 26 - 190))
    assert close(nominal_alpha(units), 56 / 81)


def test_alpha_undefined_cases():
    assert nominal_alpha({("O", "O"): 10}) is None  # one value only: Dₑ = 0
    assert nominal_alpha({("O",): 3}) is None  # nothing pairable
    assert nominal_alpha({}) is None


def test_units_of_counts_token_columns():
    assert units_of([["O", "B-A", "O"], ["O", "O", "O"]]) == {("O", "O"): 2, ("B-A", "O"): 1}


# -- against the reference implementations ------------------------------------------------

TAGS = ["O", "B-ACTOR", "I-ACTOR", "B-SITE", "I-SITE"]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 40).flatmap(
        lambda n: st.tuples(
            st.lists(st.sampled_from(TAGS), min_size=n, max_size=n),
            st.lists(st.sampled_from(TAGS), min_size=n, max_size=n),
        )
    )
)
def test_kappa_matches_scikit_learn(pair):
    y1, y2 = pair
    mine = cohen_kappa_of(y1, y2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = cohen_kappa_score(y1, y2)
    if math.isnan(theirs):
        assert mine is None
    else:
        assert close(mine, theirs)


WORDS = "قال نتنياهو إن 38 عنصرا قتلوا في البوكمال، وأصيب نحو 50 آخرين في ديرالزور."

doc_spans = st.lists(
    st.tuples(st.integers(0, len(WORDS) - 1), st.integers(1, 20), st.sampled_from(["A", "B"])),
    max_size=5,
)


@st.composite
def annotated_corpus(draw):
    """2-4 coders over 1-4 copies of the sentence; a coder may be missing from a document."""
    coders = draw(st.integers(2, 4))
    docs = []
    for _ in range(draw(st.integers(1, 4))):
        present = draw(st.lists(st.booleans(), min_size=coders, max_size=coders))
        docs.append([draw(doc_spans) if here else None for here in present])
    return coders, docs


def tags_of(raw):
    spans = [Span.of(WORDS, s, min(s + n, len(WORDS)), label) for s, n, label in raw]
    return iob_tags(tokenize(WORDS), spans)


@settings(max_examples=150, deadline=None)
@given(annotated_corpus())
def test_alpha_matches_krippendorff_with_missing_documents(corpus):
    coders, docs = corpus
    width = len(tokenize(WORDS))
    values = {tag: i for i, tag in enumerate(["O", "B-A", "I-A", "B-B", "I-B"])}
    matrix = np.full((coders, width * len(docs)), np.nan)
    units = units_of([])
    for d, doc in enumerate(docs):
        columns = [tags_of(raw) for raw in doc if raw is not None]
        if columns:
            units.update(units_of(columns))
        for c, raw in enumerate(doc):
            if raw is not None:
                matrix[c, d * width : (d + 1) * width] = [values[t] for t in tags_of(raw)]
    mine = nominal_alpha(units)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # 0/0 when only one value is pairable: nan
            theirs = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    except ValueError:  # one value in the domain, or nothing pairable: undefined
        theirs = None
    if theirs is None or math.isnan(theirs):
        assert mine is None
    else:
        assert close(mine, theirs)
