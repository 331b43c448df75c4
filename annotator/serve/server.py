"""The web server: sign-in, the page, and a websocket per tab joined to that person's app.

Built on aiohttp rather than textual-serve (docs/team.md says why): nothing starts before the
person is known, each app runs in its own process group and dies with the server, and the page
is ours (no web font, no CDN: every file it loads is served from here).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import os
import signal
import socket
from collections.abc import Callable, Sequence
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

from aiohttp import web

from annotator.problems import UserError, printable
from annotator.project.project import open_project
from annotator.project.tokens import token_holders
from annotator.serve.process import AppProcess, app_argv
from annotator.serve.sessions import SERVER_STOPPED, Session, Sessions, terminal_size
from annotator.serve.signins import COOKIE, SignIns

_HERE = Path(__file__).parent
STATIC = _HERE / "static"
_PAGE = Template((_HERE / "page.html").read_text(encoding="utf-8"))
_HEADERS = {
    # The page may load and connect only to this server: a mistake in it cannot reach out.
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
NOT_SIGNED_IN = (
    "Not signed in. Open the sign-in link your project's lead gave you "
    "(made with: annotator token NAME)."
)
BAD_LINK = (
    "This sign-in link is not valid (a mistyped or replaced token, a name with no token, or "
    "someone no longer in the project's team). Ask your project's lead for a new one: "
    "annotator token NAME."
)


def _page(text: str, status: int = 200) -> web.Response:
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>annotator</title>'
        f"</head><body><p>{html.escape(text)}</p></body></html>"
    )
    return web.Response(text=body, status=status, content_type="text/html")


class Server:
    def __init__(
        self, root: Path, argv: Callable[[str], Sequence[str]], say: Callable[[str], None]
    ) -> None:
        self.root = root
        self._argv = argv
        self._say = say
        self.signins = SignIns(root, lambda: _team(root))
        self.sessions = Sessions()

    def application(self) -> web.Application:
        app = web.Application(middlewares=[_security_headers])
        app.add_routes(
            [
                web.get("/", self.index),
                web.get("/signin", self.sign_in),
                web.get("/ws", self.websocket),
                web.get("/favicon.ico", _no_icon),
                web.static("/static", STATIC, follow_symlinks=False),
            ]
        )
        return app

    def _person(self, request: web.Request) -> str | None:
        try:
            return self.signins.person(request.cookies.get(COOKIE))
        except UserError as error:  # the tokens file became unreadable while serving
            self._say(f"error: {error}")
            raise web.HTTPInternalServerError(text=f"annotator: {error}") from None

    async def index(self, request: web.Request) -> web.Response:
        name = self._person(request)
        if name is None:
            return _page(NOT_SIGNED_IN, 403)
        return web.Response(text=_PAGE.substitute(name=html.escape(name)), content_type="text/html")

    async def sign_in(self, request: web.Request) -> web.Response:
        name = request.query.get("name", "")
        try:
            cookie = await self.signins.sign_in(name, request.query.get("token", ""))
        except UserError as error:
            self._say(f"error: {error}")
            return _page(f"annotator: {error}", 500)
        if cookie is None:
            self._say(f"sign-in refused for '{printable(name)}' from {request.remote}")
            return _page(BAD_LINK, 403)
        self._say(f"{name} signed in from {request.remote}")
        # The token leaves the address bar at once: the page is reached by the cookie.
        response = web.HTTPSeeOther("/")
        response.set_cookie(
            COOKIE,
            cookie,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=request.secure or request.headers.get("X-Forwarded-Proto") == "https",
        )
        raise response

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        name = self._person(request)
        origin = request.headers.get("Origin")
        # Nothing starts for a stranger, nor for another site's page riding on the cookie.
        if name is None or (origin is not None and urlsplit(origin).netloc != request.host):
            return _page(NOT_SIGNED_IN, 403)
        size = terminal_size(request.query.get("width"), request.query.get("height"))
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=1 << 20)
        await ws.prepare(request)
        argv = self._argv(name)

        async def start(size: tuple[int, int]) -> AppProcess:
            return await AppProcess.start(argv, self.root, os.environ, size)

        self._say(f"{name}: session opened")
        await self.sessions.open(name, Session(ws, size or (80, 24)), start)
        self._say(f"{name}: session closed")
        return ws


def _team(root: Path) -> set[str]:
    """Who is in the project's team now: the file is read again, so a change counts at once."""
    project = open_project(root)
    return {*project.annotators, *project.leads}


async def _no_icon(request: web.Request) -> web.Response:
    return web.Response(status=204)  # browsers ask for one; a 404 would read as a fault


@web.middleware
async def _security_headers(
    request: web.Request, handler: Callable[[web.Request], object]
) -> web.StreamResponse:
    try:
        response = await handler(request)  # type: ignore[misc]
    except web.HTTPException as exc:
        response = exc
    assert isinstance(response, web.StreamResponse)
    if not response.prepared:
        response.headers.update(_HEADERS)
    return response


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def address_url(host: str, port: int) -> str:
    """The address a person opens: a server listening on every interface (``0.0.0.0``,
    ``::``) is reached by this machine's name, never by the wildcard itself."""
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(host.split("%")[0]).is_unspecified:
            host = socket.gethostname()
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


async def serve(
    root: Path,
    host: str,
    port: int,
    say: Callable[[str], None],
    argv: Callable[[str], Sequence[str]] = app_argv,
) -> None:
    """Serve until SIGINT, SIGTERM or SIGHUP; every app is gone when this returns."""
    holders = token_holders(root)  # a broken tokens file is said now, not at the first sign-in
    server = Server(root, argv, say)
    runner = web.AppRunner(
        server.application(), handle_signals=False, access_log=None, shutdown_timeout=1.0
    )
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, stop.set)
    try:
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as exc:
            raise UserError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
        bound = [address[0] for address in runner.addresses]
        url = address_url(host, runner.addresses[0][1])
        say(f"serving {root} on {url}")
        who = ", ".join(holders) if holders else "nobody yet"
        say(f"sign-in links ({who}): annotator token NAME --url {url}")
        if not all(_is_loopback(address) for address in bound):
            say(
                f"warning: {host} is reachable from other machines, and this server speaks "
                "plain HTTP: sign-in links and every key cross the network readable. Put TLS "
                "in front (a reverse proxy such as nginx or Caddy; see docs/team.md) and keep "
                "this port closed to everything but the proxy."
            )
        say("Ctrl+C stops the server; every change is already on disk")
        await stop.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.sessions.end_all(SERVER_STOPPED), timeout=1.5)
    finally:
        server.sessions.kill_all()
        await runner.cleanup()


def run(
    root: Path,
    host: str,
    port: int,
    say: Callable[[str], None],
    argv: Callable[[str], Sequence[str]] = app_argv,
) -> int:
    asyncio.run(serve(root, host, port, say, argv))
    return 0
