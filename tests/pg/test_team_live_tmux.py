"""End to end in tmux, one server and three machines (each its own data folder, no project
folder, only the URL): amal and omar are handed different documents; lina, the lead, sees
their progress change on her screen without pressing a key (LISTEN/NOTIFY)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from annotator import cli
from tests.e2e.conftest import Tmux
from tests.pg.conftest import make_corpus

BIN = Path(sys.executable).parent
TEXTS = {
    "doc-alpha": "قصفت الطائرات البوكمال.",
    "doc-beta": "قال المرصد إن 12 مدنيا قتلوا في دير الزور.",
    "doc-gamma": "وصلت القوات إلى الميادين صباح اليوم.",
}


@pytest.fixture
def tmux_server() -> object:
    if shutil.which("tmux") is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is needed under CI and is not installed", pytrace=False)
        pytest.skip("tmux is not installed: the end-to-end test needs it")
    server = Tmux()
    yield server
    server.kill_server()


@pytest.mark.slow
def test_two_annotators_get_different_documents_and_the_lead_sees_progress_without_a_key(
    pg_url: str,
    tmux_server: Tmux,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    wait_for: Callable[..., object],
) -> None:
    tmux = tmux_server
    make_corpus(tmp_path / "lead" / "corpus", TEXTS)
    monkeypatch.chdir(tmp_path / "lead")
    argv = ["init", "proj", "--corpus", "corpus", "--annotators", "amal,omar", "--leads", "lina"]
    assert cli.main(argv) == 0
    monkeypatch.chdir(tmp_path / "lead" / "proj")
    assert cli.main(["db", "init", "--store", pg_url]) == 0

    def start(name: str) -> Callable[[], str]:
        machine = tmp_path / name
        (machine / "data").mkdir(parents=True)
        command = (
            f"env PATH={BIN}:/usr/bin:/bin XDG_DATA_HOME={machine / 'data'} "
            f"annotator annotate --store '{pg_url}' --annotator {name} --no-suggest"
        )
        tmux("new-session", "-d", "-s", name, "-x", "150", "-y", "36", "-c", str(machine),
             command)  # fmt: skip
        return lambda: tmux("capture-pane", "-p", "-t", name)

    lina = start("lina")
    wait_for(lambda: "team: 0 of 3 complete" in lina(), "the lead's team figures", 60)
    amal = start("amal")
    wait_for(lambda: "doc-alpha" in amal(), "amal's first document", 60)
    omar = start("omar")
    wait_for(lambda: "doc-beta" in omar(), "omar's: another document", 60)
    assert "doc-beta" not in amal() and "doc-alpha" not in omar()
    wait_for(lambda: "2 in progress" in lina(), "the lead sees both at work", 30)
    before = lina()
    tmux("send-keys", "-t", "amal", "a")  # amal accepts: doc-alpha is complete
    wait_for(lambda: "team: 1 of 3 complete" in lina(), "the lead's screen, no key pressed", 30)
    assert lina() != before
    tmux("send-keys", "-t", "omar", "a")
    wait_for(lambda: "team: 2 of 3 complete" in lina(), "omar's too", 30)
    side = " ".join(line.split("▏")[-1].strip() for line in lina().splitlines())
    assert "done: amal 1, omar 1" in side  # the figures wrap in the side panel
    for name in ("amal", "omar", "lina"):
        tmux("send-keys", "-t", name, "q")
    wait_for(lambda: not any(tmux.has_session(n) for n in ("amal", "omar", "lina")), "all quit")
    with psycopg.connect(pg_url) as conn:
        done = conn.execute(
            "SELECT annotator, doc_id FROM annotator.work WHERE done_at IS NOT NULL ORDER BY 1"
        ).fetchall()
    assert done == [("amal", "doc-alpha"), ("omar", "doc-beta")]
