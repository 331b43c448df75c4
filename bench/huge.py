"""Opening huge articles: time and peak memory against reading the file, in the same run.

    .venv/bin/python bench/huge.py

Writes the sample article repeated to 1 MB and 5 MB (paragraphs as in the sample), and 5 MB
as one line (the worst case: one paragraph), into a temporary folder. For each: reading and
decoding the file (the baseline), opening it as the article view does (the layout of the
first screen, 100 x 30, and the cursor's row), and jumping to its end. Peak memory is
measured with tracemalloc: the baseline's is the text itself; opening's is what the layout
holds beyond the text. Each time is the best of a few rounds, a fresh layout each time.
"""

import gc
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from annotator.layout.layout import Layout, layout_text

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "deir-ez-zor-strikes.txt"
WIDTH, HEIGHT = 100, 30
ROUNDS = 3
MB = 1_000_000


def article(size: int, one_line: bool) -> str:
    text = SAMPLE.read_text(encoding="utf-8").strip("\n")
    if one_line:
        text = text.replace("\n", " ")
    unit = text + (" " if one_line else "\n")
    return unit * (size // len(unit.encode("utf-8")) + 1)


def first_screen(text: str) -> Layout:
    layout = layout_text(text, WIDTH)
    for row in range(HEIGHT):
        layout.line(row)
    layout.position_of(0)
    return layout


def jump_to_end(layout: Layout) -> None:
    end = len(layout.text)
    layout.lay_out_around(end, HEIGHT)
    last = layout.row_of(end)
    for row in range(max(last - HEIGHT + 1, 0), last + 1):
        layout.line(row)


def measure(work: Callable[[], object]) -> tuple[float, int, object]:
    """(best seconds, peak bytes allocated during one run, the last result)."""
    best = float("inf")
    result: object = None
    for _ in range(ROUNDS):
        gc.collect()
        started = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - started)
    gc.collect()
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak, result


def main() -> None:
    print(f"view of {WIDTH} x {HEIGHT} cells; best of {ROUNDS} runs")
    with tempfile.TemporaryDirectory() as folder:
        for size, one_line in ((MB, False), (5 * MB, False), (5 * MB, True)):
            path = Path(folder, "article.txt")
            path.write_text(article(size, one_line), encoding="utf-8")
            read_s, read_peak, text = measure(lambda p=path: p.read_text(encoding="utf-8"))
            assert isinstance(text, str)
            open_s, open_peak, layout = measure(lambda t=text: first_screen(t))
            assert isinstance(layout, Layout)
            end_s, _, _ = measure(lambda t=text: jump_to_end(first_screen(t)))
            end_s = max(end_s - open_s, 0.0)
            kind = "one line" if one_line else f"{text.count(chr(10)):,} paragraphs"
            print(
                f"\n{path.stat().st_size / MB:.1f} MB article ({len(text):,} characters, {kind}, "
                f"about {layout.row_count:,} rows):"
            )
            read_ms, open_ms = read_s * 1000, open_s * 1000
            print(f"  read the file (baseline): {read_ms:7.1f} ms, peak {read_peak / MB:6.1f} MB")
            print(
                f"  open (first screen):      {open_ms:7.1f} ms ({open_s / read_s:.1f}x the read), "
                f"peak {open_peak / MB:6.1f} MB beyond the text ({open_peak / read_peak:.2f}x); "
                "target < 500 ms"
            )
            print(f"  then jump to the end:     {end_s * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
