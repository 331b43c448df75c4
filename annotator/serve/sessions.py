"""Sessions: one browser tab joined to one app process, and at most one per person.

A second tab for the same person takes the session over: the first tab is told why in the page
and closed, and its app has quit (its journal lock released) before the new one starts.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import defaultdict
from collections.abc import Awaitable, Callable

from aiohttp import WSMsgType, web

from annotator.serve.process import AppProcess

SAVED = "Every change is saved."
TAKEN_OVER = f"This session was opened in another tab or window, so it was closed here. {SAVED}"
SERVER_STOPPED = f"The server stopped. {SAVED}"
APP_ENDED = f"The app has closed. {SAVED}"
# The terminal sizes a browser may ask for: beyond these a resize is taken as garbage.
MAX_WIDTH, MAX_HEIGHT = 1000, 500

Starter = Callable[[tuple[int, int]], Awaitable[AppProcess]]


def terminal_size(width: object, height: object) -> tuple[int, int] | None:
    """(width, height) when both are whole numbers a terminal can have, else None."""
    try:
        size = int(str(width)), int(str(height))
    except ValueError:
        return None
    if not (1 <= size[0] <= MAX_WIDTH and 1 <= size[1] <= MAX_HEIGHT):
        return None
    return size


class Session:
    def __init__(self, ws: web.WebSocketResponse, size: tuple[int, int]) -> None:
        self.ws = ws
        self._size = size
        self._app: AppProcess | None = None
        self.ended = asyncio.Event()

    async def run(self, start: Starter) -> None:
        try:
            if not self.ws.closed:
                await self._run(start)
        finally:
            await self.ws.close()
            self.ended.set()

    async def _run(self, start: Starter) -> None:
        try:
            app = self._app = await start(self._size)
        except OSError as exc:
            await self.tell(f"The app could not start: {exc.strerror}")
            return
        try:
            if not await app.ready():
                status = await app.stop()
                said = await app.message()
                await self.tell(f"The app could not start:\n{said or f'exit status {status}'}")
                return
            to_browser = asyncio.create_task(self._to_browser(app))
            to_app = asyncio.create_task(self._to_app(app))
            done, pending = await asyncio.wait(
                {to_browser, to_app}, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            if to_browser in done and to_browser.result():
                said = await app.message()  # the app quit by itself: say what it said, if anything
                await self.tell(f"{APP_ENDED}\n{said}" if said else APP_ENDED)
        finally:
            await app.stop()

    async def _to_browser(self, app: AppProcess) -> bool:
        """Forward the app's screen; True when the app closed its output (it ended), False
        when the browser could no longer be written to."""
        try:
            async for kind, payload in app.packets():
                if kind == b"D":
                    await self.ws.send_bytes(payload)
        except ConnectionError:
            return False
        return True

    async def _to_app(self, app: AppProcess) -> None:
        async for message in self.ws:
            if message.type is not WSMsgType.TEXT:
                continue
            try:
                kind, *rest = json.loads(message.data)
            except (ValueError, TypeError):
                continue  # not the page's protocol: nothing a key could mean
            if kind == "stdin" and rest and isinstance(rest[0], str):
                await app.send(rest[0].encode("utf-8", "replace"))
            elif kind == "resize" and rest and isinstance(rest[0], dict):
                size = terminal_size(rest[0].get("width"), rest[0].get("height"))
                if size is not None:
                    await app.send_meta({"type": "resize", "width": size[0], "height": size[1]})
            elif kind in ("focus", "blur"):
                await app.send_meta({"type": kind})

    async def tell(self, text: str) -> None:
        """Show ``text`` in the page (the page puts it in as text, never as HTML)."""
        with contextlib.suppress(ConnectionError):
            await self.ws.send_str(json.dumps(["notice", text]))

    async def end(self, notice: str) -> None:
        """Close the tab with ``notice`` and wait until the app is gone."""
        if not self.ended.is_set():
            await self.tell(notice)
            await self.ws.close()
        await self.ended.wait()

    def kill(self) -> None:
        if self._app is not None:
            self._app.kill_group()


class Sessions:
    def __init__(self) -> None:
        self._live: dict[str, Session] = {}
        self._turns: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def open(self, name: str, session: Session, start: Starter) -> None:
        """Run ``session`` as ``name``'s only one, ending the one they had open first."""
        async with self._turns[name]:
            old = self._live.get(name)
            if old is not None:
                await old.end(TAKEN_OVER)
            self._live[name] = session
        try:
            await session.run(start)
        finally:
            if self._live.get(name) is session:
                del self._live[name]

    async def end_all(self, notice: str) -> None:
        await asyncio.gather(*(session.end(notice) for session in list(self._live.values())))

    def kill_all(self) -> None:
        """Kill every app's process group at once: the last resort when stopping."""
        for session in self._live.values():
            session.kill()
