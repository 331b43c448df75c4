"""Key press to screen updated, on an article of 20,000 words, measured with Pilot.

For each action (cursor move, extend selection, apply a label) the time runs from handing
the key to the app until the screen update for it has been composed and turned into terminal
output. The same keys on the one-copy sample article are the baseline measured in this run;
the ratio shows whether per-key work grows with the article (it should not).

Textual draws at most 60 frames a second, so a key waits up to 16.7 ms for its frame. The
bench therefore runs twice, in child processes: with Textual's default frame rate (what a
user sees) and with frame pacing lifted (TEXTUAL_FPS=1000: the app's own work per key).

    .venv/bin/python bench/keys.py
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = 20_000
PRESSES = 40
SIZE = (100, 30)
TARGET_MS = 16.0


def build_corpus(folder: Path, words: int) -> Path:
    from annotator.store.paths import bundled_corpus

    sample = (bundled_corpus() / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
    copies = max(1, -(-words // len(sample.split())))
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text("\n".join([sample] * copies), encoding="utf-8")
    return folder


async def measure(corpus: Path, out: Path) -> dict[str, list[float]]:
    from annotator.ui.annotate.app import make_app
    from annotator.ui.shared.article_view import ArticleView

    app = make_app(corpus, annotator="bench", out=out)
    frames: list[float] = []
    show = app._display

    def display(screen, renderable) -> None:
        show(screen, renderable)
        if renderable is not None and hasattr(renderable, "render_segments"):
            renderable.render_segments(app.console)  # what a real terminal would be sent
            frames.append(time.perf_counter())

    app._display = display
    timings: dict[str, list[float]] = {"cursor move": [], "extend selection": [], "apply label": []}
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        # Start in the middle of the article: rows far from the top, spans already present.
        view.move_to(len(view.text) // 2)
        await pilot.pause()

        async def timed(action: str, *keys: str) -> None:
            for key in keys[:-1]:
                await pilot.press(key)
            seen = len(frames)
            start = time.perf_counter()
            await pilot.press(keys[-1])
            while len(frames) == seen:
                await asyncio.sleep(0)
            timings[action].append((frames[seen] - start) * 1000)

        for i in range(PRESSES):
            await timed("cursor move", "left" if i % 2 else "ctrl+left")
            await timed("extend selection", "shift+left")
            await timed("apply label", "escape", "ctrl+left", "shift+left", "1234"[i % 4])
    return timings


def child(words: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp) / "corpus", words)
        timings = asyncio.run(measure(corpus, Path(tmp) / "out"))
    for action, values in timings.items():
        print(f"{action}\t{statistics.median(values):.2f}\t{max(values):.2f}")


def run_child(words: int, fps: str | None) -> dict[str, tuple[float, float]]:
    env = dict(os.environ)
    if fps is not None:
        env["TEXTUAL_FPS"] = fps
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(words)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    rows = {}
    for line in result.stdout.splitlines():
        action, median, worst = line.split("\t")
        rows[action] = (float(median), float(worst))
    return rows


def main() -> None:
    from annotator.store.paths import bundled_corpus

    sample_words = len((bundled_corpus() / "deir-ez-zor-strikes.txt").read_text().split())
    print(
        f"keys: {PRESSES} presses per action, terminal {SIZE[0]}x{SIZE[1]}, target {TARGET_MS} ms"
    )
    for title, fps in (
        ("default 60 fps (what a user sees)", None),
        ("frame pacing lifted (app work)", "1000"),
    ):
        big = run_child(WORDS, fps)
        small = run_child(sample_words, fps)
        print(f"\n{title}")
        print(f"  {'action':<18}{'20k words':>12}{'worst':>9}{'sample':>10}{'ratio':>8}")
        for action, (median, worst) in big.items():
            base = small[action][0]
            mark = "ok" if median < TARGET_MS else "SLOW"
            print(
                f"  {action:<18}{median:>9.2f} ms{worst:>6.1f} ms{base:>7.2f} ms"
                f"{median / base:>7.2f}x  {mark}"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
