"""End to end in tmux: on the sample with its spans there, the three attributed quotes get
their speakers and every casualty count its kind, in a counted handful of keys."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord
from annotator.store.journal import Journal
from annotator.store.paths import bundled_corpus

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
GOLD = Path(__file__).resolve().parents[1] / "fixtures" / "deir-ez-zor-gold.jsonl"
COMMAND = Path(sys.executable).with_name("annotator")
# L takes the next relation or attribute suggestion; J focuses the next count without a kind,
# k steps its kind (killed, wounded, missing, unspecified).
KEYS = ["L", "L", "L", "J", "k", "k", "k", "k", "J", "k", "L", "L", "L"]
# What J shows (the focused count on the status line, with what k and e do on it); every other
# key writes a change.
FOCUSED = [
    "CASUALTY_COUNT k kind=? e link [937, 953)",
    "CASUALTY_COUNT k kind=? e link [1401, 1418)",
]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_speakers_and_kinds_in_under_40_keys(tmp_path, tmux, wait_for, size):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SAMPLE, corpus)
    gold = DocRecord.from_json(orjson.loads(GOLD.read_bytes().splitlines()[0]))
    record = replace(gold, spans=[replace(s, id=f"s{i}") for i, s in enumerate(gold.spans)])
    record.annotator, record.status = "e2e", "in_progress"
    out = tmp_path / "ann"
    journal = out / "e2e.jsonl"
    with Journal.open(journal) as opened:
        opened.append(record)
    session = f"annotator-relations-{os.getpid()}-{size[0]}"
    command = f"{COMMAND} annotate {corpus} --annotator e2e --annotations {out} --no-suggest"
    tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), command)

    def pane() -> str:
        return tmux("capture-pane", "-p", "-t", session)

    def lines() -> int:
        return len(journal.read_bytes().splitlines())

    wait_for(lambda: "0 / 1 done" in pane(), "the app")
    focused = iter(FOCUSED)
    for key in KEYS:  # each key once the last one is done
        before = lines()
        tmux("send-keys", "-t", session, key)
        if key == "J":
            shown = next(focused)
            wait_for(lambda shown=shown: shown in pane(), shown)
        else:
            wait_for(lambda before=before: lines() == before + 1, f"the change of {key}")
    print(f"keys pressed after the spans exist: {len(KEYS)}: {' '.join(KEYS)}")
    assert len(KEYS) < 40
    wait_for(lambda: "← SPEAKER:" in pane(), lambda: f"the span list; seen:\n{pane()}")
    screen = pane()
    print(screen)
    # Esc always leaves the picker without a change: e on the focused quote, then Esc.
    saved = journal.read_bytes()
    tmux("send-keys", "-t", session, "e")
    wait_for(lambda: "link QUOTE to:" in pane(), lambda: f"the link picker; seen:\n{pane()}")
    tmux("send-keys", "-t", session, "Escape")
    wait_for(lambda: "link QUOTE to:" not in pane(), "the picker to close")
    assert journal.read_bytes() == saved
    tmux("send-keys", "-t", session, "q")
    last = orjson.loads(journal.read_bytes().splitlines()[-1])
    text = {s["id"]: s["text"] for s in last["spans"]}
    assert sorted(
        (text[r["head"]][:12], r["type"], text[r["tail"]], r["source"]) for r in last["relations"]
    ) == [
        ("أقدم على تنف", "SPEAKER", "الجيش الاسرائيلي", "relation:speaker_after_verb"),
        ("علاقاتي مع ا", "SPEAKER", "بنيامين نتنياهو", "relation:speaker_after_verb"),
        ("نقاتل ضد محا", "SPEAKER", "نتنياهو", "relation:speaker_after_verb"),
    ]
    assert {text[i]: v["kind"] for i, v in last["attributes"].items()} == {
        "العشرات من عناصر": "unspecified",
        "38 عنصرا": "killed",
        "24 من عناصر": "killed",
        "14 من قوات النظام": "killed",
        "نحو 50 آخرين": "wounded",
    }
