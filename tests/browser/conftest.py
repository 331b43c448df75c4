"""A real ``annotator serve`` and Debian's Chromium driven by Playwright, for the browser tests.

Nothing leaves the machine: the server listens on 127.0.0.1 and the browser resolves every
other name to nothing (``--host-resolver-rules``). Under CI (``CI`` set) a browser that cannot
start fails the tests; elsewhere they are skipped with one line saying why.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotator.project.create import Team, create_project
from annotator.project.tokens import issue_token
from annotator.store.paths import bundled_corpus
from tests.conftest import wait_until

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
PEOPLE = ("amal", "omar", "lina", "noor")
# A fixed viewport: the terminal's size in cells follows from it and the font.
VIEWPORT = {"width": 1200, "height": 800}
_URL = re.compile(r"serving .* on (http://\S+)")

pytestmark = pytest.mark.xdist_group("browser")


def _unavailable(why: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"the browser tests need Chromium under CI: {why}")
    pytest.skip(f"browser tests skipped: {why}")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium (the system's), shared by the module's tests. Not longer: while
    Playwright's sync API runs, its event loop is the thread's running loop, and every other
    test on this worker that calls asyncio.run (Textual's Pilot) would fail."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        _unavailable(f"playwright is not installed ({exc})")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000
            )
        except Exception as exc:  # whatever stops it, the message says what
            _unavailable(f"Chromium did not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


@dataclass
class Served:
    """A running ``annotator serve`` on a project of its own."""

    root: Path
    data: Path
    process: subprocess.Popen[str]
    url: str
    links: dict[str, str] = field(default_factory=dict)

    def journal(self, name: str) -> Path:
        return self.root / "annotations" / f"{name}.jsonl"

    def apps(self) -> list[int]:
        """The pids of the apps this server runs now (its children)."""
        return children(self.process.pid)

    def stop(self, signum: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signum)
            self.process.wait(timeout=30)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its parent to read its status does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def start_server(base: Path) -> Served:
    root = base / "project"
    (root / "corpus").mkdir(parents=True)
    shutil.copy(SAMPLE, root / "corpus")
    create_project(root, root / "corpus", Team(PEOPLE, leads=PEOPLE[-1:]))
    data = base / "data"
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["XDG_DATA_HOME"] = str(data)
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "serve", "--port", "0"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    said = []
    for line in process.stdout:
        said.append(line)
        if found := _URL.search(line):
            break
    else:
        raise AssertionError(f"annotator serve did not start:\n{''.join(said)}")
    served = Served(root, data, process, found.group(1))
    for name in PEOPLE:
        served.links[name] = f"{served.url}signin?name={name}&token={issue_token(root, name)}"
    return served


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the module's tests (each signs in people of its own)."""
    server = start_server(tmp_path_factory.mktemp("serve"))
    yield server
    server.stop()


class Tab:
    """A browser tab on the served app, read the way a person sees it: the terminal's rows."""

    def __init__(self, page: object) -> None:
        self.page = page
        self.requests: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))

    def rows(self) -> list[str]:
        rows = self.page.evaluate(
            "() => Array.from(document.querySelectorAll('.xterm-rows > div'),"
            " row => row.textContent)"
        )
        return [row.replace("\xa0", " ") for row in rows]

    def screen(self) -> str:
        return "\n".join(self.rows())

    def notice(self) -> str:
        return self.page.evaluate(
            "() => { const n = document.getElementById('notice');"
            " return n && !n.hidden ? document.getElementById('notice-text').textContent : ''; }"
        )

    def wait_screen(self, text: str) -> str:
        return wait_until(
            lambda: text in self.screen() and self.screen(),
            lambda: f"{text!r} in the page; seen:\n{self.screen()}\nnotice: {self.notice()}",
        )

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)


@pytest.fixture
def context(browser: object) -> Iterator[object]:
    """A browser profile of its own (cookies included): a person at their own machine."""
    ctx = browser.new_context(viewport=VIEWPORT)
    yield ctx
    ctx.close()


def open_tab(context: object, url: str) -> Tab:
    tab = Tab(context.new_page())
    tab.page.goto(url)
    return tab
