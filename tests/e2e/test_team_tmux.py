"""End to end in tmux: a team project from init to review. amal is handed documents one after
the other and flags one with a note; progress shows it; the lead's review serves the finished
documents first, with amal's flag and note beside her spans."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import orjson

from annotator.store.paths import bundled_corpus

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
BIN = Path(sys.executable).parent


def test_init_annotate_two_as_amal_progress_then_review_as_the_lead(tmp_path, tmux, wait_for):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-first.txt").write_text("قال نتنياهو إن إسرائيل شنت 50 غارة.\n", encoding="utf-8")
    shutil.copy(SAMPLE, corpus / "b-sample.txt")
    (corpus / "c-last.txt").write_text("في البوكمال (شرق سوريا).\n", encoding="utf-8")
    session = f"annotator-team-{os.getpid()}"
    tmux(
        "new-session", "-d", "-s", session, "-x", "120", "-y", "36", "-c", str(tmp_path),
        f"env PATH={BIN}:/usr/bin:/bin PS1='$ ' bash --norc --noprofile",
    )  # fmt: skip

    def pane() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    def typed(line: str) -> None:
        tmux("send-keys", "-t", session, "-l", line)
        tmux("send-keys", "-t", session, "Enter")

    def keys(*names: str) -> None:
        tmux("send-keys", "-t", session, *names)

    typed("annotator init proj --corpus corpus --annotators amal,omar --leads lina")
    wait_for(lambda: "made a project in proj" in pane(), "init's answer")
    typed("cd proj && annotator --annotator amal --no-suggest")
    wait_for(lambda: "a-first.txt" in pane(), "amal's first document", 60)
    wait_for(lambda: "amal: 0 of 2 done, 1 open" in pane(), "her progress", 30)
    keys("a")  # accept: on to the next document for her
    wait_for(lambda: "b-sample.txt" in pane() and "amal: 1 of 2 done" in pane(), "the next one")
    keys("f")
    wait_for(lambda: "why?" in pane(), "the flag prompt")
    tmux("send-keys", "-t", session, "-l", "is 50 the count?")
    keys("Enter")
    wait_for(lambda: "amal: 2 of 2 done" in pane(), "flagged counts as done")
    keys("q")
    wait_for(lambda: pane().rstrip().endswith("$"), "the shell again")
    typed("annotator progress")
    wait_for(lambda: "ready for review: 2" in pane(), "progress")
    assert "not started: 1" in pane()
    row = next(line for line in pane().splitlines() if line.startswith("amal"))
    assert row.split()[1] == "2", row
    typed("clear; annotator review --reviewer lina")
    wait_for(lambda: "a-first.txt" in pane(), "review opens on the first finished document", 60)
    wait_for(lambda: "amal: accepted" in pane(), "amal's word on it")
    keys("n")
    wait_for(lambda: "amal: flagged — is 50 the count?" in pane(), "the flag and its note", 30)
    keys("q")
    wait_for(lambda: pane().rstrip().endswith("$"), "the shell again")
    journal = tmp_path / "proj" / "annotations" / "amal.jsonl"
    saved = [orjson.loads(line) for line in journal.read_bytes().splitlines()]
    assert [(r["id"], r["status"]) for r in saved][-2:] == [
        ("a-first.txt", "accepted"), ("b-sample.txt", "flagged"),
    ]  # fmt: skip
    # Reopened, review goes back to where lina was.
    typed("clear; annotator review --reviewer lina")
    wait_for(lambda: "amal: flagged" in pane(), "lina's place kept", 60)
    keys("q")
