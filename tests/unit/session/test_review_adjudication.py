"""Adjudication on the fixture journals (tests/fixtures/review/README.md): candidate states,
decisions, the gold record, and restoring a review from it."""

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.agreement.documents import DocAnnotations
from annotator.agreement.sources import load_documents
from annotator.annotations.model import DocRecord, Span
from annotator.session.editing import EditRefused
from annotator.session.review import (
    ACCEPTED,
    ADDED,
    AGREED,
    BOUNDARY_CONFLICT,
    LABEL_CONFLICT,
    PARTIAL,
    PENDING,
    REJECTED,
    DocReview,
    build_reviews,
    candidates_of,
    next_with_conflicts,
)
from tests.review_fixtures import (
    BASE,
    CAS_LONG,
    CAS_SHORT,
    DEIR,
    FIXTURES,
    FORCES,
    IRGC_ACTOR,
    IRGC_SITE,
    NETANYAHU,
    ROOT,
    SITE,
    TWO,
)


@pytest.fixture(scope="module")
def docs3():
    docs, problems = load_documents(ROOT / "corpora", FIXTURES, ["amal", "omar", "sami"])
    assert problems == []
    return docs


@pytest.fixture
def sample(docs3):
    return DocReview(docs3[0], TWO)


def test_candidate_states_for_two_annotators(sample):
    got = [(c.key(), c.annotators, c.state) for c in sample.candidates]
    assert got == [
        (FORCES, ("amal", "omar"), AGREED),
        (SITE, ("amal", "omar"), AGREED),
        (DEIR, ("omar",), PARTIAL),
        (IRGC_ACTOR, ("amal",), LABEL_CONFLICT),
        (IRGC_SITE, ("omar",), LABEL_CONFLICT),
        (CAS_SHORT, ("amal",), BOUNDARY_CONFLICT),
        (CAS_LONG, ("omar",), BOUNDARY_CONFLICT),
        (BASE, ("amal",), PARTIAL),
        (NETANYAHU, ("amal", "omar"), AGREED),
    ]
    assert sample.candidate(CAS_LONG).text == "38 عنصرا على الأقل"
    assert sample.remaining_conflicts() == 6
    assert sample.undecided() == 9


def test_with_three_annotators_agreed_means_all_three(docs3):
    review = DocReview(docs3[0], ["amal", "omar", "sami"])
    states = {c.key(): c.state for c in review.candidates}
    assert states[FORCES] == AGREED
    assert states[NETANYAHU] == PARTIAL  # sami did not mark it
    assert review.candidate(CAS_SHORT).annotators == ("amal", "sami")


def test_accepting_one_side_of_a_conflict_rejects_the_other(sample):
    sample.accept(IRGC_ACTOR)
    assert sample.decision(IRGC_ACTOR) == ACCEPTED
    assert sample.decision(IRGC_SITE) == REJECTED
    sample.accept(CAS_LONG)
    assert sample.decision(CAS_SHORT) == REJECTED
    assert sample.remaining_conflicts() == 2


def test_accept_all_agreed_then_reject_then_undecide(sample):
    assert sample.accept_agreed() == 3
    with pytest.raises(EditRefused, match="no agreed span is left undecided"):
        sample.accept_agreed()
    sample.reject(BASE)
    assert sample.decision(BASE) == REJECTED
    sample.undecide(BASE)
    assert sample.decision(BASE) == PENDING
    assert sample.remaining_conflicts() == 6


def test_edit_makes_the_reviewers_own_span_and_settles_the_conflict(sample):
    new = sample.edit(CAS_LONG, 1325, 1337, "CASUALTY_COUNT")
    assert new == (1325, 1337, "CASUALTY_COUNT")
    added = sample.candidate(new)
    assert (added.state, added.annotators, added.text) == (ADDED, (), "38 عنصرا على")
    assert sample.decision(CAS_LONG) == REJECTED
    assert sample.decision(CAS_SHORT) == REJECTED  # a pending rival of the accepted edit
    # editing the reviewer's own span again replaces it instead of rejecting it
    again = sample.edit(new, 1325, 1333, "CASUALTY_COUNT")
    assert again == CAS_SHORT
    assert sample.decision(CAS_SHORT) == ACCEPTED
    assert new not in {c.key() for c in sample.candidates}
    with pytest.raises(EditRefused, match="not a span"):
        sample.edit(CAS_SHORT, 5, 5, "SITE")


def test_relabel_by_edit_onto_an_existing_candidate(sample):
    assert sample.edit(IRGC_SITE, 1262, 1283, "ACTOR") == IRGC_ACTOR
    assert sample.decision(IRGC_ACTOR) == ACCEPTED
    assert sample.decision(IRGC_SITE) == REJECTED


