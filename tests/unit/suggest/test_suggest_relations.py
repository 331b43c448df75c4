"""Speaker and casualty-kind suggestions: what they find on the sample, their precision on
the hand-annotated fixture (tests/fixtures/relations-gold.jsonl: the sample and six
newsfane-dev articles, 14 speakers and 23 kinds), and accepting and rejecting them in a
session like span suggestions."""

from collections import Counter
from pathlib import Path

import orjson
import pytest

from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord
from annotator.session.editing import DocumentSession
from annotator.suggest.relations import CONFIDENCE, suggest_kinds, suggest_speakers

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
LABELS = default_labels()


def records(name):
    return [
        DocRecord.from_json(orjson.loads(line))
        for line in (FIXTURES / name).read_bytes().splitlines()
    ]


@pytest.fixture(scope="module")
def sample():
    return records("deir-ez-zor-gold.jsonl")[0]


def test_on_the_sample_the_speakers_of_the_three_attributed_quotes(sample):
    found = [
        (s.head.text[:16], s.tail.text, s.source)
        for s in suggest_speakers(sample.text, sample.spans, LABELS)
    ]
    assert found == [
        ("علاقاتي مع الرئي", "بنيامين نتنياهو", "relation:speaker_after_verb"),
        ("نقاتل ضد محاولات", "نتنياهو", "relation:speaker_after_verb"),
        ("أقدم على تنفيذ 5", "الجيش الاسرائيلي", "relation:speaker_after_verb"),
    ]


def test_on_the_sample_kinds_from_the_harm_word_and_none_for_killed_and_wounded(sample):
    found = [
        (s.span.text, s.value, s.source) for s in suggest_kinds(sample.text, sample.spans, LABELS)
    ]
    # "قتل وأصيب العشرات" names both kinds: no suggestion; "و14 من قوات النظام" is too far.
    assert found == [
        ("38 عنصرا", "killed", "attribute:kind_harm"),
        ("24 من عناصر", "killed", "attribute:kind_harm"),
        ("نحو 50 آخرين", "wounded", "attribute:kind_harm"),
    ]


def test_kind_from_the_noun():
    text = "سقط 5 قتلى و7 جرحى و3 مفقودين"
    s = DocumentSession("d", text, LABELS.names, schema=LABELS)
    for words in ("5 قتلى", "7 جرحى", "3 مفقودين"):
        s.add(text.index(words), text.index(words) + len(words), "CASUALTY_COUNT")
    found = [(x.span.text, x.value, x.source) for x in suggest_kinds(text, s.spans, LABELS)]
    assert found == [
        ("5 قتلى", "killed", "attribute:kind_noun"),
        ("7 جرحى", "wounded", "attribute:kind_noun"),
        ("3 مفقودين", "missing", "attribute:kind_noun"),
    ]


def test_precision_per_part_on_the_fixture_is_the_confidence_they_carry():
    made: Counter[str] = Counter()
    right: Counter[str] = Counter()
    gold_relations = gold_kinds = 0
    docs = records("relations-gold.jsonl")
    for record in docs:
        gold = {(r.type, r.head, r.tail) for r in record.relations}
        gold_relations += len(gold)
        gold_kinds += len(record.attributes)
        for s in suggest_speakers(record.text, record.spans, LABELS):
            made[s.source] += 1
            right[s.source] += (s.type, s.head.id, s.tail.id) in gold
        for s in suggest_kinds(record.text, record.spans, LABELS):
            made[s.source] += 1
            right[s.source] += record.attributes.get(s.span.id, {}).get(s.name) == s.value
    print(f"fixture: {len(docs)} articles, {gold_relations} speakers, {gold_kinds} kinds")
    for source in sorted(made):
        print(f"{source}: {right[source]} right of {made[source]}")
    assert (len(docs), gold_relations, gold_kinds) == (7, 14, 23)
    smoothed = {s: round((right[s] + 1) / (made[s] + 2), 2) for s in {*made, *CONFIDENCE}}
    assert smoothed == CONFIDENCE
    speakers = sum(made[s] for s in made if s.startswith("relation:"))
    kinds = sum(made[s] for s in made if s.startswith("attribute:"))
    # Recall on the fixture: 10 of 14 speakers, 19 of 23 kinds.
    assert (speakers, kinds) == (10, 19)


def test_accepting_and_rejecting_in_a_session(sample):
    s = DocumentSession.from_record(sample, LABELS.names, LABELS)
    relations, attributes = s.link_suggestions()
    assert (len(relations), len(attributes)) == (3, 3)
    s.accept_link(relations[0])
    s.reject_link(relations[1])
    s.accept_link(attributes[0])
    record = s.record("ali")
    (made,) = record.relations
    assert (made.type, made.source, made.confidence) == (
        "SPEAKER",
        "relation:speaker_after_verb",
        CONFIDENCE["relation:speaker_after_verb"],
    )
    assert record.attributes == {attributes[0].span.id: {"kind": "killed"}}
    # Neither accepted nor rejected ones are offered again, also after the record is read back.
    again = DocumentSession.from_record(DocRecord.from_json(record.to_json()), LABELS.names, LABELS)
    left = again.link_suggestions()
    assert [x.head.text[:5] for x in left[0]] == ["أقدم "]
    assert [x.span.text for x in left[1]] == ["24 من عناصر", "نحو 50 آخرين"]
    s.undo()
    s.undo()
    assert len(s.link_suggestions()[0]) == 2  # the rejection undone: offered again
