"""Who may sign in to ``annotator serve``: one secret per person, kept in the project only as a
salted scrypt hash.

The secret is printed once by ``annotator token NAME`` and never stored: a copy of the project
(or of its backups) lets nobody in. A new token for a person replaces the old one, so a leaked
link is revoked by making another. The file is written whole (temporary file, fsync, rename) and
readable by its owner only: the server reads it, nobody else needs to.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.problems import UserError, show_path
from annotator.regular_files import open_regular_fd
from annotator.store.journal import check_name

TOKENS_FILE = "tokens.json"
# scrypt's cost: about 16 MiB and a few tens of milliseconds per check, paid once per sign-in,
# enough that a stolen file cannot be tried against many guesses cheaply.
_N, _R, _P = 2**14, 8, 1
_FORMAT = 1


@dataclass(frozen=True, slots=True)
class _Hashed:
    salt: bytes
    digest: bytes


def tokens_path(root: Path) -> Path:
    return root / TOKENS_FILE


def _hash(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def _read(root: Path) -> dict[str, _Hashed]:
    path = tokens_path(root)
    try:
        fd = open_regular_fd(path, os.O_RDONLY)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise UserError(f"{show_path(path)}: cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        raw = file.read()
    try:
        data = orjson.loads(raw)
        if data.get("format") != _FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {_FORMAT}")
        return {
            str(name): _Hashed(bytes.fromhex(entry["salt"]), bytes.fromhex(entry["scrypt"]))
            for name, entry in data["people"].items()
        }
    except (orjson.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(
            f"{show_path(path)}: not a tokens file annotator wrote ({exc}); "
            "delete it and make every person's token again with `annotator token NAME`"
        ) from None


def _write(root: Path, people: dict[str, _Hashed]) -> None:
    path = tokens_path(root)
    data = {
        "format": _FORMAT,
        "people": {
            name: {"salt": hashed.salt.hex(), "scrypt": hashed.digest.hex()}
            for name, hashed in sorted(people.items())
        },
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, orjson.dumps(data, option=orjson.OPT_INDENT_2))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(f"{show_path(path)}: cannot write: {exc.strerror}") from None


def issue_token(root: Path, name: str) -> str:
    """A new secret for ``name``, replacing any earlier one; only its hash is kept."""
    check_name(name, "NAME")
    people = _read(root)
    secret = secrets.token_urlsafe(24)
    salt = secrets.token_bytes(16)
    people[name] = _Hashed(salt, _hash(secret, salt))
    _write(root, people)
    return secret


def token_holders(root: Path) -> list[str]:
    """Who has a sign-in link now, by name."""
    return sorted(_read(root))


def check_token(root: Path, name: str, secret: str) -> str | None:
    """``name``'s token stamp when ``secret`` is their current token, else None. An unknown name
    costs the same hash, so the time taken does not tell who has a token."""
    hashed = _read(root).get(name)
    digest = _hash(secret, hashed.salt if hashed is not None else b"\0" * 16)
    if hashed is None or not hmac.compare_digest(digest, hashed.digest):
        return None
    return _stamp(hashed)


def token_stamp(root: Path, name: str) -> str | None:
    """What identifies ``name``'s current token (None: they have none): a sign-in made with an
    older token no longer matches it."""
    hashed = _read(root).get(name)
    return None if hashed is None else _stamp(hashed)


def _stamp(hashed: _Hashed) -> str:
    return hashed.salt.hex()
