"""People on the server: each logs in as their own role, named as they annotate."""

from __future__ import annotations

import time

from psycopg import errors, sql

from annotator.team.postgres.records import Connection

# Roles belong to the whole cluster, not to one database: two sessions adding the same person
# at once (two leads, or two projects on one server) can meet on the role's catalog row. The
# loser's statement fails; done again, it finds the role there.
ATTEMPTS = 5
RACED = (errors.UniqueViolation, errors.DuplicateObject, errors.InternalError_)


def add_person(conn: Connection, name: str, *, lead: bool = False) -> None:
    """Let ``name`` log in and write their own journal (and gold, for a lead). Needs a role
    that may create roles (the server's administrator, or a lead given CREATEROLE). The
    password is theirs to set (psql's \\password) or the server's to check (pg_hba.conf)."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            _add_person(conn, name, lead)
            return
        except RACED as exc:
            raced = not isinstance(exc, errors.InternalError_) or "concurrently" in str(exc)
            if not raced or attempt == ATTEMPTS:
                raise
            time.sleep(0.02 * attempt)


def _add_person(conn: Connection, name: str, lead: bool) -> None:
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
