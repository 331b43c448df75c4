"""Who is signed in: a random cookie per sign-in, made only after the person's token checked.

A sign-in lasts while the server runs and while the person's token is the one it was made with:
``annotator token NAME`` again revokes every browser signed in with the old one.
"""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from annotator.project.tokens import check_token, token_stamp

COOKIE = "annotator_session"


class SignIns:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._by_cookie: dict[str, tuple[str, str]] = {}

    async def sign_in(self, name: str, secret: str) -> str | None:
        """A new cookie for ``name`` if ``secret`` is their token, else None."""
        # scrypt takes tens of milliseconds: off the loop, so other sessions keep drawing.
        stamp = await asyncio.to_thread(check_token, self._root, name, secret)
        if stamp is None:
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
        if token_stamp(self._root, name) != stamp:
            del self._by_cookie[cookie or ""]
            return None
        return name
