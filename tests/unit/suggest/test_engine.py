"""Resolving suggestions: accepted spans and rejections win, overlaps resolve, offsets hold."""

from functools import cache
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import Label, LabelSet, default_labels
from annotator.annotations.model import DocRecord, Span
from annotator.annotations.nesting import nesting_violations
from annotator.annotations.rejections import rejected_keys, remember_rejection
from annotator.suggest import Gazetteer, Suggester, suggest
from annotator.suggest.engine import resolve
from annotator.suggest.patterns import parse_patterns

TEXT = 'وقال الجيش إن "القصف طال مطار دمشق ومبنى الأمن في دمشق" وقتل 5 عناصر'


def patterns(*lines):
    return parse_patterns([("p.jsonl", "\n".join(lines).encode())])


def test_sources_and_resolution():
    spans = suggest(
        TEXT,
        patterns=patterns('{"label": "SITE", "pattern": "دمشق"}'),
        gazetteer=_gazetteer(("الجيش", "ACTOR")),
    )
    # The quote swallows the sites inside it; the rest comes from each source.
    assert [(s.text, s.label, s.source) for s in spans] == [
        ("الجيش", "ACTOR", "gazetteer"),
        ("القصف طال مطار دمشق ومبنى الأمن في دمشق", "QUOTE", "rule:quote:introduced"),
        ("5 عناصر", "CASUALTY_COUNT", "rule:casualty_count:harm_clause"),
    ]


NESTED = 'وقال المتحدث إن "قتل 5 جنود في الهجوم على القاعدة أمس"'


def test_a_count_the_rule_finds_inside_a_quote_stands_inside_it():
    spans = suggest(NESTED, gazetteer=_gazetteer(("القاعدة", "SITE")))
    assert [(s.text, s.label) for s in spans] == [
        ("قتل 5 جنود في الهجوم على القاعدة أمس", "QUOTE"),
        ("5 جنود", "CASUALTY_COUNT"),
    ]
    # ... also inside a quote already accepted.
    accepted = [Span.of(NESTED, 16, 52, "QUOTE")]
    assert [s.text for s in Suggester().for_document(NESTED, accepted=accepted)] == ["5 جنود"]


def test_a_count_stays_out_of_a_quote_when_the_nesting_rule_says_so():
    flat = LabelSet([Label(s.name, s.key, s.color) for s in default_labels().labels])
    spans = suggest(NESTED)
    assert [s.label for s in resolve(spans, len(NESTED), (), (), flat)] == ["QUOTE"]


def test_nothing_overlapping_an_accepted_span_and_no_duplicates():
    site = patterns('{"label": "SITE", "pattern": "دمشق"}')
    accepted = [Span.of(TEXT, 15, 54, "QUOTE")]
    spans = Suggester(site, gazetteer=_gazetteer(("دمشق", "SITE"))).for_document(
        TEXT, accepted=accepted
    )
    assert [(s.text, s.source) for s in spans] == [("5 عناصر", "rule:casualty_count:harm_clause")]
    spans = Suggester(site, builtin=[], gazetteer=_gazetteer(("دمشق", "SITE"))).for_document(TEXT)
    # Pattern and gazetteer agree on both: each appears once, from the pattern.
    assert [(s.start, s.text, s.source) for s in spans] == [
        (30, "دمشق", "pattern:p.jsonl:1"),
        (50, "دمشق", "pattern:p.jsonl:1"),
    ]


def test_rejected_suggestions_do_not_come_back_and_uncover_what_they_hid():
    suggester = Suggester(patterns('{"label": "SITE", "pattern": "دمشق"}'))
    quote = next(s for s in suggester.for_document(TEXT) if s.label == "QUOTE")
    spans = suggester.for_document(TEXT, rejected=[quote.key()])
    assert "QUOTE" not in {s.label for s in spans}
    assert [s.text for s in spans if s.label == "SITE"] == ["دمشق", "دمشق"]


def test_accepted_spans_outside_the_text_do_not_shift_the_mask():
    # Journals may hold spans check_span would refuse; they must not hide other suggestions.
    broken = [Span(-3, 4, "ACTOR", "x", stale=True), Span(500, 520, "SITE", "y", stale=True)]
    spans = suggest(TEXT, accepted=broken)
    assert [s.label for s in spans] == ["QUOTE", "CASUALTY_COUNT"]


