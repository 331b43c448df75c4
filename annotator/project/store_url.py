"""``[store] url``: where a team on several machines keeps its project (PostgreSQL).

A password never lives in annotator.toml: the file is read by the whole team and often kept in
version control. libpq's own sources hold it instead (``PGPASSWORD``, ``~/.pgpass``, a service
file), so a URL carrying one is refused, whether in the user part or as a ``password=`` query
parameter.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from annotator.problems import printable

SCHEMES = ("postgresql", "postgres")
_WHERE_PASSWORDS_GO = (
    "keep the password out of annotator.toml: put it in ~/.pgpass "
    "(host:port:database:user:password, mode 0600), a service file (~/.pg_service.conf, "
    'then url = "postgresql:///?service=NAME"), or the PGPASSWORD environment variable'
)


def store_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a project's store, or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme not in SCHEMES:
        shown = printable(parts.scheme) or "none"
        return f"the scheme is {shown}; give postgresql://[user@]host[:port]/database"
    if parts.password is not None or any(
        key == "password" for key, _ in parse_qsl(parts.query, keep_blank_values=True)
    ):
        return f"it holds a password; {_WHERE_PASSWORDS_GO}"
    if not url.isprintable():
        return "it holds a control or invisible character"
    return None
