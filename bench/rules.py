"""Precision and recall of the built-in rules on real news, per label and per rule.

    .venv/bin/python bench/rules.py [DEV_FOLDER]

Scored on ``newsfane-dev/gold-casualty-quote.jsonl`` (40 articles marked for this project; see
that folder's README). The rules were developed looking only at the first 20 of them
("seen"); the last 20 ("held out") were scored but never read while writing rules, so only
their figures say how the rules hold on articles they were not written for. Speed is printed
as articles per second (wall clock and CPU), against a plain ``re.findall(r"\\w+")`` pass
measured in the same run.
"""

from __future__ import annotations

import re
import sys
import time
from collections import Counter
from pathlib import Path

import orjson

from annotator.suggest import Suggester

# The dev set sits in shared/ beside the clone (../shared), or beside a worktree's parent.
DEV = next(
    (
        folder / "shared" / "data" / "newsfane-dev"
        for folder in Path(__file__).resolve().parents
        if (folder / "shared" / "data" / "newsfane-dev").is_dir()
    ),
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "newsfane-dev",
)
SEEN = 20  # the first SEEN articles are the ones the rules were developed on
LABELS = ("CASUALTY_COUNT", "QUOTE")


def load(folder: Path) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    texts = {}
    for line in (folder / "corpus.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        texts[record["id"]] = record["text"]
    docs = []
    for line in (folder / "gold-casualty-quote.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        spans = [(s["start"], s["end"], s["label"]) for s in record["spans"]]
        docs.append((record["id"], texts[record["id"]], spans))
    return docs


def overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def score(docs, suggester: Suggester) -> tuple[dict[str, Counter[str]], list[str]]:
    tally: dict[str, Counter[str]] = {}
    misses = []
    for doc_id, text, gold in docs:
        found = suggester.for_document(text)
        guessed = [(s.start, s.end, s.label) for s in found]
        for span, (start, end, label) in zip(found, guessed, strict=True):
            for key in (label, span.source):
                t = tally.setdefault(key, Counter())
                t["suggested"] += 1
                t["exact"] += (start, end, label) in gold
                t["overlap"] += any(overlaps((start, end, label), g) for g in gold)
            if (start, end, label) not in gold:
                misses.append(f"{doc_id} extra {label} {text[start:end]!r}")
        for g in gold:
            t = tally.setdefault(g[2], Counter())
            t["gold"] += 1
            t["found"] += g in guessed
            t["found_overlap"] += any(overlaps(g, s) for s in guessed)
            if g not in guessed:
                misses.append(f"{doc_id} missed {g[2]} {text[g[0] : g[1]]!r}")
    return tally, misses


def ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "–"


def interval(hits: int, total: int) -> str:
    """The 95% Wilson score interval of hits/total: how far a figure on a few dozen spans
    may be from the rate on articles like them."""
    if not total:
        return "–"
    z = 1.96
    p = hits / total
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z * ((p * (1 - p) / total + z * z / (4 * total * total)) ** 0.5) / (1 + z * z / total)
    return f"{max(0.0, centre - half):.2f}–{min(1.0, centre + half):.2f}"


def row(*cells: object) -> str:
    key, suggested, gold, precision, recall = cells
    return f"{key:<38} {suggested:>5} {gold:>5} {precision:>16} {recall:>16}"


def report(title: str, tally: dict[str, Counter[str]]) -> None:
    print(f"\n{title}")
    print(row("label or rule:part", "sugg", "gold", "P exact/overlap", "R exact/overlap"))
    for key in sorted(tally, key=lambda k: (k not in LABELS, k)):
        t = tally[key]
        precision = f"{ratio(t['exact'], t['suggested'])} / {ratio(t['overlap'], t['suggested'])}"
        if key in LABELS:
            recall = f"{ratio(t['found'], t['gold'])} / {ratio(t['found_overlap'], t['gold'])}"
            print(row(key, t["suggested"], t["gold"], precision, recall))
        else:
            print(row(f"  {key}", t["suggested"], "", precision, ""))
    for label in LABELS:
        t = tally.get(label, Counter())
        print(
            f"{label}: 95% interval of exact precision {interval(t['exact'], t['suggested'])}, "
            f"of exact recall {interval(t['found'], t['gold'])}"
        )


def speed(docs, suggester: Suggester) -> None:
    texts = [text for _, text, _ in docs] * 25
    begin = time.perf_counter()
    for text in texts:
        re.findall(r"\w+", text)
    baseline = time.perf_counter() - begin
    begin, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        suggester.for_document(text)
    rules, cpu = time.perf_counter() - begin, time.process_time() - cpu
    # Per CPU second as well: on a shared machine the wall-clock rate says more about the
    # other work than about the rules.
    print(
        f"\nspeed: {len(texts) / rules:,.0f} articles/s, {len(texts) / cpu:,.0f} per CPU second "
        f"({rules / baseline:.1f}x a plain word scan of the same {len(texts)} articles)"
    )


def main() -> None:
    given = [arg for arg in sys.argv[1:] if not arg.startswith("-")]
    folder = Path(given[0]) if given else DEV
    docs = load(folder)
    suggester = Suggester()
    seen, held_out = docs[:SEEN], docs[SEEN:]
    for title, part in (
        (f"seen (articles 1-{SEEN}, the rules were developed on them)", seen),
        (
            f"held out (articles {SEEN + 1}-{len(docs)}, never read while writing the rules)",
            held_out,
        ),
    ):
        tally, misses = score(part, suggester)
        report(title, tally)
        if "-v" in sys.argv and part is seen:
            print("\n".join(misses))
    speed(docs, suggester)


if __name__ == "__main__":
    main()
