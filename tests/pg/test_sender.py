"""The app's sender: a lead hears what it delivers (its notifications leave from a thread of
their own, not in the way of the next change), and stopping it sends a change written while
the last send was on its way."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import psycopg

from annotator.store.journal import Journal, journal_path
from annotator.team.postgres.routing import PostgresTeamStore
from annotator.team.postgres.sender import Sender
from annotator.team.settings import RoutingSettings
from tests.three_documents import labelled

TEAM = RoutingSettings(annotators=("amal", "omar"), overlap=1, lease_seconds=100.0)


def on_server(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT change FROM annotator.changes ORDER BY seq").fetchall()
    return [str(r[0]) for r in rows]


def test_a_lead_hears_a_change_the_sender_delivers(
    pg_url: str, tmp_path: Path, wait_for, lead_hears: list[str | None]
) -> None:
    team = PostgresTeamStore.open(pg_url, tmp_path / "amal", TEAM, ["n1", "n2"])
    assert team.claim_next("amal") == "n1"
    team.close()
    wait_for(lambda: "n1" in lead_hears, "the claim of n1 to be heard")
    path = journal_path(tmp_path / "laptop", "amal")
    with Journal.open(path) as journal:
        journal.append(labelled("n1", "البوكمال", status="accepted"))
        sender = Sender(pg_url, path)
        sender.start()
        wait_for(lambda: lead_hears.count("n1") >= 2, "amal's accept to be heard")
        assert sender.stop().line() == ""


def test_a_change_written_while_a_send_is_on_its_way_is_sent_before_stop_returns(
    server: str, tmp_path: Path
) -> None:
    path = journal_path(tmp_path, "amal")
    journal = Journal.open(path)
    journal.append(labelled("n1", "البوكمال"))
    sender = Sender(server, path)
    stopper = threading.Thread(target=sender.stop, kwargs={"timeout": 60.0})

    def arrived(_acknowledged: int) -> None:
        # The first send has reached the server and not returned yet: a key writes the next
        # change, and the app closes (its sender is asked to stop) at once.
        if stopper.ident is None:
            journal.append(labelled("n2", "المرصد"))
            stopper.start()
            while not sender._stopping:  # asked for, not done yet
                time.sleep(0.001)

    sender.on_arrived = arrived
    sender.start()
    while stopper.ident is None:
        time.sleep(0.01)
    stopper.join()
    journal.close()
    assert sender.status.line() == ""
    assert len(on_server(server)) == 2