def test_gold_record_exactly(sample):
    sample.accept_agreed()
    sample.accept(IRGC_ACTOR)
    sample.reject(DEIR)
    record = sample.to_record("lina", updated_at="2026-11-26T08:00:00+00:00")
    written = record.to_json()
    ids = [span["id"] for span in written["spans"]]  # new span ids, one each
    assert len(set(ids)) == 4
    assert written == {
        "v": 2,
        "id": "deir-ez-zor-strikes.txt",
        "text": sample.text,
        "text_hash": written["text_hash"],
        "length": len(sample.text),
        "spans": [
            {"id": ids[0], "start": 29, "end": 43, "label": "ACTOR", "text": "القوات الروسية",
             "annotators": ["amal", "omar"]},
            {"id": ids[1], "start": 81, "end": 89, "label": "SITE", "text": "البوكمال",
             "annotators": ["amal", "omar"]},
            {"id": ids[2], "start": 1262, "end": 1283, "label": "ACTOR",
             "text": "الحرس الثوري الإيراني", "annotators": ["amal"]},
            {"id": ids[3], "start": 2142, "end": 2149, "label": "ACTOR", "text": "نتنياهو",
             "annotators": ["amal", "omar"]},
        ],
        "status": "in_progress",
        "annotator": "lina",
        "updated_at": "2026-11-26T08:00:00+00:00",
        "seconds": 0.0,
        "reviewer": "lina",
        "annotators": ["amal", "omar"],
        "rejected": [[95, 103, "SITE"], [1262, 1283, "SITE"]],
    }  # fmt: skip
    sample.accept(CAS_SHORT)  # settles CAS_LONG too
    assert sample.undecided() == 1
    sample.accept(BASE)
    assert sample.undecided() == 0
    assert sample.to_record("lina").status == "accepted"


def test_review_is_restored_from_its_gold_record(docs3, sample):
    sample.accept_agreed()
    sample.reject(BASE)
    own = sample.edit(CAS_LONG, 1325, 1337, "CASUALTY_COUNT")
    line = orjson.dumps(sample.to_record("lina").to_json())
    gold = DocRecord.from_json(orjson.loads(line))
    reviews, problems = build_reviews(docs3, TWO, {gold.id: gold})
    assert problems == []
    again = reviews[0]
    assert again.decisions == sample.decisions
    assert again.candidate(own).state == ADDED
    assert [c.key() for c in again.candidates] == [c.key() for c in sample.candidates]


def test_gold_on_another_text_is_not_restored(docs3):
    stale = DocRecord("note-agreed", "نص مختلف", [])
    reviews, problems = build_reviews(docs3, TWO, {"note-agreed": stale})
    assert reviews[1].decisions == {}
    assert problems == [
        "the gold record of 'note-agreed' was made on a different text; its decisions "
        "are not restored (the new ones replace it)"
    ]


def test_threshold_auto_merge_with_three_annotators(docs3):
    review = DocReview(docs3[0], ["amal", "omar", "sami"])
    assert review.auto_merge(2) == 5  # FORCES, SITE (3); IRGC_ACTOR, CAS_SHORT, NETANYAHU (2)
    assert review.decision(IRGC_ACTOR) == ACCEPTED
    # the minority rivals stay for the reviewer, like the spans only one annotator marked
    assert {review.decision(k) for k in (IRGC_SITE, CAS_LONG, DEIR, BASE)} == {PENDING}
    assert review.remaining_conflicts() == 4


def test_conflict_counts_and_next_document_with_conflicts(docs3):
    reviews, _ = build_reviews(docs3, TWO)
    assert [r.remaining_conflicts() for r in reviews] == [6, 0, 1]
    assert next_with_conflicts(reviews, 0) == 2
    assert next_with_conflicts(reviews, 2) == 0
    assert next_with_conflicts(reviews, 1, step=-1) == 0
    reviews[2].accept((5, 20, "ACTOR"))
    assert next_with_conflicts(reviews, 0) is None


TEXT = "abcdefghijklmnopqrstuvwxyz"
raw_spans = st.lists(
    st.tuples(st.integers(0, 20), st.integers(1, 6), st.sampled_from(["A", "B"])), max_size=5
)


@settings(max_examples=150, deadline=None)
@given(st.lists(raw_spans, min_size=2, max_size=3))
def test_every_marked_span_is_exactly_one_candidate_and_states_are_consistent(per_annotator):
    names = [f"n{i}" for i in range(len(per_annotator))]
    spans = {
        name: tuple(sorted({Span.of(TEXT, s, s + n, lab) for s, n, lab in raw}))
        for name, raw in zip(names, per_annotator, strict=True)
    }
    candidates = candidates_of(DocAnnotations("d", TEXT, spans), names)
    keys = [c.key() for c in candidates]
    assert len(keys) == len(set(keys)) == len({s.key() for v in spans.values() for s in v})
    for c in candidates:
        assert (c.state == AGREED) == (len(c.annotators) == len(names))
        for name in names:
            assert (name in c.annotators) == any(s.key() == c.key() for s in spans[name])
    review = DocReview(DocAnnotations("d", TEXT, spans), names)
    if any(c.state == AGREED for c in candidates):
        review.accept_agreed()
    assert review.remaining_conflicts() == sum(c.state != AGREED for c in candidates)


def test_add_a_reviewers_span_and_take_it_back_by_snapshot(sample):
    before = sample.snapshot()
    key = sample.add(1433, 1445, "CASUALTY_COUNT")
    assert sample.candidate(key).text == "نحو 50 آخرين"
    assert sample.candidate(key).state == ADDED
    assert sample.add(*SITE) == SITE and sample.decision(SITE) == ACCEPTED
    sample.restore(before)
    assert sample.decisions == {}
    assert key not in {c.key() for c in sample.candidates}
    assert not sample.history.can_undo
    with pytest.raises(EditRefused, match="not a span"):
        sample.add(0, len(sample.text) + 1, "SITE")
