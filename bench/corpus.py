"""Corpus and journal loading at scale, against a plain ``orjson.loads`` pass measured in the
same run. Targets: corpus open under 1 s, journal load within 1.5x the baseline, peak memory
under 300 MB. The baseline is given two ways: each parsed object dropped at once (parsing
alone), and every object kept in a list (what holding the parsed file in memory costs).

A journal is measured twice: opened and one record read (``load_journal`` parses every line
and builds a record when it is read: what showing one document needs), and opened with every
record built and checked (what counting them, listing problems, export or agreement need:
``every_record=True``, each record built as its line is read rather than parsed twice).

Generates, in a temporary folder, a JSONL corpus of N articles (default 100,000: the sample
article's paragraphs, a random run of 2 to 8 of them with its numbers changed, so no two are
alike), the same articles as a folder of .txt files, and a journal of N lines as an annotator
leaves it: N/4 documents, each saved four times as spans were added (the latest line wins). A
second journal holds N documents once each (what ``annotator compact`` leaves of a journal
that size). Each measurement runs in a fresh process so that its peak memory
(``resource.getrusage``) is its own; the median of five runs is shown, with the range.

``--journals`` measures the journals only. ``--against CHECKOUT`` also loads them with the
code of another checkout (a worktree of an earlier commit: ``git worktree add --detach DIR
COMMIT``), its runs taking turns with this code's, so both meet the same load:

    .venv/bin/python bench/corpus.py [N] [--journals] [--against CHECKOUT]
"""

from __future__ import annotations

import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import load_journal
from annotator.text.corpus import open_corpus

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "deir-ez-zor-strikes.txt"
ROUNDS = 5
OPEN_TARGET = 1.0
LOAD_TARGET = 1.5
MEMORY_TARGET = 300.0
LABELS = ("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE")


def articles(n: int, rng: random.Random):
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n") if p]
    for i in range(n):
        size = rng.randint(2, 8)
        first = rng.randrange(len(paragraphs) - size + 1)
        text = "\n".join(paragraphs[first : first + size])
        yield f"news-{i:06d}", re.sub(r"\d+", lambda _: str(rng.randint(1, 2024)), text)


def spans_over(text: str, count: int, rng: random.Random) -> list[Span]:
    words = [m.span() for m in re.finditer(r"\S+", text)]
    return [Span.of(text, *rng.choice(words), rng.choice(LABELS)) for _ in range(count)]


def txt_folder(folder: Path, corpus: Path) -> Path:
    """The same articles as one .txt file each, 1,000 to a sub-folder."""
    root = folder / "txt"
    for i, line in enumerate(corpus.open("rb")):
        sub = root / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"{i:06d}.txt").write_text(orjson.loads(line)["text"], encoding="utf-8")
    return root


def generate(folder: Path, n: int) -> tuple[Path, Path, Path]:
    rng = random.Random(2026)
    corpus, history, compacted = (
        folder / "corpus.jsonl",
        folder / "history.jsonl",
        folder / "compacted.jsonl",
    )
    with open(corpus, "wb") as c, open(history, "wb") as h, open(compacted, "wb") as k:
        for i, (doc_id, text) in enumerate(articles(n, rng)):
            c.write(orjson.dumps({"id": doc_id, "text": text, "meta": {"source": "bench"}}))
            c.write(b"\n")
            record = DocRecord(id=doc_id, text=text, status="in_progress", annotator="bench")
            saves = 4 if i < n // 4 else 0
            for save in range(saves):
                record.spans = spans_over(text, 2 * (save + 1), rng)
                record.status = "accepted" if save == saves - 1 else "in_progress"
                h.write(orjson.dumps(record.to_json()) + b"\n")
            record.spans = spans_over(text, 8, rng)
            k.write(orjson.dumps(record.to_json()) + b"\n")
    return corpus, history, compacted


def phase(name: str, path: Path) -> dict:
    """One measurement, run in its own process."""
    start = time.perf_counter()
    if name == "open":
        corpus = open_corpus(path)
        corpus.text(corpus.ids[0])  # the first screen needs one text
        count = len(corpus)
    elif name == "open-journal":
        records = load_journal(path).records
        count = int(records.get("news-000000") is not None)
    elif name == "full-journal":
        # As export, stats, evaluate and agreement read it: every record built.
        contents = load_journal(path, every_record=True)
        count = len(contents.records)
        assert not contents.problems
    elif name == "keep":
        with open(path, "rb") as f:
            count = len([orjson.loads(line) for line in f])
    else:
        with open(path, "rb") as f:
            for line in f:
                orjson.loads(line)
        count = 0
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return {"seconds": took, "peak_mb": peak, "count": count}


