"""Progress, the review queue and the records a team shares (every backend)."""

from __future__ import annotations

from annotator.annotations.model import DocRecord, Span
from annotator.team.settings import RoutingSettings

IDS = [f"doc-{n}" for n in range(6)]
TEAM = ("amal", "omar", "lina")


def settings(**changes: object) -> RoutingSettings:
    values: dict[str, object] = {"annotators": TEAM, "overlap": 2, "lease_seconds": 100.0}
    values.update(changes)
    return RoutingSettings(**values)  # type: ignore[arg-type]


def test_progress_counts_documents_by_how_many_finished_them(open_team, clock):
    store = open_team(settings(quota={"lina": 5}), IDS)
    assert store.claim_next("amal") == IDS[0]
    store.report("amal", IDS[0], "accepted", 60.0)
    assert store.claim_next("omar") == IDS[0]
    store.report("omar", IDS[0], "flagged", 120.0)
    assert store.claim_next("amal") == IDS[1]
    store.report("amal", IDS[1], "accepted", 180.0)
    assert store.claim_next("omar") == IDS[1]  # held, not finished
    assert store.claim_next("lina") == IDS[2]
    store.report("lina", IDS[2], "in_progress", 10.0)
    p = store.progress()
    assert (p.documents, p.complete, p.in_progress, p.not_started) == (6, 1, 2, 3)
    assert p.done_by == {2: 1, 1: 1, 0: 4}
    by_name = {a.name: a for a in p.annotators}
    assert [a.name for a in p.annotators] == list(TEAM)
    amal, omar, lina = by_name["amal"], by_name["omar"], by_name["lina"]
    assert (amal.done, amal.in_progress, amal.median_seconds) == (2, 0, 120.0)
    assert amal.per_hour == 3600 * 2 / 240
    assert (omar.done, omar.in_progress, omar.median_seconds) == (1, 1, 120.0)
    assert (lina.done, lina.in_progress, lina.median_seconds, lina.per_hour) == (0, 1, None, None)
    assert (amal.quota, lina.quota) == (None, 5)
    assert (p.ready_for_review, p.reviews_done) == (1, 0)
    clock.advance(101)  # every lease lapses; omar's untouched document is not started again
    p = store.progress()
    assert (p.complete, p.in_progress, p.not_started) == (1, 2, 3)
    assert sum(a.in_progress for a in p.annotators) == 0


def test_a_document_is_ready_for_review_once_its_overlap_is_met(open_team, clock):
    store = open_team(settings(), IDS[:3])
    for person in ("amal", "omar"):
        for _ in range(2):
            doc = store.claim_next(person)
            assert doc is not None
    store.report("amal", IDS[1], "accepted", 1.0)
    clock.advance(1)
    store.report("omar", IDS[1], "accepted", 1.0)
    assert store.review_queue() == (IDS[1],)
    clock.advance(1)
    store.report("omar", IDS[0], "accepted", 1.0)
    store.report("amal", IDS[0], "flagged", 1.0)
    assert store.review_queue() == (IDS[1], IDS[0])  # the order they became ready
    store.mark_reviewed("lina", IDS[1])
    assert store.review_queue() == (IDS[0],)
    p = store.progress()
    assert (p.ready_for_review, p.reviews_done) == (1, 1)


def test_work_shows_each_annotators_part(open_team):
    store = open_team(settings(), IDS[:1])
    store.claim_next("amal")
    store.claim_next("omar")
    store.report("amal", IDS[0], "flagged", 12.5)
    (amal, omar) = store.work(IDS[0])
    assert (amal.annotator, amal.state, amal.status, amal.touched, amal.seconds) == (
        "amal", "done", "flagged", True, 12.5
    )  # fmt: skip
    assert (omar.annotator, omar.state, omar.status, omar.touched) == (
        "omar", "held", "new", False
    )  # fmt: skip


def record(annotator: str, doc_id: str, status: str, change: str = "") -> DocRecord:
    text = "قال الناطق إن ثلاثة قتلوا"
    return DocRecord(
        doc_id,
        text,
        [Span.of(text, 0, 3, "QUOTE")],
        status=status,
        annotator=annotator,
        seconds=42.0,
        note="check the count" if status == "flagged" else "",
        change=change,
    )


def test_a_written_record_is_kept_once_and_reported(open_team):
    store = open_team(settings(), IDS[:2])
    doc = store.claim_next("amal")
    assert doc is not None
    assert store.write(record("amal", doc, "flagged", change="c0ffee01"))
    assert not store.write(record("amal", doc, "flagged", change="c0ffee01"))
    kept = store.records("amal")[doc]
    assert (kept.status, kept.note, kept.spans[0].text) == ("flagged", "check the count", "قال")
    assert store.work(doc)[0].state == "done"
    other = open_team(settings(), IDS[:2])  # what another process reads
    assert other.records("amal")[doc].note == "check the count"
    assert dict(other.records("omar")) == {}


def test_a_gold_record_goes_to_gold_and_once_accepted_takes_the_document_off_the_queue(
    open_team,
):
    store = open_team(settings(overlap=1), IDS[:2])
    for doc in IDS[:2]:
        assert store.claim_next("amal") == doc
        store.report("amal", doc, "accepted", 1.0)
    assert store.review_queue() == tuple(IDS[:2])
    gold = record("lina", IDS[0], "in_progress")
    gold.extra["reviewer"] = "lina"
    assert store.write(gold)
    assert store.review_queue() == tuple(IDS[:2])  # not finished yet
    done = record("lina", IDS[0], "accepted")
    done.extra["reviewer"] = "lina"
    store.write(done)
    assert store.review_queue() == (IDS[1],)
    assert store.records("gold")[IDS[0]].status == "accepted"
    assert dict(store.records("lina")) == {}
    assert store.progress().done_by == {1: 2}  # the reviewer is not one more annotator
