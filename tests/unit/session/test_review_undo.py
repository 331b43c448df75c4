"""Undo and redo of review decisions live in the document's review (no UI): one step per
decision, refusals change nothing, and a decision gold could not take is taken back."""

import orjson
import pytest

from annotator.agreement.sources import load_documents
from annotator.problems import UserError
from annotator.session.editing import EditRefused
from annotator.session.review import (
    ACCEPTED,
    PENDING,
    REJECTED,
    DocReview,
    open_review,
)
from tests.review_fixtures import (
    BASE,
    CAS_LONG,
    CAS_SHORT,
    FIXTURES,
    FORCES,
    IRGC_ACTOR,
    IRGC_SITE,
    ROOT,
    SITE,
    TWO,
)


@pytest.fixture
def sample():
    docs, problems = load_documents(ROOT / "corpora", FIXTURES, TWO)
    assert problems == []
    return DocReview(docs[0], TWO)


def test_undo_takes_back_a_decision_with_the_rivals_it_settled(sample):
    sample.accept(IRGC_ACTOR)
    assert sample.decision(IRGC_SITE) == REJECTED
    sample.undo()
    assert sample.decision(IRGC_ACTOR) == PENDING
    assert sample.decision(IRGC_SITE) == PENDING
    sample.redo()
    assert sample.decision(IRGC_ACTOR) == ACCEPTED
    assert sample.decision(IRGC_SITE) == REJECTED


def test_undo_of_an_edit_removes_the_reviewers_own_span(sample):
    own = sample.edit(BASE, 1478, 1490, "SITE")
    assert sample.decision(BASE) == REJECTED
    sample.undo()
    assert own not in {c.key() for c in sample.candidates}
    assert sample.decision(BASE) == PENDING
    sample.redo()
    assert sample.decision(own) == ACCEPTED
    assert sample.candidate(own).text == "قاعدة الإمام"


def test_accept_all_agreed_is_one_step(sample):
    sample.accept_agreed()
    assert sample.decision(FORCES) == sample.decision(SITE) == ACCEPTED
    sample.undo()
    assert sample.decisions == {}


def test_a_new_decision_clears_what_could_be_redone(sample):
    sample.reject(BASE)
    sample.undo()
    assert sample.history.can_redo
    sample.accept(FORCES)
    assert not sample.history.can_redo
    with pytest.raises(EditRefused, match="nothing to redo"):
        sample.redo()


def test_refused_decisions_change_nothing_and_take_no_undo_step(sample):
    with pytest.raises(EditRefused, match="nothing to undo"):
        sample.undo()
    sample.accept(FORCES)
    before = sample.snapshot()
    with pytest.raises(EditRefused, match=r"ACTOR \[29, 43\) is already accepted"):
        sample.accept(FORCES)
    with pytest.raises(EditRefused, match="is not decided"):
        sample.undecide(BASE)
    with pytest.raises(EditRefused, match="no longer a candidate"):
        sample.reject((1, 2, "SITE"))
    with pytest.raises(EditRefused, match="not a span"):
        sample.add(10, 10, "SITE")
    assert sample.snapshot() == before
    sample.undo()
    assert not sample.history.can_undo


def test_a_decision_gold_cannot_take_is_taken_back_with_its_history(tmp_path):
    setup = open_review(
        ROOT / "corpora", TWO, reviewer="lina", annotations=FIXTURES, gold=tmp_path / "gold.jsonl"
    ).finish()
    review = setup.reviews[0]
    setup.decide(review, lambda r: r.accept(FORCES))
    setup.journal.close()
    with pytest.raises(UserError):
        setup.decide(review, lambda r: r.reject(BASE))
    assert review.decision(BASE) == PENDING
    assert review.history.can_undo and not review.history.can_redo
    lines = [orjson.loads(x) for x in (tmp_path / "gold.jsonl").read_bytes().splitlines()]
    assert [[s["start"] for s in line["spans"]] for line in lines] == [[29]]


def test_undo_and_redo_are_written_to_gold_like_any_decision(tmp_path):
    setup = open_review(
        ROOT / "corpora", TWO, reviewer="lina", annotations=FIXTURES, gold=tmp_path / "gold.jsonl"
    ).finish()
    try:
        review = setup.reviews[0]
        setup.decide(review, lambda r: r.accept(CAS_LONG))
        setup.decide(review, DocReview.undo)
        setup.decide(review, DocReview.redo)
    finally:
        setup.journal.close()
    lines = [orjson.loads(x) for x in (tmp_path / "gold.jsonl").read_bytes().splitlines()]
    assert [line["rejected"] for line in lines] == [[list(CAS_SHORT)], [], [list(CAS_SHORT)]]