def test_longest_wins_then_rules_then_patterns():
    text = "ومقتل 14 من قوات النظام"
    spans = suggest(text, patterns=patterns('{"label": "ACTOR", "pattern": "قوات النظام"}'))
    assert [(s.text, s.label) for s in spans] == [("14 من قوات النظام", "CASUALTY_COUNT")]
    same = patterns('{"label": "ACTOR", "regex": "14 من قوات النظام"}')
    spans = suggest(text, patterns=same)
    assert [s.source for s in spans] == ["rule:casualty_count:harm_clause"]


def test_what_is_learned_is_suggested_in_the_next_document():
    suggester = Suggester(builtin=[])
    first = "قصف الطيران البوكمال"
    assert suggester.for_document(first) == []
    at = first.index("البوكمال")
    suggester.learn([Span.of(first, at, at + 8, "SITE")])
    assert [s.text for s in suggester.for_document("وصل الوفد إلى البوكمال")] == ["البوكمال"]


def test_rejections_round_trip_through_the_record():
    record = DocRecord("a.txt", TEXT)
    quote = next(s for s in suggest(TEXT) if s.label == "QUOTE")
    remember_rejection(record, quote)
    remember_rejection(record, quote)
    assert record.extra["rejected_suggestions"] == [
        {"start": 15, "end": 54, "label": "QUOTE", "text": quote.text}
    ]
    again = DocRecord.from_json(record.to_json())
    assert rejected_keys(again) == {(15, 54, "QUOTE")}


def test_rejections_that_no_longer_fit_the_text_are_ignored():
    record = DocRecord("a.txt", TEXT)
    record.extra["rejected_suggestions"] = [
        {"start": 0, "end": 4, "label": "ACTOR", "text": "غير"},
        {"start": 0, "end": 400, "label": "ACTOR", "text": TEXT},
        {"start": "0", "end": 4, "label": "ACTOR", "text": TEXT[:4]},
        "junk",
        {"start": 5, "end": 10, "label": "ACTOR", "text": "الجيش"},
    ]
    assert rejected_keys(record) == {(5, 10, "ACTOR")}
    record.extra["rejected_suggestions"] = "junk"
    assert rejected_keys(record) == set()


def _gazetteer(*entries):
    gazetteer = Gazetteer()
    for text, label in entries:
        gazetteer.learn(text, label)
    return gazetteer


WORDS = st.sampled_from(
    [
        "قال", "وقال", "إن", "أن", "البوكمال", "والبوكمال", "للبوكمال", "دير", "الزور",
        "قتيلا", "عنصراً", "نحو", "50", "٣٨", "من", "عناصر", "قوات", "النظام", "خمسين",
        "الإسرائيلي", "الاسرائيلي", "«", "»", '"', "“", "”", "،", ".", "\n", ":",
        "الجيش الإسرائيلي", "دير الزور", '"القصف مستمر"', "«القصف مستمر على المدينة منذ أيام»",
        "وقال إن", "14 من قوات النظام", "قوو",
    ]
)  # fmt: skip
MARKS = st.sampled_from(["", "", "", "\u064e", "\u0651\u064f", "\u0640", "\u0640\u0640", "\u064b"])


@st.composite
def marked_text(draw):
    pieces = []
    for word in draw(st.lists(WORDS, max_size=40)):
        out = ""
        for ch in word:
            out += ch + (draw(MARKS) if ch.isalpha() else "")
        pieces.append(out)
    return " ".join(pieces)


@cache
def marked_text_suggester() -> Suggester:
    """Made once: building one costs about ten times suggesting for a document."""
    return Suggester(
        patterns('{"label": "SITE", "pattern": "دير الزور"}', '{"label": "ACTOR", "regex": "قو+"}'),
        gazetteer=_gazetteer(("البوكمال", "SITE"), ("الجيش الإسرائيلي", "ACTOR")),
    )


@settings(max_examples=300, deadline=None)
@given(marked_text())
def test_every_suggestion_is_exactly_its_text_and_keeps_the_nesting_rule(text):
    spans = marked_text_suggester().for_document(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == span.text
    assert nesting_violations(spans, default_labels()) == []
    # Only a rule's span stands inside another.
    for left, right in pairwise(spans):
        assert left.end <= right.start or right.source.startswith("rule:")
