"""End to end: the installed ``annotator`` command in a real terminal (tmux), typed at."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import orjson

from annotator.store.paths import bundled_corpus

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")
COMMAND = Path(sys.executable).with_name("annotator")


def test_annotate_in_tmux_and_quit(tmp_path, tmux, wait_for):
    assert COMMAND.exists(), f"{COMMAND} missing: install the project (make test does)"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus)
    out = tmp_path / "ann"
    session = f"annotator-e2e-{os.getpid()}"
    command = f"{COMMAND} annotate {corpus} --annotator e2e --out {out} --no-suggest"
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)

    def pane() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_for(lambda: "0 / 1 done" in pane(), "the app")
    # Three words forward (Ctrl+Left reads on in Arabic), extend by one word, label SITE; each
    # key once the last one shows (the cursor's offset, the selection, the span).
    for key in ["C-Left", "C-Left", "C-Left", "C-S-Left", "2"]:
        before = pane()
        tmux("send-keys", "-t", session, key)
        wait_for(lambda shown=before: pane() != shown, f"{key} to show")
    journal = out / "e2e.jsonl"
    wait_for(lambda: journal.exists() and journal.stat().st_size > 0, "the first line")

    def listed() -> bool:  # a span list row ("▏ SITE <text> <start>–<end>"), not the legend
        return "▏ SITE " in tmux("capture-pane", "-p", "-t", session)

    wait_for(listed, "the span listed")
    # Undoing the only span must clear the list on screen too (Textual once left it drawn).
    tmux("send-keys", "-t", session, "C-z")
    wait_for(lambda: orjson.loads(journal.read_bytes().splitlines()[-1])["spans"] == [], "undo")
    wait_for(lambda: not listed(), "the span list emptied")
    tmux("send-keys", "-t", session, "C-y")
    wait_for(listed, "the span listed again")
    tmux("send-keys", "-t", session, "a")
    wait_for(lambda: "1 / 1 done" in tmux("capture-pane", "-p", "-t", session), "accept")
    screen = tmux("capture-pane", "-p", "-t", session)
    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: (out / "e2e.resume.json").exists(), "quitting")
    # The article is drawn shaped and right-aligned: its first words end the first row.
    assert screen.splitlines()[1].rstrip().rstrip("▏ 1ACTOR").rstrip().endswith("ﺖﻔﺸﻛ")
    lines = [orjson.loads(line) for line in journal.read_bytes().splitlines()]
    words = TEXT.split(" ")
    start = len(" ".join(words[:3])) + 1
    expected = " ".join(words[3:5])
    assert lines[-1]["status"] == "accepted"
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in lines[-1]["spans"]] == [
        (start, start + len(expected), "SITE", expected)
    ]
    assert TEXT[start : start + len(expected)] == expected