def measure(name: str, path: Path, checkouts: tuple[Path | None, ...] = (None,)) -> list[dict]:
    """For each checkout (None: this one), the median run (by time) of ROUNDS, with the range
    of times; the checkouts take turns, so that each round meets the same load."""
    runs: list[list[dict]] = [[] for _ in checkouts]
    for _ in range(ROUNDS):
        for checkout, found in zip(checkouts, runs, strict=True):
            env = dict(os.environ)
            if checkout is not None:
                env["PYTHONPATH"] = str(checkout)
            result = subprocess.run(
                [sys.executable, __file__, "--phase", name, str(path)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            found.append(json.loads(result.stdout))
    medians = []
    for found in runs:
        found.sort(key=lambda run: run["seconds"])
        medians.append({**found[len(found) // 2], "low": found[0]["seconds"],
                        "high": found[-1]["seconds"]})  # fmt: skip
    return medians


def timing(run: dict) -> str:
    return f"{run['seconds']:6.3f} s ({run['low']:.2f}-{run['high']:.2f})"


def verdict(target: str, met: bool) -> None:
    print(f"  {'met    ' if met else 'NOT MET'}  {target}")


def main() -> int:
    if sys.argv[1:2] == ["--phase"]:
        print(json.dumps(phase(sys.argv[2], Path(sys.argv[3]))))
        return 0
    args = sys.argv[1:]
    journals_only = "--journals" in args
    against = Path(args[args.index("--against") + 1]).resolve() if "--against" in args else None
    numbers = [a for a in args if a.isdigit()]
    n = int(numbers[0]) if numbers else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        corpus, history, compacted = generate(Path(tmp), n)
        mb = {p.name: p.stat().st_size / 1e6 for p in (corpus, history, compacted)}
        if not journals_only:
            print(f"corpus {n} articles, {mb['corpus.jsonl']:.0f} MB (also as {n} .txt files)")
            [opened] = measure("open", corpus)
            print(
                f"open .jsonl corpus + 1st text  {timing(opened)}  peak {opened['peak_mb']:4.0f} MB"
            )
            assert opened["count"] == n
            [folder] = measure("open", txt_folder(Path(tmp), corpus))
            print(
                f"open .txt folder + 1st text    {timing(folder)}  peak {folder['peak_mb']:4.0f} MB"
            )
            assert folder["count"] == n
        loads = {}
        for name, label, path, documents in (
            ("history", f"journal, {n} lines for {n // 4} documents", history, n // 4),
            ("compacted", f"journal, {n} documents once each (compacted)", compacted, n),
        ):
            print(f"{label}, {mb[path.name]:.0f} MB")
            [dropped] = measure("parse", path)
            [kept] = measure("keep", path)
            print(f"  orjson.loads per line, each object dropped  {timing(dropped)}")
            print(
                f"  orjson.loads per line, objects kept         {timing(kept)}  "
                f"peak {kept['peak_mb']:4.0f} MB"
            )
            for phase_name, what, count in (
                ("open-journal", "load_journal + read 1 record", 1),
                ("full-journal", "load_journal + check every record", documents),
            ):
                runs = measure(phase_name, path, (None, against) if against else (None,))
                for run, whose in zip(runs, ("", f"   ({against})"), strict=False):
                    assert run["count"] == count
                    ratios = (
                        run["seconds"] / dropped["seconds"],
                        run["seconds"] / kept["seconds"],
                    )
                    if not whose:
                        loads[f"{name}: {what}"] = (*ratios, run["peak_mb"])
                    print(
                        f"  {what:<42}  {timing(run)}  peak {run['peak_mb']:4.0f} MB  "
                        f"{ratios[0]:4.2f}x / {ratios[1]:4.2f}x those{whose}"
                    )
    print("targets:")
    if not journals_only:
        verdict(f"corpus open < {OPEN_TARGET:.0f} s", opened["seconds"] < OPEN_TARGET)
        verdict(f".txt folder open < {OPEN_TARGET:.0f} s", folder["seconds"] < OPEN_TARGET)
    for name, (to_dropped, to_kept, peak) in loads.items():
        verdict(f"{name} <= {LOAD_TARGET}x (objects dropped)", to_dropped <= LOAD_TARGET)
        verdict(f"{name} <= {LOAD_TARGET}x (objects kept)", to_kept <= LOAD_TARGET)
        verdict(f"{name}: peak < {MEMORY_TARGET:.0f} MB", peak < MEMORY_TARGET)
    if not journals_only:
        verdict(
            f"corpus peak < {MEMORY_TARGET:.0f} MB",
            max(opened["peak_mb"], folder["peak_mb"]) < MEMORY_TARGET,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
