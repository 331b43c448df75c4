"""Work that arrives while a review is open (a team's server, ``ReviewSetup.take_arrived``): the
documents it is about are compared again in place, keeping the reviewer's decisions and undo
history, a document nobody had a record of joins the review, the queue goes first, the
reviewer stays on the document they were on, and the news says who changed what."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.session.review import (
    ACCEPTED,
    AGREED,
    LABEL_CONFLICT,
    DocReview,
    ReviewSetup,
    open_review,
)
from annotator.store.journal import Journal, journal_path
from annotator.team.postgres.reviewing import Arrived
from tests.three_documents import TEXTS, labelled


def opened(tmp_path: Path) -> ReviewSetup:
    """amal and omar agree on n1 and differ on n2; nobody has touched n3."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_bytes(
        b"".join(orjson.dumps({"id": k, "text": v}) + b"\n" for k, v in TEXTS.items())
    )
    ann = tmp_path / "ann"
    for name, n2_label in (("amal", "SITE"), ("omar", "ACTOR")):
        with Journal.open(journal_path(ann, name)) as journal:
            journal.append(labelled("n1", "البوكمال", "SITE", name, "accepted"))
            journal.append(labelled("n2", "دير الزور", n2_label, name, "accepted"))
    opening = open_review(
        corpus, ["amal", "omar"], reviewer="lina", annotations=ann, gold=ann / "gold.jsonl"
    )
    setup = opening.finish()
    assert setup is not None
    return setup


def test_arrivals_are_compared_again_new_documents_join_and_the_queue_goes_first(
    tmp_path: Path,
) -> None:
    setup = opened(tmp_path)
    try:
        n2 = setup.reviews[1]
        setup.decide(n2, lambda r: r.accept(n2.candidates[0].key()))  # ACTOR into gold
        # omar changes his mind on n1 (a rival for amal's SITE); amal starts n3.
        arrived = Arrived(
            records={
                "n1": {
                    "amal": labelled("n1", "البوكمال", "SITE", "amal", "accepted"),
                    "omar": labelled("n1", "البوكمال", "ACTOR", "omar", "accepted"),
                },
                "n3": {"amal": labelled("n3", "الميادين", "SITE", "amal", "accepted")},
            },
            queue=("n1", "n2"),
            seen=7,
        )
        taken = setup.take_arrived(arrived, current=1)
        index = taken.index
        assert taken.problems == []
        assert taken.changed == {"n1", "n3"}
        assert taken.news == [
            "omar saved n1: 1 span added, 1 span taken away",
            "amal submitted n3: 1 span added",
        ]
        assert [r.doc_id for r in setup.reviews] == ["n1", "n2", "n3"]
        assert setup.reviews[index] is n2  # untouched: the same review, where it was
        n1 = setup.reviews[0]
        assert [(c.label, c.annotators, c.state) for c in n1.candidates] == [
            ("ACTOR", ("omar",), LABEL_CONFLICT),
            ("SITE", ("amal",), LABEL_CONFLICT),
        ]
        assert [v.annotator for v in setup.verdicts["n3"]] == ["amal"]
        assert (setup.queue, setup.seen) == (("n1", "n2"), 7)
        # n2 arrives again (omar re-saved it as it was): the same review, its decision and
        # its undo step kept, and nothing to tell.
        again = Arrived(
            {
                "n2": {
                    n: labelled("n2", "دير الزور", lbl, n, "accepted")
                    for n, lbl in (("amal", "SITE"), ("omar", "ACTOR"))
                }
            },
            queue=("n2",),
            seen=8,
        )
        taken = setup.take_arrived(again, current=index)
        assert [r.doc_id for r in setup.reviews] == ["n2", "n1", "n3"]
        assert (taken.index, taken.news) == (0, [])
        assert setup.reviews[0] is n2
        assert n2.decision(n2.candidates[0].key()) == ACCEPTED
        assert n2.history.steps == 1
        assert all(c.state != AGREED for c in n2.candidates)
    finally:
        setup.journal.close()


def spans(doc_id: str, annotator: str, *marks: tuple[str, str]) -> DocRecord:
    text = TEXTS[doc_id]
    found = [Span.of(text, text.index(w), text.index(w) + len(w), label) for w, label in marks]
    return DocRecord(id=doc_id, text=text, spans=found, status="accepted", annotator=annotator)


def test_work_that_moves_under_the_open_document_keeps_every_decision_and_the_undo_steps(
    tmp_path: Path,
) -> None:
    setup = opened(tmp_path)
    try:
        n2 = setup.reviews[1]
        actor, site = (c.key() for c in n2.candidates)  # omar's ACTOR, amal's SITE
        setup.decide(n2, lambda r: r.accept(actor))  # amal's SITE rejected as its rival
        said = TEXTS["n2"].index("المرصد")
        own = setup.decide(n2, lambda r: r.add(said, said + len("المرصد"), "ACTOR"))
        # omar now marks what amal marked, and the reviewer's own span; not his ACTOR.
        arrived = Arrived(
            {
                "n2": {
                    "amal": spans("n2", "amal", ("دير الزور", "SITE")),
                    "omar": spans("n2", "omar", ("دير الزور", "SITE"), ("المرصد", "ACTOR")),
                }
            },
            queue=(),
            seen=9,
        )
        taken = setup.take_arrived(arrived, current=1)
        assert setup.reviews[taken.index] is n2
        assert taken.news == ["omar saved n2: 2 spans added, 1 span taken away"]
        # The accepted ACTOR nobody marks any more stays in gold, as the reviewer's own; the
        # rejection stands though SITE is agreed now; the reviewer's span is omar's too.
        assert [(c.key(), c.annotators, c.state, n2.decision(c.key())) for c in n2.candidates] == [
            (own, ("omar",), "partial", ACCEPTED),
            (actor, (), "added", ACCEPTED),
            (site, ("amal", "omar"), AGREED, "rejected"),
        ]
        setup.decide(n2, DocReview.undo)  # the reviewer's acceptance of their span
        assert [(c.key(), n2.decision(c.key())) for c in n2.candidates] == [
            (own, "pending"),
            (actor, ACCEPTED),
            (site, "rejected"),
        ]
        setup.decide(n2, DocReview.undo)  # back before any decision: omar's ACTOR is gone
        assert [(c.key(), n2.decision(c.key())) for c in n2.candidates] == [
            (own, "pending"),
            (site, "pending"),
        ]
        setup.decide(n2, DocReview.redo)
        setup.decide(n2, DocReview.redo)
        assert [s.key() for s in n2.gold_spans()] == [own, actor]
        gold = [orjson.loads(line) for line in setup.journal.path.read_bytes().splitlines()]
        assert [[(s["start"], s["label"]) for s in g["spans"]] for g in gold] == [
            [(actor[0], "ACTOR")],
            [(own[0], "ACTOR"), (actor[0], "ACTOR")],
            [(actor[0], "ACTOR")],
            [],
            [(actor[0], "ACTOR")],
            [(own[0], "ACTOR"), (actor[0], "ACTOR")],
        ]
    finally:
        setup.journal.close()
