"""A journal line whose spans do not describe its text is refused, reported and not used."""

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import load_journal

TEXT = "في البوكمال بريف ديرالزور"
GOOD = DocRecord("a", TEXT, [Span.of(TEXT, 3, 11, "SITE")], status="accepted")


def write(path, *records: dict) -> None:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))


@pytest.mark.parametrize(
    ("span", "message"),
    [
        ({"start": 3, "end": 11, "label": "SITE", "text": "XXXX"}, "differs from the document's"),
        ({"start": -1, "end": 11, "label": "SITE", "text": "x"}, "lies outside the text"),
        ({"start": 3, "end": 999, "label": "SITE", "text": "x"}, "lies outside the text"),
        ({"start": 11, "end": 3, "label": "SITE", "text": ""}, "not before end"),
    ],
)
def test_a_bad_span_falls_back_to_the_last_good_line_and_is_reported(tmp_path, span, message):
    bad = GOOD.to_json() | {"spans": [span], "status": "in_progress"}
    path = tmp_path / "ali.jsonl"
    write(path, GOOD.to_json(), bad)
    contents = load_journal(path)
    assert contents.records["a"].to_json() == GOOD.to_json()
    (problem,) = contents.problems
    assert problem.line == 2
    assert message in str(problem)
    assert len(str(problem)) < 300  # never the whole article


def test_a_stale_span_keeps_its_old_text_and_loads(tmp_path):
    stale = Span(3, 11, "SITE", "الميادين", stale=True)
    record = DocRecord("a", TEXT, [stale], status="flagged")
    path = tmp_path / "ali.jsonl"
    write(path, record.to_json())
    contents = load_journal(path)
    assert contents.problems == []
    assert contents.records["a"].spans == [stale]


def test_a_stale_span_outside_the_text_is_still_refused(tmp_path):
    stale = {"start": 3, "end": 500, "label": "SITE", "text": "x", "stale": True}
    path = tmp_path / "ali.jsonl"
    write(path, GOOD.to_json() | {"spans": [stale]})
    contents = load_journal(path)
    assert "a" not in contents.records
    assert "lies outside the text" in str(contents.problems[0])
