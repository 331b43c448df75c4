"""Reaching the server: the URL checked (never a password in it), errors said in one line."""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict

from annotator.problems import UserError, printable

# Seconds to wait for the server before calling it unreachable (the app keeps working then).
CONNECT_TIMEOUT = 3


def check_url(url: str) -> str:
    """``url`` if it is a PostgreSQL URL without a password, else UserError saying why.

    A password would end up in annotator.toml or in a shell's history; libpq's own sources
    (PGPASSWORD, ~/.pgpass, a service file) hold it instead."""
    if not url.startswith(("postgresql://", "postgres://")):
        raise UserError(
            f"store {printable(url)!r} is not a PostgreSQL URL; write postgresql://[USER@]HOST/DB"
        )
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError as exc:
        raise UserError(f"store URL {printable(url)!r} cannot be read: {exc}") from None
    if parts.get("password"):
        raise UserError(
            "the store URL holds a password; take it out and give it to libpq instead "
            "(PGPASSWORD, ~/.pgpass or a service file), so it is never written to a file"
        )
    return url


def shown(url: str) -> str:
    """The server as a message names it: host (or socket folder) and database."""
    parts = conninfo_to_dict(url)
    where = parts.get("host") or "localhost"
    return printable(f"{where}/{parts.get('dbname', '')}")


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the project's server; UserError naming the server when it fails."""
    try:
        return psycopg.connect(
            check_url(url), autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT
        )
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "no answer"
        raise UserError(f"cannot reach the server {shown(url)}: {printable(reason)}") from None
