"""Export then import gives the same spans: exactly for the span formats (jsonl, doccano,
brat), token for token for the token formats (conll, hf)."""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span
from annotator.formats import ExportOptions
from annotator.text.tokenize import INVISIBLE, tokenize

SPAN_FORMATS = ("jsonl", "doccano", "brat")
TOKEN_FORMATS = ("conll", "hf")


def keys(record):
    return sorted((*s.key(), s.text) for s in record.spans)


def brat_safe(records):
    """brat cannot show a line break at a span's edge (reported on export, tested below)."""
    for record in records:
        record.spans = [
            s for s in record.spans if s.text[0] not in "\r\n" and s.text[-1] not in "\r\n"
        ]
    return records


@pytest.mark.parametrize("fmt", SPAN_FORMATS)
def test_sample_article_round_trips_exactly(gold, roundtrip, fmt):
    report, back, problems, _ = roundtrip([gold], fmt)
    assert problems == []
    assert [r.id for r in back] == [gold.id]
    assert back[0].text == gold.text
    assert keys(back[0]) == keys(gold)
    assert report.spans == len(gold.spans) == 81
    if fmt != "doccano":  # doccano has no place for a status
        assert back[0].status == "accepted"


@pytest.mark.parametrize("fmt", SPAN_FORMATS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_documents_round_trip_exactly(roundtrip, generated, fmt, data):
    records = data.draw(generated)
    if fmt == "brat":
        records = brat_safe(records)
    report, back, problems, _ = roundtrip(records, fmt)
    assert problems == []
    # A span over whitespace alone has no token to sit on in jsonl: reported as dropped.
    dropped = {(i.doc_id, i.span) for i in report.issues if i.action == "dropped"}
    assert all(span.text.isspace() and fmt == "jsonl" for _, span in dropped)
    by_id = {r.id: r for r in back}
    assert set(by_id) == {r.id for r in records}
    for record in records:
        assert by_id[record.id].text == record.text
        record.spans = [s for s in record.spans if (record.id, s) not in dropped]
        assert keys(by_id[record.id]) == keys(record)


def test_brat_reports_line_breaks_at_span_edges(roundtrip):
    text = "سطر أول\nسطر ثان\n"
    spans = [Span.of(text, 4, 11, "QUOTE"), Span.of(text, 8, 16, "SITE"), Span.of(text, 7, 8, "X")]
    report, back, problems, files = roundtrip([DocRecord("d", text, spans)], "brat")
    assert problems == []
    assert files["d.ann"].decode() == ("T1\tQUOTE 4 7;8 11\tأول سطر\nT2\tSITE 8 15\tسطر ثان\n")
    issues = report.of_kind("line-break")
    assert [(i.span.label, i.action) for i in issues] == [
        ("X", "dropped"),
        ("SITE", "written as [8, 15)"),
    ]
    assert keys(back[0]) == [(4, 11, "QUOTE", "أول\nسطر"), (8, 15, "SITE", "سطر ثان")]


@pytest.mark.parametrize("fmt", TOKEN_FORMATS)
def test_sample_article_tokens_split_at_span_edges_round_trip(gold, roundtrip, fmt):
    report, back, problems, _ = roundtrip([gold], fmt)
    assert problems == []
    # The default --align split cuts the 16 tokens a trimmed proclitic span starts inside.
    splits = report.of_kind("split")
    assert len(splits) == 16 and report.misaligned() == []
    assert str(splits[0]) == (
        "deir-ez-zor-strikes.txt: ACTOR [458, 474) 'القوات الإيرانية': starts inside token "
        "'والقوات' [457, 464); token split at 458: 'و' + 'القوات'; span exported as annotated"
    )
    tokens = [t.text for t in tokenize(gold.text)]
    back_tokens = back[0].text.split()
    assert len(back_tokens) == len(tokens) + 16
    assert "".join(back_tokens) == "".join(tokens)
    assert "و القوات الإيرانية" in back[0].text
    # Every span comes back with its exact annotated characters (the text is rebuilt from
    # tokens, so only the spacing differs).
    got = sorted((s.label, "".join(s.text.split())) for s in back[0].spans)
    assert got == sorted((s.label, "".join(s.text.split())) for s in gold.spans)


@pytest.mark.parametrize("fmt", TOKEN_FORMATS)
def test_sample_article_under_expand_keeps_whole_tokens(gold, roundtrip, fmt):
    options = ExportOptions(align="expand", labels=("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE"))
    report, back, problems, _ = roundtrip([gold], fmt, options)
    assert problems == []
    expanded = [i.action for i in report.misaligned()]
    assert len(expanded) == 16 and all(a.startswith("expanded to") for a in expanded)
    tokens = [t.text for t in tokenize(gold.text)]
    assert [t.text for t in tokenize(back[0].text)] == tokens
    got = sorted((s.label, s.text) for s in back[0].spans)
    want = []
    for span in gold.spans:
        toks = [t for t in tokenize(gold.text) if t.end > span.start and t.start < span.end]
        want.append((span.label, " ".join(t.text for t in toks)))
    assert got == sorted(want)


def visible(text):
    """``text`` without whitespace and invisible marks."""
    return "".join(c for c in text if not c.isspace() and c not in INVISIBLE)


@pytest.mark.parametrize("fmt", TOKEN_FORMATS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_generated_documents_split_tokens_keep_every_span(roundtrip, generated, fmt, data):
    records = data.draw(generated)
    report, back, problems, _ = roundtrip(records, fmt)
    assert problems == []
    # Ids come back, conll's from its sidecar; so does conll's status.
    assert [r.id for r in back] == [r.id for r in records]
    if fmt == "conll":
        assert [r.status for r in back] == [r.status for r in records]
    by_id = {r.id: r for r in back}
    for record in records:
        again = by_id[record.id]
        # No character is lost or moved: the split tokens hold the text's visible characters
        # (invisible marks outside words are no token: CoNLL and HF never get a mark-only one).
        assert visible(again.text) == visible(record.text)
        # Every span comes back with its own characters, unless reported as dropped (whitespace
        # alone, or IOB overlap).
        dropped = Counter(
            (i.span.label, visible(i.span.text))
            for i in report.issues
            if i.doc_id == record.id and i.action.startswith("dropped")
        )
        want = Counter((s.label, visible(s.text)) for s in record.spans)
        got = Counter((s.label, visible(s.text)) for s in again.spans)
        assert got == want - dropped
        # Only whitespace or invisible marks at a span's edge are left misaligned: IOB cannot
        # tag them.
        for issue in report.of_kind("misaligned"):
            edges = issue.span.text[0] + issue.span.text[-1]
            assert any(c.isspace() or c in INVISIBLE for c in edges)


@pytest.mark.parametrize("fmt", TOKEN_FORMATS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_generated_documents_keep_tokens_and_flat_spans(roundtrip, generated, fmt, data):
    records = data.draw(generated)
    report, back, problems, _ = roundtrip(records, fmt, ExportOptions(align="contract"))
    assert problems == []
    by_id = {r.id: r for r in back}
    for record in records:
        again = by_id[record.id]
        assert [t.text for t in tokenize(again.text)] == [t.text for t in tokenize(record.text)]
        # What came back is what went out: the contracted spans that were not dropped, as
        # whole tokens; every dropped span was reported.
        for span in again.spans:
            assert span.text == " ".join(t.text for t in tokenize(span.text))
        labels = Counter(s.label for s in record.spans)
        labels.subtract(
            i.span.label
            for i in report.issues
            if i.doc_id == record.id and i.action.startswith("dropped")
        )
        assert Counter(s.label for s in again.spans) == +labels
    assert report.spans == sum(len(r.spans) for r in back)


def test_jsonl_keeps_gold_provenance(roundtrip):
    text = "قصفت البوكمال"
    span = Span(5, 13, "SITE", "البوكمال", annotators=("amal", "omar"), source="review")
    _, [back], problems, _ = roundtrip([DocRecord("d", text, [span], "accepted")], "jsonl")
    assert problems == [] and back.spans == [span]
