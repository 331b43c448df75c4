"""The test run's PostgreSQL: a real server, a fresh database for every test."""

from __future__ import annotations

import psycopg

from tests.pg_cluster import Cluster


def test_each_test_has_a_fresh_database_on_a_real_server(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert conn.info.server_version >= 130000
        tables = conn.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE left_behind (x int)")


def test_a_table_made_by_another_test_is_not_there(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        found = conn.execute("SELECT to_regclass('left_behind')").fetchone()
        assert found == (None,)


def test_a_private_cluster_stops_and_starts_again(private_cluster: Cluster) -> None:
    with psycopg.connect(private_cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE TABLE kept (x int)")
        conn.execute("INSERT INTO kept VALUES (7)")
    private_cluster.stop("immediate")
    assert not private_cluster.running()
    private_cluster.start()
    with psycopg.connect(private_cluster.url(), autocommit=True) as conn:
        assert conn.execute("SELECT x FROM kept").fetchall() == [(7,)]
