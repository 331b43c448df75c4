"""Reaching the server, and its failures said in one line. The URL was checked by the command
(annotator.project.store_url: never a password in it)."""

from __future__ import annotations

import psycopg
from psycopg.conninfo import conninfo_to_dict

from annotator.problems import UserError, printable

# Seconds to wait for the server before calling it unreachable (the app keeps working then).
CONNECT_TIMEOUT = 3


def shown(url: str) -> str:
    """The server as a message names it: host (or socket folder) and database."""
    parts = conninfo_to_dict(url)
    where = parts.get("host") or "localhost"
    return printable(f"{where}/{parts.get('dbname', '')}")


def connect(url: str, *, autocommit: bool = True) -> psycopg.Connection[tuple[object, ...]]:
    """A connection to the project's server; UserError naming the server when it fails."""
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=CONNECT_TIMEOUT)
    except psycopg.OperationalError as exc:
        reason = str(exc).strip().splitlines()[-1] if str(exc).strip() else "no answer"
        raise UserError(f"cannot reach the server {shown(url)}: {printable(reason)}") from None
