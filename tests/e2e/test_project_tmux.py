"""End to end: ``annotator init`` typed in a shell, then ``annotator`` in the project as amal."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from pathlib import Path

import orjson

from annotator.store.paths import bundled_corpus

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
BIN = Path(sys.executable).parent


def test_init_then_annotate_in_the_project_as_amal(tmp_path, tmux, wait_for):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus)
    session = f"annotator-project-{os.getpid()}"
    tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "110",
        "-y",
        "32",
        "-c",
        str(tmp_path),
        f"env PATH={BIN}:/usr/bin:/bin PS1='$ ' bash --norc --noprofile",
    )

    def pane() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    def typed(line: str) -> None:
        tmux("send-keys", "-t", session, "-l", line)
        tmux("send-keys", "-t", session, "Enter")

    typed("annotator init proj --corpus corpus --annotators amal,omar --leads lina --overlap 2")
    wait_for(lambda: "made a project in proj" in pane(), "init's answer")
    assert "team: amal, omar; leads: lina; overlap 2" in pane()
    # A document added after init joins the project, and the screen says so.
    (corpus / "late.txt").write_text("قال مصدر إن القصف طال دير الزور.\n", encoding="utf-8")
    typed("cd proj && annotator --annotator amal --no-suggest")
    wait_for(lambda: "0 / 2 done" in pane(), "the app on the project's corpus", 60)
    wait_for(lambda: "the project (late.txt)" in pane(), "the joined notice", 60)
    screen = " ".join(line.rstrip(" ▌▏").split("▌")[-1].strip() for line in pane().splitlines())
    assert "project proj: amal, an annotator; saved to annotations/amal.jsonl" in screen, pane()
    tmux("send-keys", "-t", session, "a")
    wait_for(lambda: "1 / 2 done" in pane(), "accept")
    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: pane().rstrip().endswith("$"), "the shell again")
    journal = tmp_path / "proj" / "annotations" / "amal.jsonl"
    lines = [orjson.loads(line) for line in journal.read_bytes().splitlines()]
    assert lines[-1]["status"] == "accepted"
    assert lines[-1]["annotator"] == "amal"
    for path in (journal, journal.with_name("amal.resume.json")):
        assert stat.S_IMODE(path.stat().st_mode) == 0o640  # the group reads, only amal writes
    typed("annotator --annotator zaid")
    wait_for(lambda: "'zaid' is not in this project's team" in pane(), "the refusal")
