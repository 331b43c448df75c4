import os
import re
from dataclasses import FrozenInstanceError, replace

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.annotations.model import (
    DocRecord,
    RecordError,
    Relation,
    Span,
    check_span,
    text_hash,
)

TEXT = "كشفت مصادر سورية إعلامية، أن القوات الروسية انسحبت من مقرها في البوكمال"


def test_span_of_takes_its_text_from_the_document():
    start = TEXT.index("البوكمال")
    span = Span.of(TEXT, start, start + 8, "SITE")
    assert span.text == "البوكمال"
    assert check_span(span, TEXT) == []


def test_check_span_names_each_problem():
    assert "outside the text" in check_span(Span(0, 999, "SITE", "x"), TEXT)[0]
    assert "not before end" in check_span(Span(5, 5, "SITE", ""), TEXT)[0]
    assert "differs from the document's" in check_span(Span(0, 4, "SITE", "كشف"), TEXT)[0]


def test_record_round_trips_through_json_keeping_unknown_keys():
    record = DocRecord(
        id="a.txt",
        text=TEXT,
        spans=[Span.of(TEXT, 0, 4, "ACTOR", annotators=("ali", "mona"), source="gold")],
        status="accepted",
        annotator="ali",
        seconds=12.5,
        note="check",
        meta={"source": "x"},
        extra={"reviewer": "lead"},
    )
    data = orjson.loads(orjson.dumps(record.to_json()))
    assert data["text_hash"] == text_hash(TEXT)
    assert data["reviewer"] == "lead"
    again = DocRecord.from_json(data)
    assert again.to_json() == record.to_json()


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        ([], "record is list"),
        ({"id": "", "text": ""}, "id must be a non-empty string"),
        ({"id": "a"}, "has no text string"),
        ({"id": "a", "text": "x", "status": "done"}, "status 'done' is not one of"),
        ({"id": "a", "text": "x", "schema": 99}, "schema 99 is not one this version reads"),
        ({"id": "a", "text": "x", "spans": {}}, "spans must be a list"),
        ({"id": "a", "text": "x", "spans": [{"start": "0"}]}, "spans[0].start must be an integer"),
        ({"id": "a", "text": "x", "spans": [{"start": True}]}, "spans[0].start must be an integer"),
        ({"id": "a", "text": "x", "seconds": -1}, "seconds must be a non-negative number"),
        ({"id": "a", "text": "x", "meta": []}, "meta must be an object"),
    ],
)
def test_from_json_rejects_bad_records_with_a_reason(obj, message):
    with pytest.raises(RecordError) as info:
        DocRecord.from_json(obj)
    assert message in str(info.value)


@given(st.text(), st.data())
def test_any_span_of_any_text_round_trips(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    span = Span.of(text, start, end, "QUOTE")
    assert Span.from_json(span.to_json()) == span
    assert span.text == text[start:end]


@given(
    st.integers(-(2**63), 2**63 - 1),
    st.integers(-(2**63), 2**63 - 1),
    st.text(),
    st.text(),
    st.lists(st.text(), max_size=2),
    st.text(),
    st.booleans(),
)
def test_a_span_read_from_json_is_the_same_as_one_constructed(
    start, end, label, text, annotators, source, stale
):
    made = Span(start, end, label, text, tuple(annotators), source, stale)
    read = Span.from_json(orjson.loads(orjson.dumps(made.to_json())))
    record = DocRecord.from_json({"id": "a", "text": "", "spans": [made.to_json()]})
    for span in (read, record.spans[0]):
        assert span == made and hash(span) == hash(made) and not span < made
        assert span.key() == made.key() and span.annotators == made.annotators
        assert replace(span, label="SITE") == replace(made, label="SITE")
        with pytest.raises(FrozenInstanceError):
            span.start = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"start": 0, "end": 1, "label": "SITE", "text": 5}, "spans[0].text must be a string"),
        ({"start": 0, "end": 1.0, "label": "SITE", "text": "x"}, "spans[0].end must be an integer"),
        ({"start": 0, "end": 1, "label": "SITE"}, "spans[0].text must be a string"),
        ({"start": 0, "end": 1, "label": "S", "text": "x", "source": 1}, "spans[0].source must be"),
        (
            {"start": 0, "end": 1, "label": "S", "text": "x", "annotators": [1]},
            "annotators must be",
        ),
        (["x"], "spans[0] is list, expected an object"),
    ],
)
def test_each_bad_span_is_named(span, message):
    with pytest.raises(RecordError, match=re.escape(message)):
        DocRecord.from_json({"id": "a", "text": "x", "spans": [span]})


def test_wrong_types_of_string_fields_are_named():
    for name in ("annotator", "updated_at", "note", "text_hash"):
        with pytest.raises(RecordError, match=f"{name} must be a string"):
            DocRecord.from_json({"id": "a", "text": "x", name: 1})


def test_unknown_keys_keep_their_order():
    record = DocRecord.from_json({"id": "a", "text": "x", "z": 1, "schema": 1, "b": 2, "y": 3})
    assert list(record.extra) == ["z", "b", "y"]


def test_a_v1_key_that_v2_defines_is_kept_under_another_name():
    line = {"schema": 1, "id": "a", "text": "x", "spans": [], "change": 7, "length": "long"}
    record = DocRecord.from_json(line)
    assert record.extra == {"v1_change": 7, "v1_length": "long"} and record.change == ""
    written = record.to_json()
    assert (written["v1_change"], written["length"]) == (7, 1)
    assert DocRecord.from_json(written).extra == record.extra


def test_a_forked_child_makes_span_ids_of_its_own():
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child reports one new id and leaves at once
        os.write(write, Span.of(TEXT, 0, 4, "SITE").id.encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read, "rb") as child:
        theirs = child.read().decode()
    ours = Span.of(TEXT, 0, 4, "SITE").id
    assert theirs.split(".")[0] != ours.split(".")[0]


def test_spans_and_relations_carry_and_check_their_provenance_the_same_way():
    span = Span(0, 1, "S", "x", source="model:crf", confidence=0.5)
    relation = Relation("r1", "located_in", "a", "b", source="model:crf", confidence=0.5)
    for item, where in ((span, "spans[0]"), (relation, "relations[0]")):
        obj = item.to_json()
        assert (obj["source"], obj["confidence"]) == ("model:crf", 0.5)
        assert type(item).from_json(obj, where) == item
        with pytest.raises(RecordError, match=rf"{re.escape(where)}\.confidence must be a number"):
            type(item).from_json({**obj, "confidence": 2}, where)
    bare = Relation("r1", "located_in", "a", "b").to_json()
    assert "source" not in bare and "confidence" not in bare
