"""`annotator db` and `annotator sync` as a lead and an annotator type them."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from annotator import cli
from annotator.store.journal import Journal, load_journal
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.local import open_locally
from annotator.team.postgres.outbox import load_state
from annotator.team.postgres.project import put_corpus
from annotator.team.postgres.records import send
from annotator.text.corpus import open_corpus
from tests.pg.conftest import make_corpus
from tests.pg_cluster import Cluster
from tests.three_documents import labelled


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    make_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    argv = ["init", "proj", "--corpus", "corpus", "--annotators", "amal,omar", "--leads", "lina"]
    assert cli.main([*argv, "--overlap", "2"]) == 0
    monkeypatch.chdir(tmp_path / "proj")
    return tmp_path / "proj"


def test_db_init_puts_the_project_on_the_server_and_sync_sends_a_journal(
    project: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ANNOTATOR_STORE", pg_url)
    capsys.readouterr()
    assert cli.main(["db", "init"]) == 0
    said = capsys.readouterr().out
    assert "3 document(s) (3 new, 0 changed); team: amal, omar; leads: lina" in said
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM annotator.documents").fetchone() == (3,)
        team = conn.execute("SELECT name FROM annotator.team ORDER BY position").fetchall()
        assert team == [("amal",), ("omar",)]
        overlap = conn.execute(
            "SELECT value->'overlap' FROM annotator.settings WHERE key = 'routing'"
        ).fetchone()
        assert overlap == (2,)
    assert cli.main(["db", "init"]) == 0  # again: nothing new
    assert "(0 new, 0 changed)" in capsys.readouterr().out
    with Journal.open(project / "annotations" / "amal.jsonl") as journal:
        journal.append(labelled("n1", "البوكمال", status="accepted"))
    assert cli.main(["sync", "--annotator", "amal"]) == 0
    assert "1 change(s) sent (0 already there)" in capsys.readouterr().out
    with Journal.open(project / "annotations" / "gold.jsonl") as gold:
        gold.append(labelled("n1", "البوكمال", annotator="lina", status="accepted"))
    assert cli.main(["sync", "--gold"]) == 0  # the lead's review, onto the server
    assert "1 change(s) sent (0 already there)" in capsys.readouterr().out
    with psycopg.connect(pg_url) as conn:
        gold_heads = conn.execute(
            "SELECT doc_id, status FROM annotator.heads WHERE journal = 'gold'"
        ).fetchall()
        assert gold_heads == [("n1", "accepted")]
        reviewed = conn.execute(
            "SELECT reviewed_by FROM annotator.routing WHERE doc_id = 'n1'"
        ).fetchone()
        assert reviewed == ("lina",)  # out of the review queue
    assert cli.main(["db", "pull", "--out", str(project.parent / "backup")]) == 0
    assert (project.parent / "backup" / "amal.jsonl").exists()
    assert cli.main(["db", "add-person", "omar"]) == 0
    assert "omar may log in as omar, an annotator" in capsys.readouterr().out
    assert cli.main(["db", "migrate"]) == 0
    assert f"schema {schema.LATEST} is current" in capsys.readouterr().out


def test_a_url_holding_a_password_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["db", "migrate", "--store", "postgresql://amal:s3cret@db/annotation"]) == 2
    said = capsys.readouterr().err
    assert "--store: it holds a password" in said and "s3cret" not in said


def test_sync_without_the_server_says_what_waits_and_keeps_it(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Journal.open(project / "annotations" / "amal.jsonl") as journal:
        journal.append(labelled("n1", "البوكمال"))
        journal.append(labelled("n2", "دير الزور"))
    nowhere = f"postgresql://amal@/annotation?host={tmp_path / 'no-server'}"
    assert cli.main(["sync", "--annotator", "amal", "--store", nowhere]) == 2
    said = capsys.readouterr().err
    assert "cannot reach the server" in said and "2 change(s) wait in" in said


def test_a_server_newer_than_the_program_is_refused(
    project: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn)
        conn.execute("UPDATE annotator.schema_version SET version = version + 1")
    assert cli.main(["sync", "--annotator", "amal", "--store", pg_url]) == 2
    assert "newer than this annotator knows" in capsys.readouterr().err


def test_a_machine_with_only_the_url_and_a_name_gets_the_project_from_the_server(
    private_cluster: Cluster, tmp_path: Path
) -> None:
    url = private_cluster.url()
    with connect(url) as conn:
        schema.migrate(conn)
        put_corpus(conn, open_corpus(make_corpus(tmp_path / "lead").path))
    laptop = tmp_path / "laptop" / "amal.jsonl"  # amal's work on her laptop, sent earlier
    with Journal.open(laptop) as journal, connect(url) as conn:
        journal.append(labelled("n2", "دير الزور", status="accepted"))
        send(conn, laptop, load_state(laptop))
    corpus, annotations, said = open_locally(url, "amal")
    assert list(open_corpus(corpus).ids) == ["n1", "n2", "n3"]
    assert load_journal(annotations / "amal.jsonl").records["n2"].status == "accepted"
    assert said == ["1 document(s) you changed on another machine, from the server"]
    private_cluster.stop("immediate")
    again, _, said = open_locally(url, "amal")  # offline: this machine's copy
    assert again == corpus and "working on this machine's copy" in said[0]


def test_init_store_writes_the_url_and_refuses_one_holding_a_password(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_corpus(tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    team = ["--corpus", "corpus", "--annotators", "amal", "--leads", "lina"]
    secret = "postgresql://lina:s3cret@db/annotation"
    assert cli.main(["init", "leaky", *team, "--store", secret]) == 2
    assert not (tmp_path / "leaky").exists() and "s3cret" not in capsys.readouterr().err
    assert cli.main(["init", "proj", *team, "--store", pg_url]) == 0
    monkeypatch.chdir(tmp_path / "proj")
    assert cli.main(["db", "init"]) == 0  # the URL from annotator.toml
    assert "3 document(s) (3 new, 0 changed)" in capsys.readouterr().out
