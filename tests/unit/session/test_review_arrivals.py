"""Work that arrives while a review is open (a team's server, ``ReviewSetup.take_arrived``): the
documents it is about are compared again with the reviewer's decisions kept from gold, a
document nobody had a record of joins the review, the queue goes first, and the reviewer stays
on the document they were on."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.session.review import ACCEPTED, AGREED, LABEL_CONFLICT, ReviewSetup, open_review
from annotator.store.journal import Journal, journal_path
from annotator.team.postgres.reviewing import Arrived

TEXTS = {
    "n1": "قصفت الطائرات البوكمال.",
    "n2": "قال المرصد إن 12 مدنيا قتلوا في دير الزور.",
    "n3": "وصلت القوات إلى الميادين صباح اليوم.",
}


def record(doc_id: str, word: str, label: str, annotator: str) -> DocRecord:
    text = TEXTS[doc_id]
    start = text.index(word)
    return DocRecord(
        id=doc_id,
        text=text,
        spans=[Span.of(text, start, start + len(word), label)],
        status="accepted",
        annotator=annotator,
    )


def opened(tmp_path: Path) -> ReviewSetup:
    """amal and omar agree on n1 and differ on n2; nobody has touched n3."""
    corpus = tmp_path / "news.jsonl"
    corpus.write_bytes(
        b"".join(orjson.dumps({"id": k, "text": v}) + b"\n" for k, v in TEXTS.items())
    )
    ann = tmp_path / "ann"
    for name, n2_label in (("amal", "SITE"), ("omar", "ACTOR")):
        with Journal.open(journal_path(ann, name)) as journal:
            journal.append(record("n1", "البوكمال", "SITE", name))
            journal.append(record("n2", "دير الزور", n2_label, name))
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
                    "amal": record("n1", "البوكمال", "SITE", "amal"),
                    "omar": record("n1", "البوكمال", "ACTOR", "omar"),
                },
                "n3": {"amal": record("n3", "الميادين", "SITE", "amal")},
            },
            queue=("n1", "n2"),
            seen=7,
        )
        index, problems = setup.take_arrived(arrived, current=1)
        assert problems == []
        assert [r.doc_id for r in setup.reviews] == ["n1", "n2", "n3"]
        assert setup.reviews[index] is n2  # untouched: the same review, where it was
        n1 = setup.reviews[0]
        assert [(c.label, c.annotators, c.state) for c in n1.candidates] == [
            ("ACTOR", ("omar",), LABEL_CONFLICT),
            ("SITE", ("amal",), LABEL_CONFLICT),
        ]
        assert [v.annotator for v in setup.verdicts["n3"]] == ["amal"]
        assert (setup.queue, setup.seen) == (("n1", "n2"), 7)
        # n2 arrives again (omar re-saved it as it was): its decision comes back from gold.
        again = Arrived(
            {
                "n2": {
                    n: record("n2", "دير الزور", lbl, n)
                    for n, lbl in (("amal", "SITE"), ("omar", "ACTOR"))
                }
            },
            queue=("n2",),
            seen=8,
        )
        index, _ = setup.take_arrived(again, current=index)
        assert [r.doc_id for r in setup.reviews] == ["n2", "n1", "n3"]
        assert index == 0
        rebuilt = setup.reviews[0]
        assert rebuilt is not n2
        assert rebuilt.decision(n2.candidates[0].key()) == ACCEPTED
        assert all(c.state != AGREED for c in rebuilt.candidates)
    finally:
        setup.journal.close()
