"""Key press to screen updated, on an article of 20,000 words, measured with Pilot.

For each action (cursor move, extend selection, apply a label) the time runs from handing
the key to the app until the screen update for it has been composed and turned into terminal
output. The same keys on the one-copy sample article are the baseline measured in this run;
the ratio shows whether per-key work grows with the article (it should not).

Textual draws at most 60 frames a second, so a key waits up to 16.7 ms for its frame. The
bench therefore runs twice, in child processes: with Textual's default frame rate (what a
user sees) and with frame pacing lifted (TEXTUAL_FPS=1000: the app's own work per key).
(``keys`` runs only these two.)

Then keys during long work. The review app over 3 annotators x 10,000 documents (the
journals of bench/agreement.py), `s` opens the agreement figures (seconds of work, in a
child process) and Esc is pressed while they are computed; from the key to the frame that
shows the review screen again. The baseline is the same Esc once the figures are shown.
And the annotate app on a journal of 20,000 records (each line with its text), read while the
first screen shows the document: End and Home pressed in turn meanwhile (each moves the
cursor, so each has a frame to wait for), from the key to its frame; the baseline is the same
keys once the journal is read. (``loading [N]`` runs only this case, on N records.)
And the annotate app while its model trains in the background (a child process, on
TRAINING_RECORDS accepted records of the sample's paragraphs), started by accepting a
document: Down pressed meanwhile; the baseline is the same key once the new model is in use.
(``--training`` runs only this case.)
And the review app over 3 annotators x 20,000 records, read behind its loading screen: its
first screen (from opening the review to the first frame), against the review of the sample's
fixture journals (read at once); End/Home pressed while the journals are read, against the
same keys once the review screen is open. (``review`` runs only this case.)
And the review app exporting gold's 20,000 accepted documents (E, a child process): End and
Home pressed meanwhile, against the same keys once it is written. (``export`` runs only this.)

Frames are timed by a terminal driver that notes each frame the app writes to it (rendered
to terminal output as for a real terminal), so no private API of Textual is used.

    .venv/bin/python bench/keys.py
"""

from __future__ import annotations

import asyncio
import os
import shutil
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
AGREEMENT_DOCS = 10_000
AGREEMENT_PRESSES = 5
AGREEMENT_TARGET_MS = 50.0
# ``loading N`` runs the annotate load alone on N records (the 100,000 among them).
JOURNAL_RECORDS = int(os.environ.get("KEYS_JOURNAL_RECORDS", "20000"))
LOADING_PRESSES = 5
# Keys pressed one after the other for as long as a load lasts (at most this many).
WHILE_LOADING_PRESSES = 3000
TRAINING_RECORDS = 600
REVIEW_RECORDS = 20_000
# Keys pressed right after the review's first frame, on the large review and on the sample.
FIRST_KEYS = 12
# A key that moved nothing draws no frame: the longest it is waited for.
NO_FRAME_S = 5.0


