"""Routing: who gets which document, with overlap, leases, quota and order (every backend)."""

from __future__ import annotations

import threading
from collections import Counter

import pytest

from annotator.team.overlap import need, shuffle_rank
from annotator.team.settings import RoutingSettings
from annotator.team.store import NotInTeam, TeamStore

IDS = [f"doc-{n:02d}" for n in range(30)]
TEAM = ("amal", "omar", "lina")
LEASE = 600.0


def settings(**changes: object) -> RoutingSettings:
    values: dict[str, object] = {"annotators": TEAM, "overlap": 2, "lease_seconds": LEASE}
    values.update(changes)
    return RoutingSettings(**values)  # type: ignore[arg-type]


def drain(store: TeamStore, people: tuple[str, ...]) -> dict[str, list[str]]:
    """Every annotator in turn takes a document and accepts it, until none gets one."""
    got: dict[str, list[str]] = {p: [] for p in people}
    active = list(people)
    while active:
        for person in list(active):
            doc = store.claim_next(person)
            if doc is None:
                active.remove(person)
                continue
            got[person].append(doc)
            store.report(person, doc, "accepted", 30.0)
    return got


def test_three_annotators_overlap_two_interleaved_give_every_document_to_exactly_two(
    open_team, clock
):
    handles = {p: open_team(settings(), IDS) for p in TEAM}  # one handle each, as processes
    got: dict[str, list[str]] = {p: [] for p in TEAM}
    # An irregular interleaving: each round the order of the three changes, and some hold two.
    rounds = 0
    while True:
        order = [TEAM[(rounds + k) % 3] for k in (0, 2, 1)][: 1 + rounds % 3]
        handed = 0
        for person in order or TEAM:
            doc = handles[person].claim_next(person)
            if doc is None:
                continue
            handed += 1
            got[person].append(doc)
            handles[person].report(person, doc, "in_progress", 5.0)
            handles[person].report(person, doc, "accepted" if rounds % 4 else "flagged", 40.0)
        if handed == 0 and all(handles[p].claim_next(p) is None for p in TEAM):
            break
        rounds += 1
    counts = Counter(doc for docs in got.values() for doc in docs)
    assert set(counts) == set(IDS)
    assert set(counts.values()) == {2}
    for person, docs in got.items():
        assert len(docs) == len(set(docs)), f"{person} got a document twice"
    progress = handles["amal"].progress()
    assert progress.complete == 30
    assert progress.done_by == {2: 30}
    assert sum(a.done for a in progress.annotators) == 60


def test_an_annotator_never_gets_a_document_twice_even_after_giving_it_back(open_team):
    store = open_team(settings(overlap=1), IDS[:3])
    first = store.claim_next("amal")
    assert first == IDS[0]
    assert store.release("amal", first)
    assert store.claim_next("amal") == IDS[1]
    assert store.claim_next("omar") == IDS[0]  # given back: someone else gets it at once
    assert store.claim_next("amal") == IDS[2]
    assert store.claim_next("amal") is None


def test_a_touched_document_is_not_given_back_until_its_lease_lapses(open_team, clock):
    store = open_team(settings(overlap=1), IDS[:2])
    doc = store.claim_next("amal")
    assert doc is not None
    store.report("amal", doc, "in_progress", 3.0)
    assert not store.release("amal", doc)
    assert store.claim_next("omar") == IDS[1]
    assert store.claim_next("lina") is None
    clock.advance(LEASE + 1)
    assert store.claim_next("lina") == doc
    assert store.held("amal") == ()


def test_a_lease_lapses_after_idle_time_and_the_document_goes_to_the_third(open_team, clock):
    store = open_team(settings(), IDS[:1])
    assert store.claim_next("amal") == IDS[0]
    assert store.claim_next("omar") == IDS[0]
    store.report("omar", IDS[0], "in_progress", 2.0)
    assert store.claim_next("lina") is None  # two hold it: overlap met
    clock.advance(LEASE - 1)
    assert store.renew("amal", IDS[0])  # amal is still there
    clock.advance(2)
    assert store.claim_next("lina") == IDS[0]  # omar's lease lapsed, amal's was renewed
    assert not store.renew("omar", IDS[0])
    states = {w.annotator: w.state for w in store.work(IDS[0])}
    assert states == {"amal": "held", "omar": "lapsed", "lina": "held"}


def test_work_after_a_lapsed_lease_still_counts(open_team, clock):
    store = open_team(settings(overlap=1), IDS[:1])
    store.claim_next("amal")
    store.report("amal", IDS[0], "in_progress", 1.0)
    clock.advance(LEASE + 1)
    assert store.claim_next("omar") == IDS[0]
    store.report("amal", IDS[0], "accepted", 90.0)
    store.report("omar", IDS[0], "accepted", 60.0)
    assert store.progress().done_by == {2: 1}
    assert store.claim_next("lina") is None


def test_every_save_renews_the_lease(open_team, clock):
    store = open_team(settings(overlap=1), IDS[:1])
    store.claim_next("amal")
    for _ in range(3):
        clock.advance(LEASE - 1)
        store.report("amal", IDS[0], "in_progress", 1.0)
    assert store.held("amal") == (IDS[0],)
    assert store.claim_next("omar") is None


def test_overlap_all_sends_every_document_to_everyone(open_team):
    store = open_team(settings(overlap="all"), IDS[:5])
    got = drain(store, TEAM)
    assert all(sorted(docs) == IDS[:5] for docs in got.values())


