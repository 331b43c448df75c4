"""Layout speed against plain arabic-reshaper + python-bidi, measured in the same run.

    .venv/bin/python bench/layout.py

Lays out the sample article repeated to 200,000 characters at 100 columns, and times
`arabic_reshaper.reshape` + `bidi.get_display` per paragraph on the same text (which only
produce display strings: no line breaking, no offset maps, brackets mirrored backwards).
Also times the sample article alone (about 3,200 characters). Each figure is the best of
several runs, alternating between the two sides so that other processes on the machine
disturb both alike; garbage is collected before each run.
"""

import gc
import time
from pathlib import Path

import arabic_reshaper
from bidi import get_display

from annotator.layout.layout import DisplayLine, layout_text

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "deir-ez-zor-strikes.txt"
SIZE = 200_000
WIDTH = 100
ROUNDS = 5


def best_of(rounds: int, *works) -> list[float]:
    """Best time of each work over `rounds` rounds; the works alternate within a round so
    that load from other processes falls on all of them alike."""
    best = [float("inf")] * len(works)
    for _ in range(rounds):
        for k, work in enumerate(works):
            gc.collect()
            started = time.perf_counter()
            work()
            best[k] = min(best[k], time.perf_counter() - started)
    return best


def every_line(text: str) -> list[DisplayLine]:
    """The whole layout: the engine lays out lazily, so every row is asked for."""
    return list(layout_text(text, WIDTH).lines)


def plain(text: str) -> None:
    for paragraph in text.split("\n"):
        get_display(arabic_reshaper.reshape(paragraph))


def main() -> None:
    article = SAMPLE.read_text(encoding="utf-8").strip("\n")
    big = "\n".join([article] * (SIZE // len(article) + 1))[:SIZE]

    ours, theirs = best_of(ROUNDS, lambda: every_line(big), lambda: plain(big))
    [single] = best_of(ROUNDS * 4, lambda: every_line(article))

    lines = len(every_line(big))
    print(f"text: {len(big):,} characters, {big.count(chr(10)) + 1} paragraphs, {lines} lines")
    print(f"every line ({WIDTH} columns):            {ours * 1000:8.1f} ms")
    print(f"arabic_reshaper.reshape + get_display:  {theirs * 1000:8.1f} ms")
    print(f"ratio layout / plain:                   {ours / theirs:8.2f}x  (target <= 2x)")
    print(
        f"the sample article, {len(article):,} characters: {single * 1000:.2f} ms (target < 10 ms)"
    )


if __name__ == "__main__":
    main()
