"""Keys per gold span: a simulated annotator marks the dev articles by hand, and again with
suggestions from the gazetteer and a model retrained as the work goes on.

    .venv/bin/python bench/effort.py [--retrain N] [--threshold P] [DEV_FOLDER]

The annotator knows the gold exactly (``newsfane-dev/gold.jsonl``, ACTOR and SITE) and works
through the 100 articles in order, each article learned only after it is done, so every
suggestion is made on an article the sources have not seen. The keys are counted with the
app's own word functions (annotator.text.words), as the app's keys work:

- **by hand**, per span: the moves from the cursor to the span's first word (Ctrl+arrow by
  word, or ↓ by line of 100 columns and then by word, whichever is fewer), Shift+Ctrl+arrow
  per further word of the word-snapped selection, one label key, and one edge key (``[``
  ``]``) per character the selection must give back at either edge (a proclitic such as و
  or بال before a name);
- **with suggestions**: ``y`` accepts a right one and ``d`` rejects a wrong one (a suggestion
  with a wrong edge or label is rejected and the span marked by hand); both act on the next
  suggestion from the cursor, so they need no moves; missed spans are marked by hand.

The gazetteer learns each article when it is accepted; the model is retrained on every
accepted article after each ``--retrain`` articles (the app trains in the background). Keys
per gold span are printed for the first and the last 50 articles, with the suggestions'
recall and precision there, and the machine's load.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from learning import DEV, load

from annotator.suggest.engine import Suggester
from annotator.suggest.gazetteer import Gazetteer
from annotator.suggest.model import Model, train
from annotator.text.words import next_word_start, snap

COLUMNS = 100
Key = tuple[int, int, str]


def words_between(text: str, start: int, end: int) -> int:
    """Ctrl+arrow presses from ``start`` forward to ``end`` (or back: the same count)."""
    if start > end:
        start, end = end, start
    count = 0
    at = start
    while at < end:
        at = next_word_start(text, at)
        count += 1
    return count


def moves(text: str, cursor: int, target: int) -> int:
    """Keys from ``cursor`` to ``target``: by word, or by line then by word."""
    by_word = words_between(text, cursor, target)
    lines = abs(target // COLUMNS - cursor // COLUMNS)
    if lines == 0:
        return by_word
    landed = min(target // COLUMNS * COLUMNS + cursor % COLUMNS, len(text))
    return min(by_word, lines + words_between(text, landed, target))


def by_hand(text: str, cursor: int, span: Key) -> int:
    """Keys to mark ``span`` from ``cursor``: move, select by word, label, fix the edges."""
    start, end, _ = span
    lo, hi = snap(text, start, end)
    return (
        moves(text, cursor, lo)
        + words_between(text, lo, max(hi - 1, lo))
        + 1
        + (start - lo)
        + (hi - end)
    )


def keys_for(text: str, gold: Sequence[Key], offered: Sequence[Key]) -> tuple[int, int, int]:
    """(keys by hand, keys with ``offered`` suggestions, offers that were right)."""
    hand = 0
    cursor = 0
    for span in sorted(gold):
        hand += by_hand(text, cursor, span)
        cursor = span[1]
    truth = set(gold)
    right = [s for s in offered if s in truth]
    events = sorted([(s, True) for s in offered] + [(g, False) for g in gold if g not in offered])
    helped = 0
    cursor = 0
    for span, is_offer in events:
        if is_offer:
            helped += 1  # y or d
            if span not in truth:
                continue
        else:
            helped += by_hand(text, cursor, span)
        cursor = span[1]
    return hand, helped, len(right)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEV)
    parser.add_argument("--retrain", type=int, default=10)
    parser.add_argument("--threshold", type=float, default=0.5)
    args = parser.parse_args()
    if not (args.dev / "gold.jsonl").is_file():
        print(f"no dev set at {args.dev}; skipped")
        return
    docs = load(args.dev)
    load1, load5, _ = os.getloadavg()
    print(f"{len(docs)} articles; load average {load1:.1f} (1 min), {load5:.1f} (5 min)")
    gazetteer = Gazetteer()
    model: Model | None = None
    rows: list[tuple[int, int, int, int, int]] = []  # gold, hand, helped, right, offered
    train_seconds: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, doc in enumerate(docs):
            if n and n % args.retrain == 0:
                started = time.process_time()
                train(docs[:n], Path(tmp) / f"v{n}")
                train_seconds.append(time.process_time() - started)
                model = Model(Path(tmp) / f"v{n}", "crf")
            suggester = Suggester(
                builtin=[],
                gazetteer=gazetteer,
                models=[model] if model else [],
                thresholds={"model": args.threshold, "gazetteer": args.threshold},
            )
            offered = [s.key() for s in suggester.for_document(doc.text)]
            hand, helped, right = keys_for(doc.text, list(doc.spans), offered)
            rows.append((len(doc.spans), hand, helped, right, len(offered)))
            for start, end, label in doc.spans:
                gazetteer.learn(doc.text[start:end], label)
            gazetteer.count(doc.text)
    print(
        "| articles | gold spans | keys per span by hand | with suggestions | fewer "
        "| suggestion recall | suggestion precision |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    half = len(rows) // 2
    for name, part in (("first 50", rows[:half]), ("last 50", rows[half:])):
        gold, hand, helped, right, offered = (sum(col) for col in zip(*part, strict=True))
        print(
            f"| {name} | {gold} | {hand / gold:.2f} | {helped / gold:.2f} "
            f"| {1 - helped / hand:.0%} | {right / gold:.2f} | {right / max(offered, 1):.2f} |"
        )
    print(
        f"model retrained {len(train_seconds)} times, every {args.retrain} articles: "
        f"{sum(train_seconds) / max(len(train_seconds), 1):.1f} s CPU on average, "
        f"{max(train_seconds, default=0):.1f} s at most"
    )


if __name__ == "__main__":
    main()