def build_corpus(folder: Path, words: int) -> Path:
    from annotator.store.paths import bundled_corpus

    sample = (bundled_corpus() / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
    copies = max(1, -(-words // len(sample.split())))
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text("\n".join([sample] * copies), encoding="utf-8")
    return folder


def frame_clock(app) -> list[tuple[float, object, int | None]]:
    """Run ``app`` on a terminal driver that draws nowhere but notes when each frame is
    written to it (the app renders every frame to terminal output, as for a real terminal),
    which screen it showed and where that screen's article cursor was; the notes. The app
    must be run with ``headless=False``."""
    from textual.drivers.headless_driver import HeadlessDriver

    frames: list[tuple[float, object, int | None]] = []

    class FrameClock(HeadlessDriver):
        @property
        def is_headless(self) -> bool:
            return False  # so the app writes its frames here

        def write(self, data: str) -> None:
            frames.append((time.perf_counter(), app.screen, article_cursor(app)))

    app.driver_class = FrameClock
    return frames


def article_cursor(app) -> int | None:
    """The cursor of the article on the app's screen (None: it shows none)."""
    from annotator.ui.shared.article_view import ArticleView

    found = app.screen.query(ArticleView)
    return found.first().cursor if found else None


async def key_to_its_frame(app, frames, key: str) -> tuple[float, bool] | None:
    """Milliseconds from pressing ``key`` (one that moves the article's cursor) to the first
    frame that shows the cursor moved on the screen it was pressed on, or that shows another
    screen (the key was pressed as the load ended and one screen replaced the other: True
    then); None when no such frame came within NO_FRAME_S.

    Not the first frame after the key: while long work reports progress, that is often a
    progress frame drawn before the key was handled. Not ``Pilot.press``: it returns once the
    app is idle, which a busy worker thread puts off by seconds, so few keys would be pressed
    while the work runs."""
    screen, before, seen = app.screen, article_cursor(app), len(frames)
    began = time.perf_counter()
    app.simulate_key(key)
    while time.perf_counter() - began < NO_FRAME_S:
        for shown_at, shown, cursor in frames[seen:]:
            if shown is not screen or cursor != before:
                return (shown_at - began) * 1000, shown is not screen
        seen = len(frames)
        # Not sleep(0): spinning here would hold the GIL from the thread doing the work.
        await asyncio.sleep(0.001)
    return None


async def measure(corpus: Path, out: Path) -> dict[str, list[float]]:
    from annotator.ui.annotate.app import make_app
    from annotator.ui.shared.article_view import ArticleView

    app = make_app(corpus, annotator="bench", out=out)
    frames = frame_clock(app)
    timings: dict[str, list[float]] = {"cursor move": [], "extend selection": [], "apply label": []}
    async with app.run_test(size=SIZE, headless=False) as pilot:
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
            timings[action].append((frames[seen][0] - start) * 1000)

        for i in range(PRESSES):
            await timed("cursor move", "left" if i % 2 else "ctrl+left")
            await timed("extend selection", "shift+left")
            await timed("apply label", "escape", "ctrl+left", "shift+left", "1234"[i % 4])
    return timings


async def measure_agreement(folder: Path) -> dict[str, list[float]]:
    """Esc on the agreement screen while it computes, and once it has its figures."""
    from agreement import ANNOTATORS, write_journals

    from annotator.session.review import open_review
    from annotator.ui.review.app import ReviewApp
    from annotator.ui.review.screen import ReviewScreen
    from annotator.ui.shared.agreement_screen import AgreementScreen

    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "unrelated.txt").write_text("نص", encoding="utf-8")  # documents come from journals
    write_journals(folder, AGREEMENT_DOCS)
    names = list(ANNOTATORS)
    setup = open_review(
        corpus, names, reviewer="bench", annotations=folder, gold=folder / "gold.jsonl"
    ).finish()
    app = ReviewApp(setup)
    frames = frame_clock(app)
    timings: dict[str, list[float]] = {"Esc while computing": [], "Esc once computed": []}
    try:
        async with app.run_test(size=SIZE, headless=False) as pilot:
            review = app.screen
            assert isinstance(review, ReviewScreen)

            async def until(condition) -> None:
                while not condition():
                    await asyncio.sleep(0.001)

            async def close(action: str) -> None:
                start = time.perf_counter()
                await pilot.press("escape")
                await until(lambda: any(t > start and s is review for t, s, _ in frames))
                shown = next(t for t, s, _ in frames if t > start and s is review)
                timings[action].append((shown - start) * 1000)

            for _ in range(AGREEMENT_PRESSES):
                await pilot.press("s")
                screen = app.screen
                assert isinstance(screen, AgreementScreen)
                await until(lambda screen=screen: screen.step.startswith("Computing"))
                await close("Esc while computing")
                await pilot.press("s")
                screen = app.screen
                assert isinstance(screen, AgreementScreen)
                await until(lambda screen=screen: screen.report is not None)
                await close("Esc once computed")
    finally:
        setup.journal.close()
    return timings


async def measure_export(folder: Path) -> dict[str, list[float]]:
    """End/Home on the review screen while gold (REVIEW_RECORDS accepted documents) is
    exported in a child process (E), and the same keys once it is written."""
    from agreement import ANNOTATORS, write_journals

    from annotator.session.review import open_review
    from annotator.ui.review.app import ReviewApp

    corpus = folder / "corpus"
    corpus.mkdir()
    (corpus / "unrelated.txt").write_text("نص", encoding="utf-8")  # documents come from journals
    write_journals(folder, REVIEW_RECORDS)
    shutil.copyfile(folder / "amal.jsonl", folder / "gold.jsonl")  # amal's work, all accepted
    setup = open_review(
        corpus, list(ANNOTATORS), reviewer="bench", annotations=folder, gold=folder / "gold.jsonl"
    ).finish()
    os.chdir(folder)  # export/ is made here
    app = ReviewApp(setup)
    keys = KeysThroughALoad(app, frame_clock(app), time.perf_counter())
    keys.timings = {"key while exporting": [], "key once exported": [], "no frame": []}
    try:
        async with app.run_test(size=SIZE, headless=False) as pilot:
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("E")

            def written() -> bool:
                return any(n.message.startswith("Exported") for n in app.notices)

            while not written() and len(keys.timings["key while exporting"]) < (
                WHILE_LOADING_PRESSES
            ):
                await keys.press("key while exporting")
            while not written():
                await asyncio.sleep(0.01)
            exported = time.perf_counter() - started
            await pilot.pause()
            for _ in range(LOADING_PRESSES):
                await keys.press("key once exported")
    finally:
        setup.journal.close()
    for line in keys.slow:
        print(line, file=sys.stderr)
    print(f"  gold was written {exported:.2f} s after E", file=sys.stderr)
    return keys.timings


def child_export() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        timings = asyncio.run(measure_export(Path(tmp)))
    print_loading_rows(timings, during=("key while exporting",))


def gold_export() -> None:
    during_work(
        "export",
        ("End / Home", "key while exporting", "key once exported", "exporting", "written"),
        f"while the review exports gold's {REVIEW_RECORDS:,} accepted documents (E: a child "
        "process writes them; pressed one after the other as long as it lasts",
    )


def write_large_journal(folder: Path) -> tuple[Path, Path]:
    """A corpus of JOURNAL_RECORDS articles (the sample's paragraphs, each made distinct) and
    a journal with a record of each, every line carrying its text: (corpus, annotations)."""
    import orjson
    from _sample import paragraphs

    from annotator.annotations.model import DocRecord

    base = paragraphs()
    corpus, annotations = folder / "corpus", folder / "annotations"
    corpus.mkdir()
    annotations.mkdir()
    articles, records = [], []
    for i in range(JOURNAL_RECORDS):
        text, spans = base[i % len(base)]
        text = f"{text} {i}"
        articles.append(orjson.dumps({"id": f"doc-{i:05d}", "text": text}) + b"\n")
        record = DocRecord(f"doc-{i:05d}", text, spans, "accepted")
        record.annotator = "bench"
        records.append(orjson.dumps(record.to_json()) + b"\n")
    (corpus / "news.jsonl").write_bytes(b"".join(articles))
    (annotations / "bench.jsonl").write_bytes(b"".join(records))
    return corpus, annotations


class KeysThroughALoad:
    """End and Home pressed in turn, one after the other, through a load and once it is done
    (each moves the cursor, so each has a frame to wait for): each key's wait under its row,
    and when each key over the target was pressed."""

    def __init__(self, app, frames, start: float) -> None:
        self.app, self.frames, self.start = app, frames, start
        self.timings: dict[str, list[float]] = {
            "key while loading": [],
            "key once loaded": [],
            "key at the switch": [],
            "no frame": [],
        }
        self.presses = 0
        self.slow: list[str] = []

    async def press(self, action: str) -> None:
        self.presses += 1
        key = "end" if self.presses % 2 else "home"
        answered = await key_to_its_frame(self.app, self.frames, key)
        if answered is None:
            self.timings["no frame"].append(NO_FRAME_S * 1000)
            return
        took, switched = answered
        self.timings["key at the switch" if switched else action].append(took)
        if took >= AGREEMENT_TARGET_MS:
            pressed = time.perf_counter() - self.start - took / 1000
            self.slow.append(f"  a key pressed {pressed:.2f} s after opening waited {took:.0f} ms")

    async def through(self, loading: type, loaded: type, pilot) -> float:
        """Keys while ``loading`` is the screen, then once ``loaded`` is: seconds from the
        start until ``loaded`` was the screen."""
        while isinstance(self.app.screen, loading) and (
            len(self.timings["key while loading"]) < WHILE_LOADING_PRESSES
        ):
            await self.press("key while loading")
        while not isinstance(self.app.screen, loaded):
            await asyncio.sleep(0.01)
        opened = time.perf_counter() - self.start
        await pilot.pause()
        for _ in range(LOADING_PRESSES):
            await self.press("key once loaded")
        return opened

    def say(self, screen: str, opened: float) -> None:
        """On stderr, once the app is closed (it takes the output while it runs)."""
        for line in self.slow:
            print(line, file=sys.stderr)
        print(f"  the {screen} screen was open {opened:.2f} s after opening", file=sys.stderr)


async def measure_loading(folder: Path) -> dict[str, list[float]]:
    """End/Home on the first screen while the journal is read (and the gazetteer learned
    from it), and the same keys once the annotate screen is open."""
    from annotator.ui.annotate.app import make_app
    from annotator.ui.annotate.loading import LoadingScreen
    from annotator.ui.annotate.screen import AnnotateScreen

    corpus, annotations = write_large_journal(folder)
    app = make_app(corpus, annotator="bench", out=annotations)
    keys = KeysThroughALoad(app, frame_clock(app), time.perf_counter())
    async with app.run_test(size=SIZE, headless=False) as pilot:
        await pilot.pause()
        opened = await keys.through(LoadingScreen, AnnotateScreen, pilot)
    keys.say("annotate", opened)
    return keys.timings


async def measure_training(folder: Path) -> dict[str, list[float]]:
    """Down while the model trains in a child process (started by accepting a document), and
    the same key once the new model is in use."""
    import orjson
    from _sample import paragraphs

    from annotator.annotations.model import DocRecord
    from annotator.session.learning import Learner
    from annotator.ui.annotate.app import make_app
    from annotator.ui.annotate.screen import AnnotateScreen

    base = paragraphs()
    corpus, annotations = build_corpus(folder / "corpus", WORDS), folder / "annotations"
    annotations.mkdir()
    lines = []
    for i in range(TRAINING_RECORDS):
        text, spans = base[i % len(base)]
        record = DocRecord(f"learned-{i:04d}", f"{text} {i}", spans, "accepted")
        record.annotator = "bench"
        lines.append(orjson.dumps(record.to_json()) + b"\n")
    (annotations / "bench.jsonl").write_bytes(b"".join(lines))
    learner = Learner(annotations, "bench", retrain_every=1)
    app = make_app(corpus, annotator="bench", out=annotations, learner=learner)
    frames = frame_clock(app)
    timings: dict[str, list[float]] = {
        "down before training": [],
        "down while training": [],
        "down once trained": [],
    }
    async with app.run_test(size=SIZE, headless=False) as pilot:
        await pilot.pause()

        async def timed(action: str) -> None:
            seen = len(frames)
            start = time.perf_counter()
            await pilot.press("down")
            while len(frames) == seen:
                await asyncio.sleep(0.001)  # not 0: a spin would hold the GIL
            timings[action].append((frames[seen][0] - start) * 1000)

        while not isinstance(app.screen, AnnotateScreen):  # the journal is read meanwhile
            await asyncio.sleep(0.01)
        await pilot.pause()
        for _ in range(LOADING_PRESSES):
            await timed("down before training")
            await asyncio.sleep(0.05)
        # Accepted (the first press asks about the suggestions left): the training starts.
        await pilot.press("a", "a")
        assert app.learning is not None and app.learning.training
        while app.learning.training and len(timings["down while training"]) < PRESSES:
            await timed("down while training")
            await asyncio.sleep(0.05)
        while app.learning.training or not app.learning.line.startswith("model"):
            await asyncio.sleep(0.05)
        # The new model's suggestions of the long article are found (in a child) first.
        while app.workspace is not None and app.workspace.suggestions_wanted is not None:
            await asyncio.sleep(0.05)
        await pilot.pause()
        for _ in range(PRESSES):
            await timed("down once trained")
            await asyncio.sleep(0.05)
    return timings


def child_training() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        timings = asyncio.run(measure_training(Path(tmp)))
    for action, values in timings.items():
        median = statistics.median(values) if values else float("nan")
        print(f"{action}\t{median:.2f}\t{max(values, default=float('nan')):.2f}")


async def measure_review_loading(folder: Path, sample: bool) -> dict[str, list[float]]:
    """The review's first screen, then End/Home while the journals are read (none for the
    sample, read at once) and once the review screen is open."""
    from agreement import ANNOTATORS, write_journals

    from annotator.session.review import open_review
    from annotator.ui.review.app import make_review_app
    from annotator.ui.review.loading import ReviewLoadingScreen
    from annotator.ui.review.screen import ReviewScreen

    root = Path(__file__).resolve().parents[1]
    if sample:
        corpus, annotations = root / "corpora", root / "tests" / "fixtures" / "review"
    else:
        corpus, annotations = folder / "corpus", folder
        corpus.mkdir()
        (corpus / "unrelated.txt").write_text("نص", encoding="utf-8")  # documents: journals'
        write_journals(folder, REVIEW_RECORDS)
    start = time.perf_counter()
    opening = open_review(
        corpus,
        list(ANNOTATORS),
        reviewer="bench",
        annotations=annotations,
        gold=folder / "gold.jsonl",
    )
    app = make_review_app(opening)
    frames = frame_clock(app)
    keys = KeysThroughALoad(app, frames, start)
    timings = {"first screen": [], **keys.timings}
    try:
        async with app.run_test(size=SIZE, headless=False) as pilot:

            def first() -> float | None:
                """When the first frame showing the loading or the review screen was out."""
                shown = (ReviewLoadingScreen, ReviewScreen)
                return next((t for t, screen, _ in frames if isinstance(screen, shown)), None)

            while (shown_at := first()) is None:
                await asyncio.sleep(0.001)
            timings["first screen"].append((shown_at - start) * 1000)
            # The first keys after the first frame wait for the app's own start-up (the
            # footer is built again as bindings settle): pressed on the sample too, with no
            # long work, they are the baseline of the large review's first keys.
            timings["first keys"] = []
            for _ in range(FIRST_KEYS):
                await keys.press("key while loading")
                if keys.timings["key while loading"]:
                    timings["first keys"].append(keys.timings["key while loading"][-1])
            opened = await keys.through(ReviewLoadingScreen, ReviewScreen, pilot)
    finally:
        opening.close()
    keys.say("review", opened)
    return timings


def child_review_loading(sample: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print_loading_rows(asyncio.run(measure_review_loading(Path(tmp), sample)))


def print_loading_rows(
    timings: dict[str, list[float]], during: tuple[str, ...] = ("key while loading",)
) -> None:
    """A child's rows for its parent: median and worst of each, then how many keys were
    pressed during the work (the rows ``during``, and at the switch of screens) and how many
    of them waited over the target."""
    for action, values in timings.items():
        median = statistics.median(values) if values else float("nan")
        print(f"{action}\t{median:.2f}\t{max(values, default=float('nan')):.2f}")
    pressed = [took for row in (*during, "key at the switch") for took in timings.get(row, [])]
    print(f"presses during the work\t{len(pressed)}\t{len(pressed)}")
    slow = sum(1 for took in pressed if took >= AGREEMENT_TARGET_MS)
    print(f"over target during the work\t{slow}\t{slow}")


def review_loading() -> None:
    """The review's first screen and a key during its load, against the sample."""
    big = run_child("review-loading", None)
    small = run_child("review-sample", None)
    first, first_sample = big["first screen"][0], small["first screen"][0]
    presses = int(big["presses during the work"][0])
    print(
        f"\nreview of 3 annotators x {REVIEW_RECORDS:,} records, read behind the loading "
        f"screen ({presses} presses while it loads, one after the other), target "
        f"{AGREEMENT_TARGET_MS:.0f} ms a key"
    )
    print(f"  {'action':<22}{'large':>12}{'worst':>9}{'sample':>11}{'ratio':>8}")
    ratio = first / first_sample
    print(f"  {'first screen':<22}{first:>9.2f} ms{'':>9}{first_sample:>8.2f} ms{ratio:>7.2f}x")
    during, worst = big["key while loading"]
    after = big["key once loaded"][0]
    switch, switch_worst = big["key at the switch"]
    if switch == switch:  # not NaN: a key was pressed as the review screen replaced the other
        worst = max(worst, switch_worst)
    first_keys, first_keys_sample = big["first keys"][1], small["first keys"][1]
    print(
        f"  {f'first {FIRST_KEYS} keys, worst':<22}{first_keys:>9.2f} ms{'':>9}"
        f"{first_keys_sample:>8.2f} ms{first_keys / first_keys_sample:>7.2f}x  (the app's "
        "start-up: the sample has no long work)"
    )
    mark = "ok" if worst < AGREEMENT_TARGET_MS else "SLOW"  # every key, the worst too
    slow = int(big["over target during the work"][0])
    print(
        f"  {'End/Home while loading':<22}{during:>9.2f} ms{worst:>6.1f} ms{after:>8.2f} ms"
        f"{during / after:>7.2f}x  {mark}  (against the same keys once loaded; {slow} of "
        f"{presses} keys over {AGREEMENT_TARGET_MS:.0f} ms; at the switch: {switch:.1f} ms)"
    )


def child_loading() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print_loading_rows(asyncio.run(measure_loading(Path(tmp))))


def child_agreement() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        timings = asyncio.run(measure_agreement(Path(tmp)))
    for action, values in timings.items():
        print(f"{action}\t{statistics.median(values):.2f}\t{max(values):.2f}")


def child(words: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = build_corpus(Path(tmp) / "corpus", words)
        timings = asyncio.run(measure(corpus, Path(tmp) / "out"))
    for action, values in timings.items():
        print(f"{action}\t{statistics.median(values):.2f}\t{max(values):.2f}")


def run_child(words: int | str, fps: str | None) -> dict[str, tuple[float, float]]:
    """The timings of ``child(words)``, or of ``child_agreement()`` / ``child_loading()`` /
    ``child_training()`` / ``child_review_loading()`` / ``child_export()`` when ``words``
    is "agreement" / "loading" / "training" / "review-loading" (or "review-sample") /
    "export"."""
    env = dict(os.environ)
    if fps is not None:
        env["TEXTUAL_FPS"] = fps
    which = ["--child", str(words)] if isinstance(words, int) else [f"--child-{words}"]
    result = subprocess.run(
        [sys.executable, __file__, *which],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    sys.stderr.write(result.stderr)  # what a child says beside its figures
    rows = {}
    for line in result.stdout.splitlines():
        action, median, worst = line.split("\t")
        rows[action] = (float(median), float(worst))
    return rows


def key_to_screen() -> None:
    """Cursor move, extend and label on the long article against the sample, at both frame
    rates (``keys`` runs only this)."""
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


def main() -> None:
    key_to_screen()
    during_work(
        "agreement",
        ("Esc", "Esc while computing", "Esc once computed", "computing", "computed"),
        f"during the agreement figures ({AGREEMENT_DOCS:,} documents x 3 annotators, "
        f"{AGREEMENT_PRESSES} presses",
    )
    annotate_loading()
    training()
    review_loading()
    gold_export()


def annotate_loading() -> None:
    during_work(
        "loading",
        ("End / Home", "key while loading", "key once loaded", "loading", "loaded"),
        f"while a journal of {JOURNAL_RECORDS:,} records is read (the first screen shows the "
        f"document meanwhile; pressed one after the other as long as it lasts",
    )


def training() -> None:
    """Down while a model trains, against the same key before the training and once its
    model is in use (its suggestions found too)."""
    rows = run_child("training", None)
    before = rows["down before training"][0]
    print(
        f"\nkey while a model trains on {TRAINING_RECORDS} records in the background (up to "
        f"{PRESSES} presses, target {AGREEMENT_TARGET_MS:.0f} ms)"
    )
    print(f"  {'down':<22}{'median':>9}{'worst':>9}{'ratio to before':>17}")
    for row in ("down before training", "down while training", "down once trained"):
        median, worst = rows[row]
        mark = "ok" if median < AGREEMENT_TARGET_MS else "SLOW"
        print(f"  {row:<22}{median:>6.2f} ms{worst:>6.1f} ms{median / before:>13.2f}x  {mark}")


def during_work(child: str, names: tuple[str, str, str, str, str], title: str) -> None:
    """A key pressed during long work (``child``'s rows), against the same key after it."""
    key, during_row, after_row, during_head, after_head = names
    rows = run_child(child, None)
    during, worst = rows[during_row]
    after = rows[after_row][0]
    mark = "ok" if during < AGREEMENT_TARGET_MS else "SLOW"
    if "presses during the work" in rows:
        # Pressed for as long as the load lasts: every key counts, the worst too.
        title += (
            f": {int(rows['presses during the work'][0])} presses, "
            f"{int(rows['over target during the work'][0])} over the target"
        )
        if "key at the switch" in rows:
            switch, switch_worst = rows["key at the switch"]
            if switch == switch:  # not NaN: a key was pressed as the screens switched
                worst = max(worst, switch_worst)
            title += f"; at the switch {switch:.1f} ms"
        mark = "ok" if worst < AGREEMENT_TARGET_MS else "SLOW"
    print(f"\nkey {title}, target {AGREEMENT_TARGET_MS:.0f} ms)")
    print(f"  {'action':<22}{during_head:>12}{'worst':>9}{after_head:>11}{'ratio':>8}")
    print(
        f"  {key:<22}{during:>9.2f} ms{worst:>6.1f} ms{after:>8.2f} ms"
        f"{during / after:>7.2f}x  {mark}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    elif sys.argv[1:] == ["--child-agreement"]:
        child_agreement()
    elif sys.argv[1:] == ["--child-loading"]:
        child_loading()
    elif sys.argv[1:] == ["--child-training"]:
        child_training()
    elif sys.argv[1:] == ["--training"]:
        training()
    elif sys.argv[1:] in (["--child-review-loading"], ["--child-review-sample"]):
        child_review_loading(sample=sys.argv[1] == "--child-review-sample")
    elif sys.argv[1:] == ["review"]:
        review_loading()
    elif sys.argv[1:] == ["--child-export"]:
        child_export()
    elif sys.argv[1:] == ["export"]:
        gold_export()
    elif sys.argv[1:2] == ["loading"] and len(sys.argv) <= 3:
        if len(sys.argv) == 3:
            os.environ["KEYS_JOURNAL_RECORDS"] = sys.argv[2]  # for the child
            JOURNAL_RECORDS = int(sys.argv[2])
        annotate_loading()
    elif sys.argv[1:] == ["keys"]:
        key_to_screen()
    else:
        main()