def test_a_fractional_overlap_sends_a_seeded_share_to_a_second_annotator(open_team):
    ids = [f"d{n}" for n in range(200)]
    store = open_team(settings(overlap=1.25, seed=7), ids)
    got = drain(store, TEAM)
    counts = Counter(doc for docs in got.values() for doc in docs)
    twice = {d for d, n in counts.items() if n == 2}
    assert set(counts.values()) == {1, 2}
    assert twice == {d for d in ids if need(d, 1.25, 3, 7) == 2}
    assert 30 <= len(twice) <= 70  # a quarter of 200, give or take the draw


def test_a_quota_stops_an_annotator_and_the_rest_go_to_others(open_team):
    store = open_team(settings(overlap=1, quota={"amal": 2}), IDS[:6])
    got = drain(store, TEAM)
    assert len(got["amal"]) == 2
    assert sum(len(d) for d in got.values()) == 6


def test_removing_an_annotator_returns_their_unfinished_documents(open_team):
    store = open_team(settings(overlap=1), IDS[:3])
    a, b, c = (store.claim_next("amal") for _ in range(3))
    assert (a, b, c) == tuple(IDS[:3])
    store.report("amal", a, "accepted", 10.0)
    store.report("amal", b, "in_progress", 10.0)
    assert store.claim_next("omar") is None
    store.remove_annotator("amal")
    assert store.annotators() == ("omar", "lina")
    got = drain(store, ("omar", "lina"))
    assert sorted(got["omar"] + got["lina"]) == [b, c]
    with pytest.raises(NotInTeam):
        store.claim_next("amal")
    assert [(w.annotator, w.state) for w in store.work(a)] == [("amal", "done")]  # still counts


def test_a_new_annotator_in_the_settings_joins_on_open(open_team):
    open_team(settings(annotators=("amal",), overlap=1), IDS[:2])
    store = open_team(settings(annotators=("amal", "sara"), overlap=1), IDS[:2])
    assert store.annotators() == ("amal", "sara")
    assert store.claim_next("sara") == IDS[0]


def test_someone_outside_the_team_gets_nothing(open_team):
    store = open_team(settings(), IDS[:2])
    with pytest.raises(NotInTeam, match="nobody"):
        store.claim_next("nobody")


def test_documents_added_later_join_the_routing_in_corpus_order(open_team):
    store = open_team(settings(overlap=1), IDS[:2])
    assert store.add_documents([IDS[1], IDS[2], IDS[3]]) == 2
    assert store.documents() == tuple(IDS[:4])
    assert drain(store, ("amal",))["amal"] == IDS[:4]


def test_removed_documents_are_not_routed(open_team):
    store = open_team(settings(overlap=1), IDS[:3])
    store.remove_documents([IDS[0]])
    assert store.documents() == tuple(IDS[1:3])
    assert drain(store, ("amal",))["amal"] == IDS[1:3]


def test_shuffle_is_seeded(open_team):
    ids = [f"d{n}" for n in range(40)]
    store = open_team(settings(overlap=1, order="shuffle", seed=3), ids)
    order = drain(store, ("amal",))["amal"]
    # The place each id draws from the seed (the same on every backend and machine).
    assert order == sorted(ids, key=lambda i: shuffle_rank(i, 3))
    assert order != ids


def test_a_shuffle_is_the_same_for_everyone(open_team):
    ids = [f"d{n}" for n in range(20)]
    store = open_team(settings(overlap="all", order="shuffle", seed=11), ids)
    got = drain(store, TEAM)
    assert got["amal"] == got["omar"] == got["lina"]


def test_the_uncertainty_order_goes_by_priority_then_corpus_order(open_team):
    store = open_team(settings(overlap=1, order="uncertain"), IDS[:5])
    store.set_priority({IDS[3]: 0.9, IDS[1]: 0.2, IDS[4]: 0.9})
    assert drain(store, ("amal",))["amal"] == [IDS[3], IDS[4], IDS[1], IDS[0], IDS[2]]


def test_routed_to_lists_what_the_annotator_may_open(open_team, clock):
    store = open_team(settings(overlap=1), IDS[:4])
    a = store.claim_next("amal")
    b = store.claim_next("amal")
    assert a is not None and b is not None
    store.report("amal", a, "accepted", 1.0)
    store.release("amal", b)
    store.report("amal", IDS[3], "in_progress", 1.0)  # opened as a lead would: it counts
    assert store.routed_to("amal") == {a, b, IDS[3]}
    assert store.routed_to("omar") == frozenset()
    assert store.held("amal") == (IDS[3],)


def test_taking_a_decision_back_makes_the_document_unfinished_again(open_team):
    store = open_team(settings(overlap=1), IDS[:1])
    store.claim_next("amal")
    store.report("amal", IDS[0], "accepted", 5.0)
    assert store.review_queue() == (IDS[0],)
    store.report("amal", IDS[0], "in_progress", 6.0)
    assert store.review_queue() == ()
    assert store.held("amal") == (IDS[0],)
    assert store.progress().done_by == {0: 1}


def test_concurrent_claims_from_many_handles_never_overfill_a_document(open_team):
    ids = [f"d{n:03d}" for n in range(120)]
    people = tuple(f"p{n}" for n in range(6))
    handles = [open_team(settings(annotators=people), ids) for _ in people]
    got: dict[str, list[str]] = {p: [] for p in people}
    failures: list[BaseException] = []

    def work(person: str, store: TeamStore) -> None:
        try:
            while (doc := store.claim_next(person)) is not None:
                got[person].append(doc)
                store.report(person, doc, "accepted", 1.0)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [
        threading.Thread(target=work, args=(p, h)) for p, h in zip(people, handles, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    counts = Counter(doc for docs in got.values() for doc in docs)
    assert set(counts) == set(ids) and set(counts.values()) == {2}
    assert all(len(d) == len(set(d)) for d in got.values())
