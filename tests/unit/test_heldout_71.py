"""The held-out CASUALTY_COUNT / QUOTE gold (NewsFANE dev articles 71-100) is sound as data.

It carries each article's text, so these checks need nothing outside the file itself.
"""

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
GOLD = DATA / "heldout-71-100.jsonl"
NOTES = DATA / "heldout-71-100.notes.jsonl"
LABELS = {"CASUALTY_COUNT", "QUOTE"}


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_thirty_articles_in_order() -> None:
    ids = [doc["id"] for doc in lines(GOLD)]
    assert ids == [f"newsfane-{n:04d}" for n in range(71, 101)]


def test_every_span_is_its_slice_of_the_article() -> None:
    for doc in lines(GOLD):
        starts = []
        for span in doc["spans"]:
            assert span["label"] in LABELS, (doc["id"], span)
            assert 0 <= span["start"] < span["end"] <= len(doc["text"]), (doc["id"], span)
            assert doc["text"][span["start"] : span["end"]] == span["text"], (doc["id"], span)
            assert span["text"] == span["text"].strip(), (doc["id"], span)
            starts.append(span["start"])
        assert starts == sorted(starts), doc["id"]


def test_no_two_spans_of_one_label_overlap() -> None:
    for doc in lines(GOLD):
        for label in LABELS:
            spans = sorted((s["start"], s["end"]) for s in doc["spans"] if s["label"] == label)
            for (_, end), (start, _) in pairwise(spans):
                assert end <= start, (doc["id"], label, end, start)


def test_a_count_overlaps_a_quote_only_by_sitting_inside_it() -> None:
    for doc in lines(GOLD):
        quotes = [(s["start"], s["end"]) for s in doc["spans"] if s["label"] == "QUOTE"]
        for count in (s for s in doc["spans"] if s["label"] == "CASUALTY_COUNT"):
            for start, end in quotes:
                if count["start"] < end and start < count["end"]:
                    assert start <= count["start"] and count["end"] <= end, (doc["id"], count)


def test_each_hard_case_went_the_way_its_note_says() -> None:
    docs = {doc["id"]: doc for doc in lines(GOLD)}
    notes = lines(NOTES)
    assert notes
    for note in notes:
        doc = docs[note["id"]]
        assert doc["text"][note["start"] : note["end"]] == note["text"], note
        marked = {(s["start"], s["end"], s["label"]) for s in doc["spans"]}
        included = (note["start"], note["end"], note["label"]) in marked
        assert note["why"].startswith("INCLUDED" if included else "EXCLUDED"), note
