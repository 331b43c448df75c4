"""Changes go from the local journal to the server once each, in the server's order; the same
annotator on two machines: the later arrival wins, the other stays in the history, reported."""

from __future__ import annotations

import threading
from pathlib import Path

import orjson
import psycopg
import pytest

from annotator.problems import UserError
from annotator.store.journal import Journal, load_journal
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.outbox import load_state, waiting
from annotator.team.postgres.people import add_person
from annotator.team.postgres.records import send, take
from tests.three_documents import TEXTS, labelled


def changes(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT change, doc_id FROM annotator.changes ORDER BY seq").fetchall()
    return [(str(c), str(d)) for c, d in rows]


def test_every_line_is_sent_once_even_when_sent_again(server: str, tmp_path: Path) -> None:
    path = tmp_path / "laptop" / "amal.jsonl"
    with Journal.open(path) as journal:
        journal.append(labelled("n1", "البوكمال"))
        journal.append(labelled("n2", "دير الزور"))
        journal.append(labelled("n1", "الطائرات", "ACTOR"))
    written = [orjson.loads(line)["change"] for line in path.read_bytes().splitlines()]
    state = load_state(path)
    assert waiting(path, state) == 3
    with psycopg.connect(server) as conn:
        first = send(conn, path, state)
        assert (first.stored, first.known) == (3, 0)
        assert waiting(path, state) == 0
        # The acknowledgement lost (the place forgotten): everything goes again, stored once.
        state.offset = 0
        again = send(conn, path, state)
        assert (again.stored, again.known) == (0, 3)
    assert [c for c, _ in changes(server)] == written
    with psycopg.connect(server) as conn:
        heads = conn.execute(
            "SELECT doc_id, record->'spans'->0->>'label', record->>'annotator' "
            "FROM annotator.heads ORDER BY doc_id"
        ).fetchall()
    assert heads == [("n1", "ACTOR", "amal"), ("n2", "SITE", "amal")]


def test_only_new_lines_go_after_the_first_send(server: str, tmp_path: Path) -> None:
    path = tmp_path / "amal.jsonl"
    with Journal.open(path) as journal, psycopg.connect(server) as conn:
        journal.append(labelled("n1", "البوكمال"))
        state = load_state(path)
        send(conn, path, state)
        journal.append(labelled("n3", "الميادين"))
        assert waiting(path, state) == 1
        assert send(conn, path, state).stored == 1
    assert [d for _, d in changes(server)] == ["n1", "n3"]


def test_the_same_annotator_on_two_machines_later_arrival_wins_and_the_other_is_kept(
    server: str, tmp_path: Path
) -> None:
    laptop, desktop = tmp_path / "laptop" / "amal.jsonl", tmp_path / "desktop" / "amal.jsonl"
    # Both offline, both edit n1; the desktop's edit is made later but arrives first.
    with Journal.open(laptop) as journal:
        journal.append(labelled("n1", "البوكمال"))
    with Journal.open(desktop) as journal:
        journal.append(labelled("n1", "الطائرات", "ACTOR"))
    with psycopg.connect(server) as conn:
        assert send(conn, desktop, load_state(desktop)).conflicts == []
        late = send(conn, laptop, load_state(laptop))
    assert len(late.conflicts) == 1 and late.conflicts[0].startswith("n1: changed on two machines")
    with psycopg.connect(server) as conn:
        head = conn.execute("SELECT record->'spans'->0->>'label' FROM annotator.heads").fetchall()
        history = conn.execute("SELECT count(*) FROM annotator.changes").fetchone()
        reported = conn.execute("SELECT doc_id FROM annotator.conflicts").fetchall()
    assert head == [("SITE",)]  # the laptop's, which arrived later
    assert history == (2,) and reported == [("n1",)]
    # The desktop takes the winner back into its journal; nothing is lost or sent twice.
    with Journal.open(desktop) as journal, psycopg.connect(server) as conn:
        state = load_state(desktop)
        assert take(conn, journal, state) == ["n1"]
        assert journal.records["n1"].spans[0].label == "SITE"
        assert send(conn, desktop, state).stored == 0
        # Its own edit after taking the winner is no conflict: it had seen it.
        journal.append(labelled("n1", "البوكمال", status="accepted"))
        assert send(conn, desktop, state).conflicts == []
    assert len(load_journal(desktop).records) == 1


def test_a_drifted_record_keeps_the_text_it_was_made_on(server: str, tmp_path: Path) -> None:
    path = tmp_path / "amal.jsonl"
    old = labelled("n1", "البوكمال")
    old.text = "خبر قديم عن البوكمال."
    old.spans = []
    with Journal.open(path) as journal, psycopg.connect(server) as conn:
        journal.append(old)
        journal.append(old)  # leaves its text out: the server finds it on the first line
        state = load_state(path)
        send(conn, path, state)
        texts = conn.execute("SELECT text FROM annotator.heads").fetchall()
    assert texts == [("خبر قديم عن البوكمال.",)]
    assert TEXTS["n1"] != old.text


def test_a_newer_schema_is_refused_and_an_older_one_asks_for_migrate(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        with pytest.raises(UserError, match="db init"):
            schema.check_current(conn)
        assert schema.migrate(conn, until=1) == [f"schema 1: {schema.MIGRATIONS[0][1]}"]
        with pytest.raises(UserError, match="run `annotator db migrate`"):
            schema.check_current(conn)
        assert schema.migrate(conn) == [
            f"schema {version}: {what}" for version, what, _ in schema.MIGRATIONS[1:]
        ]
        assert schema.migrate(conn) == []
        schema.check_current(conn)
        conn.execute("UPDATE annotator.schema_version SET version = %s", (schema.LATEST + 1,))
        conn.commit()
        with pytest.raises(UserError, match="newer than this annotator knows"):
            schema.check_current(conn)
        with pytest.raises(UserError, match="upgrade annotator"):
            schema.migrate(conn)


def as_person(url: str, name: str) -> str:
    """The URL for ``name``'s own role (the test cluster trusts its socket)."""
    return url.replace("postgresql://postgres@", f"postgresql://{name}@", 1)


def test_each_person_writes_only_their_own_records_and_only_a_lead_writes_gold(
    server: str, tmp_path: Path
) -> None:
    with connect(server) as conn:
        add_person(conn, "amal")
        add_person(conn, "lina", lead=True)
    mine = tmp_path / "amal.jsonl"
    with Journal.open(mine) as journal:
        journal.append(labelled("n1", "البوكمال"))
    with connect(as_person(server, "amal")) as conn:
        assert conn.execute("SELECT session_user").fetchone() == ("amal",)
        assert send(conn, mine, load_state(mine)).stored == 1
    # amal's records sent under omar's name, or as gold: the server refuses both.
    for name in ("omar", "gold"):
        other = tmp_path / name / f"{name}.jsonl"
        with Journal.open(other) as journal:
            journal.append(labelled("n2", "دير الزور", annotator="amal"))
        with (
            connect(as_person(server, "amal")) as conn,
            pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"),
        ):
            send(conn, other, load_state(other))
    gold = tmp_path / "gold" / "gold.jsonl"
    with connect(as_person(server, "lina")) as conn:
        assert send(conn, gold, load_state(gold)).stored == 1
        # Everyone reads what progress and training need.
        journals = conn.execute("SELECT journal FROM annotator.heads ORDER BY journal").fetchall()
    assert journals == [("amal",), ("gold",)]


def test_two_sessions_adding_the_same_person_at_once_both_succeed(server: str) -> None:
    """Roles belong to the cluster: two leads (or two projects' servers on one cluster)
    adding the same person at once meet on the role's row; the later one tries again."""
    failures: list[BaseException] = []
    go = threading.Barrier(2)

    def add(rounds: int) -> None:
        with connect(server) as conn:
            for n in range(rounds):
                go.wait()
                try:
                    add_person(conn, f"racer{n}", lead=True)
                except BaseException as exc:
                    failures.append(exc)

    workers = [threading.Thread(target=add, args=(15,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    with psycopg.connect(server) as conn:
        made = conn.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'racer%'").fetchone()
    assert made == (15,)
