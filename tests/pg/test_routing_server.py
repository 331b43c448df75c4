"""Routing on the server beyond the contract: work that arrives after its lease lapsed still
counts, and a lead hears progress move without asking."""

from __future__ import annotations

from pathlib import Path

from annotator.store.journal import Journal
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.outbox import load_state
from annotator.team.postgres.records import send
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.settings import RoutingSettings
from tests.three_documents import labelled

TEAM = RoutingSettings(annotators=("amal", "omar"), overlap=1, lease_seconds=100.0)


def test_work_sent_after_its_lease_lapsed_offline_still_arrives_and_counts(
    pg_url: str, tmp_path: Path
) -> None:
    with connect(pg_url) as conn:
        schema.migrate(conn)
    now = [1000.0]
    team = PostgresTeamStore.open(pg_url, tmp_path / "lead", TEAM, ["n1", "n2"], lambda: now[0])
    assert team.claim_next("amal") == "n1"
    # amal goes offline: her changes are on her disk only.
    laptop = tmp_path / "laptop" / "amal.jsonl"
    with Journal.open(laptop) as journal:
        journal.append(labelled("n1", "البوكمال", status="accepted"))
    now[0] += 101  # her lease lapses; n1 goes to omar, who finishes it
    assert team.claim_next("omar") == "n1"
    team.report("omar", "n1", "accepted", 30.0)
    assert team.progress().done_by == {1: 1, 0: 1}
    with connect(pg_url) as conn:  # amal is back
        assert send(conn, laptop, load_state(laptop), now[0]).stored == 1
    progress = team.progress()
    assert progress.done_by == {2: 1, 0: 1}  # overlap 1, and n1 ends with 2 annotators
    assert [w.annotator for w in team.work("n1")] == ["amal", "omar"]
    team.close()


def test_a_lead_hears_progress_move_without_asking(
    pg_url: str, tmp_path: Path, wait_for, lead_hears: list[str | None]
) -> None:
    team = PostgresTeamStore.open(pg_url, tmp_path / "amal", TEAM, ["n1", "n2"])
    assert team.claim_next("amal") == "n1"
    wait_for(lambda: "n1" in lead_hears, "the claim of n1 to be heard")
    team.write(labelled("n1", "البوكمال", status="accepted"))
    wait_for(lambda: lead_hears.count("n1") >= 2, "amal's accept to be heard")
    team.close()
