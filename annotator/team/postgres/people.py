"""People on the server: each logs in as their own role, named as they annotate."""

from __future__ import annotations

from psycopg import sql

from annotator.team.postgres.records import Connection


def add_person(conn: Connection, name: str, *, lead: bool = False) -> None:
    """Let ``name`` log in and write their own journal (and gold, for a lead). Needs a role
    that may create roles (the server's administrator, or a lead given CREATEROLE). The
    password is theirs to set (psql's \\password) or the server's to check (pg_hba.conf)."""
    role = sql.Identifier(name)
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone()
        if exists:
            conn.execute(sql.SQL("ALTER ROLE {} LOGIN").format(role))
        else:
            conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        conn.execute(sql.SQL("GRANT annotator_member TO {}").format(role))
        if lead:
            conn.execute(sql.SQL("GRANT annotator_lead TO {}").format(role))
        database = sql.Identifier(conn.info.dbname)
        conn.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, role))
