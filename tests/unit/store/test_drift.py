"""Drift: spans follow a changed text only where unambiguous; the rest are marked stale."""

from __future__ import annotations

from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span, check_span, text_hash
from annotator.store.drift import reconcile

OLD = "قصفت الطائرات البوكمال. ثم قصفت الميادين. وقال المرصد إن القوات انسحبت."


def record(text: str, spans: list[Span]) -> DocRecord:
    return DocRecord(id="d1", text=text, spans=spans, status="accepted", annotator="ali")


def span(text: str, word: str, label: str = "SITE", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span.of(text, start, start + len(word), label)


def test_unchanged_text_returns_the_record_untouched():
    rec = record(OLD, [span(OLD, "البوكمال")])
    assert reconcile(rec, OLD) == (rec, [])


def test_unique_text_follows_an_insertion_and_the_document_is_flagged():
    new = "عاجل: " + OLD
    rec = record(OLD, [span(OLD, "البوكمال"), span(OLD, "المرصد", "ACTOR")])
    updated, messages = reconcile(rec, new)
    assert updated.status == "flagged"
    assert updated.text == new and updated.text_hash == text_hash(new)
    assert [s.text for s in updated.spans] == ["البوكمال", "المرصد"]
    assert all(not s.stale and check_span(s, new) == [] for s in updated.spans)
    drift = updated.extra["drift"]
    assert drift["previous_status"] == "accepted"
    assert (drift["previous_text_hash"], drift["previous_length"]) == (text_hash(OLD), len(OLD))
    assert OLD not in orjson.dumps(drift).decode()  # later saves carry drift, not the old text
    assert len(drift["moved"]) == 2 and drift["stale"] == []
    assert "flagged" in messages[0] and "re-anchored" in messages[1]
    assert DocRecord.from_json(updated.to_json()).extra["drift"] == drift


def test_repeated_text_follows_the_alignment_to_the_right_occurrence():
    rec = record(OLD, [span(OLD, "قصفت", "ACTOR", nth=1)])
    new = OLD.replace("البوكمال", "مدينة البوكمال")
    (moved,) = reconcile(rec, new)[0].spans
    assert not moved.stale
    assert moved.start == new.index("قصفت", 1)


def test_vanished_or_ambiguous_text_is_marked_stale_with_clamped_offsets():
    gone = span(OLD, "الميادين")
    rec = record(OLD, [gone])
    new = OLD.replace("الميادين", "دير الزور")[:30]
    updated, messages = reconcile(rec, new)
    (stale,) = updated.spans
    assert stale.stale and stale.text == "الميادين"
    assert 0 <= stale.start <= stale.end <= len(new)
    assert "marked stale" in messages[1]
    assert updated.extra["drift"]["stale"] == [
        {"label": "SITE", "text": "الميادين", "start": gone.start}
    ]


def test_deleted_occurrence_does_not_jump_to_the_other_one():
    text = "قصفت قصفت"
    rec = record(text, [Span.of(text, 5, 9, "ACTOR")])
    (result,) = reconcile(rec, "قصفت")[0].spans
    assert result.stale


words = st.sampled_from(["قصف", "البوكمال", "a", "ب", " ", "\n", "القوات", "x"])
texts = st.lists(words, min_size=1, max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(texts, st.data())
def test_every_span_is_sound_on_the_new_text_or_marked_stale(text, data):
    n = len(text)
    spans = []
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(0, n - 1))
        end = data.draw(st.integers(start + 1, n))
        spans.append(Span.of(text, start, end, "SITE"))
    where = data.draw(st.integers(0, n))
    new = text[:where] + data.draw(texts) + text[where + data.draw(st.integers(0, 3)) :]
    updated, messages = reconcile(record(text, spans), new)
    if new == text:
        assert updated.spans == spans and messages == []
        return
    assert updated.status == "flagged" and messages
    for before, after in zip(sorted(spans), updated.spans, strict=True):
        assert after.text == before.text and after.label == before.label
        assert 0 <= after.start <= after.end <= len(new)
        if not after.stale:
            assert check_span(after, new) == []


GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "deir-ez-zor-gold.jsonl"


def gold() -> DocRecord:
    return DocRecord.from_json(orjson.loads(GOLD.read_bytes().splitlines()[0]))


def test_the_gold_article_survives_common_edits():
    rec = gold()
    text = rec.text
    for new in (
        "عاجل: " + text,
        text.replace("\n", "\r\n"),
        text.replace("البوكمال", "مدينة البوكمال", 1),
    ):
        updated, _ = reconcile(rec, new)
        assert not any(s.stale for s in updated.spans)
        assert all(check_span(s, new) == [] for s in updated.spans)


def test_spans_of_a_deleted_or_rewritten_paragraph_go_stale_not_elsewhere():
    rec = gold()
    first = rec.text.index("\n")
    in_first = {s.text for s in rec.spans if s.end <= first}
    assert in_first  # the first paragraph has spans, and their words recur further on
    rewritten = "أفادت تقارير بأن قوات أخرى غادرت البوكمال." + rec.text[first:]
    for new in (rec.text[first + 1 :], rewritten):
        updated, _ = reconcile(rec, new)
        stale = {s.text for s in updated.spans if s.stale}
        assert stale == in_first
        assert all(check_span(s, new) == [] for s in updated.spans if not s.stale)
