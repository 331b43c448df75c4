"""Settling relations, attributes and document labels in review (issue 18): each version any
annotator made is a link candidate; accepting one rejects its rivals, cycling moves gold to
the next version, undo and redo cover it, gold names its spans by the gold spans' ids (the
first annotator's), and a link to a span not in gold is never written."""

import pytest

from annotator.agreement.sources import load_documents
from annotator.annotations.labels import default_labels
from annotator.session.editing import EditRefused
from annotator.session.review import ACCEPTED, PENDING, REJECTED, DocReview, build_reviews
from annotator.session.review_links import (
    AGREED,
    CONFLICT,
    PARTIAL,
    attribute_link,
    doc_label_link,
    relation_link,
)
from tests.review_fixtures import (
    ARMY,
    CAS_38,
    CAS_50,
    CORPUS,
    NETANYAHU_FULL,
    NETANYAHU_SHORT,
    QUOTE_1,
    QUOTE_2,
    QUOTE_3,
    TWO,
    relation_journals,
)

Q1_SPEAKER = relation_link("SPEAKER", QUOTE_1, NETANYAHU_FULL)
Q2_FULL = relation_link("SPEAKER", QUOTE_2, NETANYAHU_FULL)
Q2_SHORT = relation_link("SPEAKER", QUOTE_2, NETANYAHU_SHORT)
Q3_ARMY = relation_link("SPEAKER", QUOTE_3, ARMY)
C38_KILLED = attribute_link(CAS_38, "kind", "killed")
C50_KILLED = attribute_link(CAS_50, "kind", "killed")
C50_WOUNDED = attribute_link(CAS_50, "kind", "wounded")
AIRSTRIKE = doc_label_link("event=airstrike")
RELEVANT_NO = doc_label_link("relevant=no")
RELEVANT_YES = doc_label_link("relevant=yes")


@pytest.fixture
def review(tmp_path) -> DocReview:
    docs, problems = load_documents(CORPUS, relation_journals(tmp_path / "ann"), TWO)
    assert problems == []
    reviews, _ = build_reviews(docs, TWO, labels=default_labels())
    return reviews[0]


def test_every_version_is_a_candidate_with_its_state(review):
    assert [(link.key, link.annotators, link.state) for link in review.links] == [
        (Q1_SPEAKER, ("amal", "omar"), AGREED),
        (Q2_FULL, ("omar",), CONFLICT),  # the same quote's speaker: another tail
        (Q2_SHORT, ("amal",), CONFLICT),
        (Q3_ARMY, ("amal",), PARTIAL),
        (C38_KILLED, ("amal", "omar"), AGREED),
        (C50_KILLED, ("omar",), CONFLICT),
        (C50_WOUNDED, ("amal",), CONFLICT),
        (AIRSTRIKE, ("amal", "omar"), AGREED),
        (RELEVANT_NO, ("omar",), CONFLICT),  # relevant is single choice
        (RELEVANT_YES, ("amal",), CONFLICT),
    ]
    assert review.link_disagreements() == 7


def test_accepting_a_version_rejects_its_rivals_and_cycling_moves_gold(review):
    review.accept_agreed()  # the spans all agree on, then the links between them
    assert [k for k in review.link_decisions] == [Q1_SPEAKER, C38_KILLED, AIRSTRIKE]
    review.accept_link(Q2_SHORT)
    assert review.link_decision(Q2_FULL) == REJECTED
    assert review.cycle_link(C50_KILLED) == C50_KILLED  # nothing accepted: this one first
    assert review.cycle_link(C50_KILLED) == C50_WOUNDED
    assert (review.link_decision(C50_KILLED), review.link_decision(C50_WOUNDED)) == (
        REJECTED,
        ACCEPTED,
    )
    review.reject_link(RELEVANT_NO)
    review.accept_link(RELEVANT_YES)
    review.undo()
    assert review.link_decision(RELEVANT_YES) == PENDING
    review.redo()
    assert review.link_decision(RELEVANT_YES) == ACCEPTED
    with pytest.raises(EditRefused, match="already accepted"):
        review.accept_link(RELEVANT_YES)
    with pytest.raises(EditRefused, match="no other version"):
        review.cycle_link(Q1_SPEAKER)


def test_gold_names_the_gold_spans_and_keeps_the_first_annotators_ids(review):
    review.accept_agreed()
    review.accept_link(Q2_SHORT)
    review.accept_link(C50_WOUNDED)
    review.accept_link(RELEVANT_YES)
    gold = review.to_record("lina")
    ids = {span.key(): span.id for span in gold.spans}
    assert ids[QUOTE_1] == "amal.q1" and ids[NETANYAHU_SHORT] == "amal.short"
    assert [(r.id, r.type, r.head, r.tail) for r in gold.relations] == [
        ("amal.r0", "SPEAKER", "amal.q1", "amal.full"),
        ("amal.r1", "SPEAKER", "amal.q2", "amal.short"),
    ]
    assert gold.attributes == {"amal.c38": {"kind": "killed"}, "amal.c50": {"kind": "wounded"}}
    assert gold.doc_labels == ["event=airstrike", "relevant=yes"]
    assert gold.extra["rejected_links"] == [
        list(Q2_FULL.to_json()),
        list(C50_KILLED.to_json()),
        list(RELEVANT_NO.to_json()),
    ]
    # The same again on the next save: gold's ids do not move.
    assert review.to_record("lina").to_json()["relations"] == gold.to_json()["relations"]


def test_a_link_to_a_span_not_in_gold_is_refused_and_never_written(review):
    review.accept_agreed()
    with pytest.raises(EditRefused, match=r"ACTOR \[2635, 2651\) is not in gold yet"):
        review.accept_link(Q3_ARMY)
    review.reject(ARMY)
    with pytest.raises(EditRefused, match="can never be"):
        review.accept_link(Q3_ARMY)
    assert review.never_in_gold(Q3_ARMY)
    # Accepted while its end was in gold, then the end rejected: not written.
    review.accept_link(Q2_SHORT)
    review.reject(NETANYAHU_SHORT)
    relations = review.to_record("lina").relations
    assert [(r.head, r.tail) for r in relations] == [("amal.q1", "amal.full")]


def test_reopening_restores_every_link_decision(review, tmp_path):
    review.accept_agreed()
    review.accept_link(Q2_SHORT)
    review.reject_link(C50_KILLED)
    gold = review.to_record("lina")
    docs, _ = load_documents(CORPUS, tmp_path / "ann", TWO)
    reviews, problems = build_reviews(docs, TWO, {gold.id: gold}, default_labels())
    assert problems == []
    assert reviews[0].link_decisions == review.link_decisions
