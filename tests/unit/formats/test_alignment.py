"""Spans whose edges fall inside tokens are reported and expanded, contracted or refused."""

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.formats import ExportOptions, ExportReport, jsonl, render
from annotator.formats.alignment import align_spans, split_tokens
from annotator.problems import UserError
from annotator.text.tokenize import tokenize


def document(record, options, report):
    """The document as the exported line reads back (tokens and spans may be pre-written)."""
    return orjson.loads(orjson.dumps(jsonl.document(record, options, report)))


TEXT = "قصفت والقوات الروسية البوكمال."


def align(spans, policy):
    toks = tokenize(TEXT)
    report = ExportReport()
    out = align_spans(
        "d", TEXT, spans, [t.start for t in toks], [t.end for t in toks], policy, report
    )
    return out, report


def span(text, label="ACTOR"):
    start = TEXT.index(text)
    return Span.of(TEXT, start, start + len(text), label)


def test_aligned_spans_pass_unchanged():
    out, report = align([span("البوكمال", "SITE")], "expand")
    assert [(a.span.text, a.first, a.last, a.original) for a in out] == [("البوكمال", 3, 3, None)]
    assert report.issues == []


def test_expand_grows_to_whole_tokens_and_reports_it():
    s = span("القوات الروسية")
    out, report = align([s], "expand")
    assert [(a.span.text, a.first, a.last, a.original) for a in out] == [
        ("والقوات الروسية", 1, 2, s)
    ]
    [issue] = report.issues
    assert str(issue) == (
        "d: ACTOR [6, 20) 'القوات الروسية': starts inside token 'والقوات' [5, 12); "
        "expanded to [5, 20) 'والقوات الروسية'"
    )


def test_contract_shrinks_to_whole_tokens_or_drops():
    out, report = align([span("القوات الروسية"), span("قوات")], "contract")
    assert [(a.span.text, a.first, a.last) for a in out] == [("الروسية", 2, 2)]
    assert [i.action for i in report.issues] == [
        "contracted to [13, 20) 'الروسية'",
        "dropped (no whole token inside it)",
    ]


def test_whitespace_edges_are_trimmed_and_whitespace_only_spans_dropped():
    out, report = align([Span.of(TEXT, 12, 21, "ACTOR"), Span.of(TEXT, 12, 13, "X")], "expand")
    assert [a.span.text for a in out] == ["الروسية"]
    assert [i.reason for i in report.issues] == [
        "starts on whitespace and ends on whitespace",
        "covers no token",
    ]


def test_fail_refuses_to_write_and_lists_every_span():
    record = DocRecord("d", TEXT, [span("القوات الروسية"), span("قوات", "SITE")])
    with pytest.raises(UserError) as err:
        render([record], "conll", ExportOptions(align="fail"), ExportReport())
    message = str(err.value)
    assert message.startswith("2 span(s) do not fall on token boundaries; nothing written")
    assert "'القوات الروسية'" in message and "'قوات'" in message
    assert "leave out --align to split the tokens at their edges" in message
    # Span formats need no alignment: fail does not stop them.
    render([record], "doccano", ExportOptions(align="fail"), ExportReport())


def test_overlapping_spans_keep_the_longest_and_report_the_rest():
    record = DocRecord(
        "d", TEXT, [span("والقوات الروسية"), span("الروسية", "SITE"), span("البوكمال", "SITE")]
    )
    report = ExportReport()
    lines = b"".join(c for _, c in render([record], "conll", ExportOptions(), report)).decode()
    assert "والقوات _ _ B-ACTOR\nالروسية _ _ I-ACTOR\nالبوكمال _ _ B-SITE\n" in lines
    [issue] = report.of_kind("overlap")
    assert issue.span.text == "الروسية"
    assert "shares tokens with ACTOR [5, 20)" in issue.reason
    assert report.spans == 2


def test_stale_spans_are_reported_and_left_out():
    stale = Span(21, 29, "SITE", "البوكمال", stale=True)
    record = DocRecord("d", TEXT, [stale, span("والقوات")])
    report = ExportReport()
    out = b"".join(c for _, c in render([record], "doccano", ExportOptions(), report))
    assert b'"label":[[5,12,"ACTOR"]]' in out
    [issue] = report.issues
    assert issue.kind == "stale" and issue.span == stale


def test_spans_that_do_not_match_the_text_are_reported_and_left_out():
    record = DocRecord("d", TEXT, [Span(0, 4, "SITE", "غلط")])
    report = ExportReport()
    list(render([record], "jsonl", ExportOptions(), report))
    [issue] = report.issues
    assert issue.kind == "invalid" and "differs from the document's" in issue.reason


def test_split_cuts_the_token_and_keeps_the_span_exactly():
    s = span("القوات")
    record = DocRecord("d", TEXT, [s])
    report = ExportReport()
    exported = document(record, ExportOptions(), report)
    assert exported["spans"] == [
        {"start": 6, "end": 12, "label": "ACTOR", "text": "القوات", "token_start": 2,
         "token_end": 2, "id": s.id}
    ]  # fmt: skip
    assert [(t["text"], t["ws"]) for t in exported["tokens"][:3]] == [
        ("قصفت", True), ("و", False), ("القوات", True)
    ]  # fmt: skip
    [issue] = report.issues
    assert (issue.kind, issue.span) == ("split", s)
    assert str(issue) == (
        "d: ACTOR [6, 12) 'القوات': starts inside token 'والقوات' [5, 12); "
        "token split at 6: 'و' + 'القوات'; span exported as annotated"
    )
    lines = b"".join(c for _, c in render([record], "conll", ExportOptions(), ExportReport()))
    assert "و _ _ O\nالقوات _ _ B-ACTOR\nالروسية _ _ O\n" in lines.decode()


def test_split_makes_a_space_at_a_span_edge_a_token_in_jsonl_only():
    spans = [Span.of(TEXT, 4, 12, "ACTOR"), Span.of(TEXT, 13, 21, "SITE")]
    report = ExportReport()
    exported = document(DocRecord("d", TEXT, spans), ExportOptions(), report)
    assert [(s["text"], s["token_start"], s["token_end"]) for s in exported["spans"]] == [
        (" والقوات", 1, 2),
        ("الروسية ", 3, 4),
    ]
    assert [(t["text"], t["ws"]) for t in exported["tokens"][:6]] == [
        ("قصفت", False), (" ", False), ("والقوات", True), ("الروسية", False), (" ", False),
        ("البوكمال", False),
    ]  # fmt: skip
    assert [i.kind for i in report.issues] == ["split", "split"]
    # IOB tokens cannot be whitespace: the edge is trimmed and reported.
    toks = tokenize(TEXT)
    starts, ends = [t.start for t in toks], [t.end for t in toks]
    ws = [t.ws for t in toks]
    assert split_tokens("d", TEXT, spans, starts, ends, ws, ExportReport(), spaces=False) is None
    out, report = align(spans, "split")
    assert [a.span.text for a in out] == ["والقوات", "الروسية"]
    assert [i.action for i in report.issues] == [
        "tagged as [5, 12) 'والقوات' (whitespace cannot be tagged)",
        "tagged as [13, 20) 'الروسية' (whitespace cannot be tagged)",
    ]
