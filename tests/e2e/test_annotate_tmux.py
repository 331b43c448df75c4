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
    command = f"{COMMAND} annotate {corpus} --annotator e2e --annotations {out} --no-suggest"
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)

    def pane() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    wait_for(lambda: "0 / 1 done" in pane(), "the app")
    # Three words forward (Ctrl+Left reads on in Arabic), extend by one word, label SITE; each
    # key once the last one shows (the cursor's offset, then the selection).
    words = TEXT.split(" ")
    start = len(" ".join(words[:3])) + 1
    for key, shown in [
        ("C-Left", "cursor 5"),
        ("C-Left", "cursor 11"),
        ("C-Left", f"cursor {start}"),
        ("C-S-Left", f"selected [{start}, {start + len('إعلامية')})"),  # one word, not two
    ]:
        tmux("send-keys", "-t", session, key)
        wait_for(lambda shown=shown: shown in pane(), shown)
    tmux("send-keys", "-t", session, "2")
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
    expected = "إعلامية"  # the word, without its comma
    assert lines[-1]["status"] == "accepted"
    assert [(s["start"], s["end"], s["label"], s["text"]) for s in lines[-1]["spans"]] == [
        (start, start + len(expected), "SITE", expected)
    ]
    assert TEXT[start : start + len(expected)] == expected


def test_at_80x24_with_stderr_in_a_file_the_screen_is_drawn_footer_and_status_whole(
    tmp_path, tmux, wait_for
):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus)
    err = tmp_path / "err.log"
    session = f"annotator-e2e-narrow-{os.getpid()}"
    command = (
        f"{COMMAND} annotate {corpus} --annotator e2e --annotations {tmp_path / 'ann'} 2>{err}"
    )
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", f"{command}; sleep 5")

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    # Textual draws on stderr: with stderr in a file the app must still draw on the terminal.
    wait_for(lambda: "0 / 1 done" in screen(), lambda: f"the app; seen:\n{screen()}")
    footer = screen().splitlines()[-1]
    assert "q Quit" in footer and "^p palette" in footer
    tmux("send-keys", "-t", session, ".", ".")  # the second casualty count: long offsets
    wait_for(lambda: "[1325, 1333)" in screen(), lambda: f"the status line; seen:\n{screen()}")
    status = screen().splitlines()[-2]
    assert "suggested CASUALTY_COUNT y/d [1325, 1333)" in status
    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: not tmux("list-panes", "-t", session, "-F", "#{pane_current_command}")
             .strip().startswith("annotator"), "quitting")  # fmt: skip
    assert "\x1b[" not in err.read_text(encoding="utf-8", errors="replace")
