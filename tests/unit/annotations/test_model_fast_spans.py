"""A record's spans are built on a fast path (the common span shape set up inline) and
checked against the text once per record; it must build exactly what checking each span
field by field (``Span._checked``) and then against the text (``check_span``) builds, and
refuse exactly what that refuses, with the same message."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, RecordError, Span, check_span

TEXT = "قصفت الطائرات البوكمال ودير الزور."


def checked_slowly(raw_spans: list[Any]) -> list[Span] | str:
    """Every span through the field-by-field checks, then each against the text: what the
    journal built before the fast path; the message of the first refusal otherwise."""
    try:
        spans = [Span._checked(obj, f"spans[{i}]", f"#{i}") for i, obj in enumerate(raw_spans)]
    except RecordError as exc:
        return str(exc)
    for i, span in enumerate(spans):
        inside = 0 <= span.start < span.end <= len(TEXT)
        if inside and (span.stale or TEXT[span.start : span.end] == span.text):
            continue
        return f"record 'a': {check_span(span, TEXT, f'spans[{i}]')[0]}"
    return spans


def every_field(span: Span) -> tuple[Any, ...]:
    return (type(span), *(getattr(span, f.name) for f in fields(Span)))


odd_offsets = st.one_of(st.booleans(), st.floats(allow_nan=False), st.just("3"), st.none())


@st.composite
def raw_span(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 20)) == 0:
        return draw(st.one_of(st.lists(st.integers(), max_size=2), st.text(max_size=3)))
    obj: dict[str, Any] = {}
    # Mostly sound spans, so that a fault the fast path misses is found among them.
    start = draw(st.integers(-2, len(TEXT) + 2) if draw(st.integers(0, 9)) else odd_offsets)
    if type(start) is int and draw(st.integers(0, 3)):
        end = start + draw(st.integers(-1, 6))  # empty and reversed spans among them
    else:
        end = draw(st.integers(-2, len(TEXT) + 2) if draw(st.integers(0, 9)) else odd_offsets)
    for name, value in (("start", start), ("end", end)):
        if draw(st.integers(0, 15)):
            obj[name] = value
    if draw(st.integers(0, 15)):
        obj["label"] = draw(
            st.sampled_from(["SITE", "ACTOR"]) if draw(st.integers(0, 5)) else st.integers()
        )
    if draw(st.integers(0, 15)):
        sliceable = type(start) is int and type(end) is int
        kind = draw(st.integers(0, 3))
        if sliceable and kind < 2:
            obj["text"] = TEXT[start:end]
        elif sliceable and kind == 2:
            obj["text"] = TEXT[start + 1 : end + 1]  # the next characters: a near miss
        else:
            obj["text"] = draw(st.one_of(st.text(max_size=4), st.integers()))
    if draw(st.integers(0, 2)) == 0:
        obj["id"] = draw(st.sampled_from(["s.1", "", 7]))
    elif draw(st.booleans()):
        obj["id"] = "s.2"
    for name, value in (
        ("stale", st.booleans()),
        ("source", st.one_of(st.just("rule:x"), st.integers())),
        ("annotators", st.lists(st.sampled_from(["ali", 7]), max_size=2)),
        ("confidence", st.one_of(st.floats(0, 1), st.just(2))),
    ):
        if draw(st.integers(0, 9)) == 0:
            obj[name] = draw(value)
    return obj


@settings(max_examples=400)
@given(st.lists(raw_span(), max_size=3))
def test_the_fast_path_builds_and_refuses_what_the_checks_span_by_span_do(raw_spans):
    wanted = checked_slowly(raw_spans)
    try:
        record = DocRecord.from_line({"id": "a", "text": TEXT, "spans": raw_spans})
    except RecordError as exc:
        assert str(exc) == wanted
    else:
        assert not isinstance(wanted, str), wanted
        assert [every_field(s) for s in record.spans] == [every_field(s) for s in wanted]


def test_a_span_built_on_the_fast_path_is_a_frozen_span_whose_label_is_shared():
    start = TEXT.index("البوكمال")
    line = {"id": "a", "text": TEXT, "spans": [Span.of(TEXT, start, start + 8, "SITE").to_json()]}
    # Each read parses its own strings; equal ones end up shared.
    first, second = (DocRecord.from_line(orjson.loads(orjson.dumps(line))).spans[0] for _ in "ab")
    assert type(first) is Span and first == Span.of(TEXT, start, start + 8, "SITE")
    assert hash(first) == hash(Span.of(TEXT, start, start + 8, "SITE"))
    assert first.label is second.label and first.text is second.text
