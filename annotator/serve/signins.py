"""Who is signed in: a random cookie per sign-in, made only after the person's token checked.

A sign-in lasts while the server runs, while the person is in the project's team, and while
their token is the one it was made with: ``annotator token NAME`` again, or taking them out of
``annotator.toml``, revokes every browser they signed in.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Collection
from pathlib import Path

from annotator.project.tokens import check_token, token_stamp

COOKIE = "annotator_session"


class SignIns:
    def __init__(self, root: Path, team: Callable[[], Collection[str]]) -> None:
        self._root = root
        self._team = team
        self._by_cookie: dict[str, tuple[str, str]] = {}

    async def sign_in(self, name: str, secret: str) -> str | None:
        """A new cookie for ``name`` if ``secret`` is their token, else None."""
        # scrypt takes tens of milliseconds: off the loop, so other sessions keep drawing.
        stamp = await asyncio.to_thread(check_token, self._root, name, secret)
        if stamp is None or name not in self._team():
            return None
        cookie = secrets.token_urlsafe(32)
        self._by_cookie[cookie] = (name, stamp)
        return cookie

    def person(self, cookie: str | None) -> str | None:
        """Whose sign-in ``cookie`` is, while their token has not been replaced."""
        entry = self._by_cookie.get(cookie or "")
        if entry is None:
            return None
        name, stamp = entry
        if token_stamp(self._root, name) != stamp or name not in self._team():
            del self._by_cookie[cookie or ""]
            return None
        return name
