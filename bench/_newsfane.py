"""The NewsFANE dev set (100 real articles with gold ACTOR and SITE spans, CC-BY-SA), as the
learning benchmarks read it: never shipped, read only from the shared data folder beside the
checkout (or beside the folder of worktrees)."""

from __future__ import annotations

import os
from pathlib import Path

import orjson

from annotator.suggest.model import Example

_HERE = Path(__file__).resolve().parent.parent
DEV = next(
    (
        folder
        for root in (_HERE.parent, _HERE.parent.parent)
        if (folder := root / "shared" / "data" / "newsfane-dev").is_dir()
    ),
    _HERE.parent / "shared" / "data" / "newsfane-dev",
)
LABELS = ("ACTOR", "SITE")
Key = tuple[int, int, str]


def load(folder: Path) -> list[Example]:
    """The articles of ``folder/gold.jsonl`` in order, with their ACTOR and SITE spans."""
    docs = []
    for line in (folder / "gold.jsonl").read_bytes().splitlines():
        record = orjson.loads(line)
        spans = tuple(
            (s["start"], s["end"], s["label"]) for s in record["spans"] if s["label"] in LABELS
        )
        docs.append(Example(record["text"], spans))
    return docs


def open_dev(folder: Path) -> list[Example] | None:
    """The dev set's articles, with the machine's load printed first; None (and said) when
    there is no dev set there."""
    if not (folder / "gold.jsonl").is_file():
        print(f"no dev set at {folder}; skipped")
        return None
    docs = load(folder)
    load1, load5, _ = os.getloadavg()
    print(f"{len(docs)} articles; load average {load1:.1f} (1 min), {load5:.1f} (5 min)")
    return docs
