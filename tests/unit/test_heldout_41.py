"""The held-out CASUALTY_COUNT / QUOTE gold for NewsFANE dev articles 41-70 is self-consistent.

The file carries each article's text, so these checks need nothing outside the repository.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.annotations.labels import default_labels
from annotator.annotations.model import Span
from annotator.annotations.nesting import nesting_violations

DATA = Path(__file__).resolve().parents[2] / "bench" / "data"
GOLD = DATA / "heldout-41-70.jsonl"
NOTES = DATA / "heldout-41-70.notes.jsonl"
IDS = [f"newsfane-{n:04d}" for n in range(41, 71)]
LABELS = {"CASUALTY_COUNT", "QUOTE"}


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


GOLD_ARTICLES = read(GOLD)
TEXTS = {article["id"]: article["text"] for article in GOLD_ARTICLES}


def test_the_thirty_articles_in_order() -> None:
    assert [article["id"] for article in GOLD_ARTICLES] == IDS
    assert all(set(article) == {"id", "text", "spans"} for article in GOLD_ARTICLES)


@pytest.mark.parametrize("article", GOLD_ARTICLES, ids=lambda a: a["id"])
def test_every_span_is_its_slice_of_the_article(article: dict[str, Any]) -> None:
    text = article["text"]
    starts = [(span["start"], span["end"]) for span in article["spans"]]
    assert starts == sorted(starts)
    for span in article["spans"]:
        assert set(span) == {"start", "end", "label", "text"}
        assert span["label"] in LABELS
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["text"] == span["text"].strip()


@pytest.mark.parametrize("article", GOLD_ARTICLES, ids=lambda a: a["id"])
def test_spans_overlap_only_as_the_default_nesting_rule_allows(article: dict[str, Any]) -> None:
    # One label never overlaps itself; a CASUALTY_COUNT may sit inside a QUOTE.
    spans = [Span(s["start"], s["end"], s["label"], s["text"]) for s in article["spans"]]
    assert [str(v) for v in nesting_violations(spans, default_labels())] == []


def test_each_hard_case_note_matches_the_gold() -> None:
    marked = {
        (article["id"], span["start"], span["end"], span["label"])
        for article in GOLD_ARTICLES
        for span in article["spans"]
    }
    notes = read(NOTES)
    assert notes
    for note in notes:
        key = (note["id"], note["start"], note["end"], note["label"])
        assert note["label"] in LABELS
        assert TEXTS[note["id"]][note["start"] : note["end"]] == note["text"]
        decision = note["why"].split(".", 1)[0]
        assert decision in {"INCLUDED", "EXCLUDED"}
        assert (key in marked) == (decision == "INCLUDED"), note
