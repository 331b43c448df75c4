"""Opening huge articles: time and peak memory against reading the file, in the same run;
then the first screen of the real app on a 5 MB article, with and without suggestions.

    .venv/bin/python bench/huge.py

Writes the sample article repeated to 1 MB and 5 MB (paragraphs as in the sample), and 5 MB
as one line (the worst case: one paragraph), into a temporary folder. For each: reading and
decoding the file (the baseline), opening it as the article view does (the layout of the
first screen, 100 x 30, and the cursor's row), and jumping to its end. Peak memory is
measured with tracemalloc: the baseline's is the text itself; opening's is what the layout
holds beyond the text. Each time is the best of a few rounds, a fresh layout each time.
"""

import asyncio
import gc
import math
import shutil
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from annotator.layout.layout import Layout, layout_text
from annotator.ui.annotate.app import make_app

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "deir-ez-zor-strikes.txt"
WIDTH, HEIGHT = 100, 30
ROUNDS = 3
APP_ROUNDS = 5
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


async def app_first_screen(corpus: Path, suggest: bool) -> tuple[float, float, float]:
    """In the app (Pilot, a terminal of WIDTH x HEIGHT): seconds from ``make_app`` to the
    first screen drawn; then the seconds a key (down) takes to be answered while the
    suggestions are still being found (nan once they were found first), and once found."""
    with tempfile.TemporaryDirectory() as annotations:
        started = time.perf_counter()
        app = make_app(corpus, annotator="bench", out=Path(annotations), suggest=suggest)
        async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
            await pilot.pause()
            first = time.perf_counter() - started

            async def key() -> float:
                pressed = time.perf_counter()
                await pilot.press("down")
                return time.perf_counter() - pressed

            during = await key() if not app.workspace.suggestions_found else float("nan")
            while not app.workspace.suggestions_found:
                await asyncio.sleep(0.01)
            await pilot.pause()
            after = await key()
    return first, during, after


def app_rows(folder: Path) -> None:
    """The first screen of the sample article and of a 5 MB one, in the app: APP_ROUNDS rounds,
    each opening the sample, then the 5 MB article without and with suggestions, so that a
    moment of load on the machine falls on all three alike; each figure is the median over the
    rounds, and each ratio the median of the rounds' own ratios."""
    sample = Path(folder, "sample")
    sample.mkdir()
    shutil.copy(SAMPLE, sample)
    big = Path(folder, "big")
    big.mkdir()
    Path(big, "article.txt").write_text(article(5 * MB, False), encoding="utf-8")
    asyncio.run(app_first_screen(sample, True))  # imports, stylesheet: not the article's cost
    rounds = []
    for _ in range(APP_ROUNDS):
        base, _, base_key = asyncio.run(app_first_screen(sample, True))
        plain, _, _ = asyncio.run(app_first_screen(big, False))
        first, during, after = asyncio.run(app_first_screen(big, True))
        rounds.append((base, base_key, plain, first, during, after))
    base, base_key, plain, first, _, after = map(statistics.median, zip(*rounds, strict=True))
    # nan where the suggestions were found before the key could be pressed
    during = statistics.median([r[4] for r in rounds if not math.isnan(r[4])] or [math.nan])
    print(f"\nthe app's first screen ({WIDTH} x {HEIGHT}), median of {APP_ROUNDS} rounds")
    print(
        f"  sample article, suggestions (baseline): {base * 1000:7.1f} ms; "
        f"a key {base_key * 1000:.1f} ms"
    )
    for what, seconds, column in (("without", plain, 2), ("with", first, 3)):
        ratios = [r[column] / r[0] for r in rounds]
        print(
            f"  5 MB article, {what} suggestions: {seconds * 1000:7.1f} ms, "
            f"{statistics.median(ratios):.2f}x the sample (rounds: "
            + " ".join(f"{x:.2f}" for x in ratios)
            + "); target < 1000 ms, <= 1.3x"
        )
    print(
        f"    a key while the suggestions are found: {during * 1000:.1f} ms; once found: "
        f"{after * 1000:.1f} ms ({during / after:.1f}x)"
    )


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
        app_rows(Path(folder))


if __name__ == "__main__":
    main()
