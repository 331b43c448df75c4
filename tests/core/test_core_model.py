import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.model import DocRecord, RecordError, Span, check_span, text_hash

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
