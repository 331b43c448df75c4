"""End to end: the real ``annotator review`` command in a detached tmux session, driven by
keys, writing gold.jsonl into a temporary folder."""

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "review"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


# A private tmux server: the tests never touch the user's sessions, and no other server
# (or its absence) can break them.
LAST = ""
SOCKET = f"annotator-review-test-{os.getpid()}"


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=True, timeout=10
    ).stdout


def wait_for(condition, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}: {LAST}")


def gold(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_review_in_tmux(tmp_path):
    session = f"annotator-review-e2e-{os.getpid()}"
    command = " ".join(
        shlex.quote(part)
        for part in [
            str(Path(sys.executable).parent / "annotator"),
            "review",
            str(ROOT / "corpora"),
            "--annotators",
            "amal,omar",
            "--annotations",
            str(FIXTURES),
            "--out",
            str(tmp_path),
            "--reviewer",
            "lina",
        ]
    )
    # pytest-xdist workers export COLUMNS and LINES, which Textual would take over the pane size.
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env.update(LANG="C.UTF-8", TERM="xterm-256color")
    subprocess.run(
        [
            "tmux",
            "-L",
            SOCKET,
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "120",
            "-y",
            "36",
            command,
        ],
        check=True,
        env=env,
        timeout=10,
    )
    out = tmp_path / "gold.jsonl"

    def screen() -> str:
        global LAST
        LAST = tmux("capture-pane", "-p", "-t", session)
        return LAST

    try:
        wait_for(lambda: "6 conflict(s) here, 7 in all" in screen(), "the review screen")
        tmux("send-keys", "-t", session, "Tab", "a")  # القوات الروسية
        tmux("send-keys", "-t", session, "Tab", "Tab", "Tab", "a")  # الحرس الثوري as ACTOR
        wait_for(lambda: len(gold(out)) == 2, "two gold lines")
        tmux("send-keys", "-t", session, "A")  # البوكمال and نتنياهو
        tmux("send-keys", "-t", session, "c")  # next document with conflicts
        wait_for(lambda: "note-partial  3/3" in screen(), "the next document with conflicts")
        tmux("send-keys", "-t", session, "Tab", "x")  # قافلة المساعدات
        wait_for(lambda: "0 conflict(s) here, 4 in all" in screen(), "the conflict settled")
        assert len(gold(out)) == 4
        tmux("send-keys", "-t", session, "q")
        wait_for(
            lambda: (
                subprocess.run(
                    ["tmux", "-L", SOCKET, "has-session", "-t", session], capture_output=True
                ).returncode
                != 0
            ),
            "the app to quit",
        )
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    lines = gold(out)
    sample = [line for line in lines if line["id"] == "deir-ez-zor-strikes.txt"][-1]
    assert [(s["start"], s["end"], s["label"], s.get("annotators")) for s in sample["spans"]] == [
        (29, 43, "ACTOR", ["amal", "omar"]),
        (81, 89, "SITE", ["amal", "omar"]),
        (1262, 1283, "ACTOR", ["amal"]),
        (2142, 2149, "ACTOR", ["amal", "omar"]),
    ]
    assert sample["rejected"] == [[1262, 1283, "SITE"]]
    assert (sample["annotator"], sample["reviewer"]) == ("lina", "lina")
    note = lines[-1]
    assert note["id"] == "note-partial"
    assert note["spans"] == []
    assert note["rejected"] == [[5, 20, "ACTOR"]]
    assert note["status"] == "in_progress"  # حلب, agreed, is still undecided
