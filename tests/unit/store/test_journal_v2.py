"""Record schema v2 in the journal: the text written once per document, change ids that make
an append idempotent, v1 journals read as they are and migrated by compact."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord, Relation, Span
from annotator.annotations.validation import validate_file
from annotator.session.editing import DocumentSession
from annotator.store.compaction import compact
from annotator.store.journal import Journal, load_journal

TEXT = "قصفت الطائرات البوكمال."


def record(doc_id: str = "a", label: str = "SITE", text: str = TEXT) -> DocRecord:
    start = text.index("البوكمال")
    return DocRecord(
        id=doc_id, text=text, spans=[Span.of(text, start, start + 8, label)], annotator="ali"
    )


def lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def v1_line(doc_id: str, text: str, spans: list[Span], status: str = "in_progress") -> bytes:
    """A line as the v1 writer made it: ``"schema": 1``, the text, spans without ids."""
    obj = {
        "schema": 1,
        "id": doc_id,
        "text": text,
        "text_hash": DocRecord(doc_id, text).to_json()["text_hash"],
        "spans": [
            {"start": s.start, "end": s.end, "label": s.label, "text": s.text} for s in spans
        ],
        "status": status,
        "annotator": "ali",
        "updated_at": "2024-01-01T00:00:00.000+00:00",
        "seconds": 1.5,
    }
    return orjson.dumps(obj) + b"\n"


def test_a_change_on_a_5_mb_article_writes_less_than_64_kb(tmp_path):
    paragraph = "قصفت الطائرات الإسرائيلية مواقع في البوكمال وقتلت 38 عنصرا.\n"
    text = paragraph * (5_000_000 // len(paragraph.encode()))
    assert len(text.encode()) > 4_900_000
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record(text=text))
        first = path.stat().st_size
        assert first > len(text.encode())  # the first line carries the text
        at = paragraph.index("البوكمال")
        spans = [
            Span.of(text, i, i + 8, "SITE") for i in range(at, 200 * len(paragraph), len(paragraph))
        ]
        journal.append(replace(record(text=text), spans=spans, status="in_progress"))
        assert path.stat().st_size - first < 64 * 1024
    with Journal.open(path) as journal:  # and after reopening, too
        before = path.stat().st_size
        journal.append(replace(record(text=text), spans=spans[:-1]))
        assert path.stat().st_size - before < 64 * 1024
    loaded = load_journal(path).records["a"]
    assert loaded.text == text and loaded.spans == sorted(spans[:-1])
    assert all(span.text == "البوكمال" for span in loaded.spans)


def test_only_the_first_line_of_a_document_carries_its_text(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a", "SITE"))
        journal.append(record("b", "SITE"))
        journal.append(record("a", "ACTOR"))
    found = lines(path)
    assert ["text" in obj for obj in found] == [True, True, False]
    assert all(obj["v"] == 2 and obj["length"] == len(TEXT) for obj in found)
    assert load_journal(path).records["a"].spans[0].label == "ACTOR"
    assert load_journal(path).records["a"].text == TEXT


def test_a_changed_text_is_written_again(tmp_path):
    path = tmp_path / "ali.jsonl"
    changed = TEXT.replace("قصفت", "ضربت")
    with Journal.open(path) as journal:
        journal.append(record("a"))
        journal.append(record("a", text=changed))
        journal.append(record("a", "ACTOR", text=changed))
    assert ["text" in obj for obj in lines(path)] == [True, True, False]
    assert load_journal(path).records["a"].text == changed


def test_a_line_without_text_needs_the_latest_carrier_of_its_document(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a", "SITE"))
        journal.append(record("a", "ACTOR"))
    carrier, textless = path.read_bytes().splitlines()
    # A later carrier of another text comes between: the text-less line no longer joins it.
    other = orjson.loads(carrier) | {"text": TEXT + "!", "length": len(TEXT) + 1, "text_hash": "x"}
    path.write_bytes(carrier + b"\n" + orjson.dumps(other) + b"\n" + textless + b"\n")
    contents = load_journal(path)
    assert contents.records["a"].text == TEXT + "!"  # line 2, the latest valid line
    (problem,) = contents.problems
    assert problem.line == 3 and "leaves its text out" in problem.message
    # Alone, with no carrier at all, it is reported and not used.
    path.write_bytes(textless + b"\n")
    contents = load_journal(path)
    assert "a" not in contents.records
    assert "no earlier line of the document carries one" in contents.problems[0].message


def test_an_invalid_latest_line_falls_back_to_an_older_line_without_text(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a", "SITE"))
        journal.append(record("a", "ACTOR"))
    bad = orjson.loads(path.read_bytes().splitlines()[1]) | {"status": "lost?"}
    with open(path, "ab") as f:
        f.write(orjson.dumps(bad) + b"\n")
    contents = load_journal(path)
    assert contents.records["a"].spans[0].label == "ACTOR"  # line 2, joined with line 1's text
    assert [p.line for p in contents.problems] == [3]
    # The writer does not lean on a text it did not verify: the next line carries it again.
    with Journal.open(path) as journal:
        journal.append(record("a", "QUOTE"))
    assert "text" in lines(path)[-1]


def test_the_same_change_sent_twice_is_stored_once(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        assert journal.append(record("a"), change="c-1") is True
        assert journal.append(record("a", "ACTOR"), change="c-1") is False
        plain = record("a", "QUOTE")
        assert journal.append(plain) is True and plain.change not in ("", "c-1")
    with Journal.open(path) as journal:  # known after reopening, from the file
        assert journal.append(record("a", "ACTOR"), change="c-1") is False
        assert journal.append(record("a", "ACTOR"), change="c-2") is True
    assert [obj["change"] for obj in lines(path)][::2] == ["c-1", "c-2"]
    assert load_journal(path).records["a"].change == "c-2"


def test_a_v1_journal_is_read_and_appended_to_in_v2(tmp_path):
    path = tmp_path / "ali.jsonl"
    spans = [Span.of(TEXT, 14, 22, "SITE"), Span.of(TEXT, 5, 13, "ACTOR")]
    path.write_bytes(v1_line("a", TEXT, spans))
    with Journal.open(path) as journal:
        old = journal.records["a"]
        assert old.schema == 1 and [s.id for s in old.spans] == ["#0", "#1"]
        assert old.spans == spans and old.seconds == 1.5
        journal.append(replace(old, status="accepted"))
    first, second = lines(path)
    assert first["schema"] == 1 and second["v"] == 2
    assert "text" not in second  # the v1 line carries it
    assert [s["id"] for s in second["spans"]] == ["#1", "#0"]  # sorted, ids kept
    again = load_journal(path).records["a"]
    assert again.schema == 2 and again.status == "accepted" and again.text == TEXT


def test_v2_fields_round_trip_and_are_checked(tmp_path):
    spans = [Span.of(TEXT, 5, 13, "ACTOR"), Span.of(TEXT, 14, 22, "SITE", confidence=0.75)]
    made = replace(
        record(),
        spans=spans,
        relations=[Relation("r1", "located_in", spans[0].id, spans[1].id)],
        attributes={spans[0].id: {"negated": False, "role": "attacker"}},
        doc_labels=["airstrike"],
    )
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(made)
    loaded = load_journal(path).records["a"]
    assert loaded == made
    assert [(s.id, s.confidence) for s in loaded.spans] == [(s.id, s.confidence) for s in spans]
    # Sound references; what the default label set does not define is reported, not dropped.
    assert [p.message for p in validate_file(path, default_labels()).problems] == [
        "relations[0] type located_in is not in the label set (removed?); add it back with a "
        "[[relation]] table, or delete these relations in the app",
        f"attribute negated of span {spans[0].id!r} is not defined for ACTOR in the label set "
        "(removed?)",
        f"attribute role of span {spans[0].id!r} is not defined for ACTOR in the label set "
        "(removed?)",
        "document label 'airstrike' is not in the label set (removed?)",
    ]
    broken = lines(path)[0] | {"relations": [{"id": "r1", "type": "x", "head": "?", "tail": "?"}]}
    path.write_bytes(orjson.dumps(broken) + b"\n")
    messages = [p.message for p in validate_file(path, default_labels()).problems]
    assert messages[:2] == [
        "relations[0] head '?' is not a span id of this record",
        "relations[0] tail '?' is not a span id of this record",
    ]


def test_validate_checks_a_line_without_text_against_its_carrier_and_names_versions(tmp_path):
    path = tmp_path / "ali.jsonl"
    path.write_bytes(v1_line("a", TEXT, [Span.of(TEXT, 14, 22, "SITE")]))
    with Journal.open(path) as journal:
        journal.append(record("a", "ACTOR"))
        wrong = record("a")
        wrong.spans = [Span(0, 4, "SITE", "xxxx")]
        journal.append(wrong)
    assert "text" not in lines(path)[2]
    result = validate_file(path, default_labels())
    assert result.versions == {1: [1], 2: [2, 3]}
    assert [(p.line, "differs from the document's" in p.message) for p in result.problems] == [
        (3, True)
    ]


def test_a_span_keeps_its_id_in_the_journal_when_an_edge_moves_or_it_is_relabelled(tmp_path):
    session = DocumentSession("a", TEXT, default_labels().names)
    span = session.add(13, 22, "SITE")  # with the space before the word
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(session.record("ali"))
        moved = session.replace(span, 14, 22, "SITE")
        journal.append(session.record("ali"))
        session.replace(moved, 14, 22, "ACTOR")
        journal.append(session.record("ali"))
    assert [[(s["id"], s["start"], s["label"]) for s in obj["spans"]] for obj in lines(path)] == [
        [(span.id, 13, "SITE")],
        [(span.id, 14, "SITE")],
        [(span.id, 14, "ACTOR")],
    ]
    assert Span.of(TEXT, 14, 22, "SITE").id != span.id  # a new span, a new id


span_lists = st.lists(
    st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 9), st.sampled_from(["SITE", "ACTOR"])),
    max_size=6,
)
v1_histories = st.lists(
    st.tuples(st.sampled_from(["a", "b", "c"]), span_lists, st.booleans()), min_size=1, max_size=6
)


def spans_of(text: str, drawn: list[tuple[int, int, str]]) -> list[Span]:
    return [Span.of(text, s, min(s + n, len(text)), label) for s, n, label in drawn]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=v1_histories)
def test_v1_journals_read_write_v2_and_compact_keeping_every_span_and_its_text(history):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ali.jsonl"
        expected: dict[str, tuple[str, list[tuple[int, int, str, str]]]] = {}
        with open(path, "wb") as f:
            for doc_id, drawn, edited in history:
                text = TEXT + "\n" + doc_id if edited else TEXT
                spans = spans_of(text, drawn)
                f.write(v1_line(doc_id, text, spans))
                expected[doc_id] = (text, sorted((s.start, s.end, s.label, s.text) for s in spans))

        def found(records) -> dict:
            return {
                r.id: (r.text, sorted((s.start, s.end, s.label, s.text) for s in r.spans))
                for r in records.values()
            }

        assert found(load_journal(path).records) == expected  # v1 read
        with Journal.open(path) as journal:  # v2 written over v1 lines, text left out
            for doc_id in expected:
                journal.append(replace(journal.records[doc_id], note="seen"))
        assert found(load_journal(path).records) == expected  # v2 read, joined with v1 text
        ids = {r.id: [s.id for s in r.spans] for r in load_journal(path).records.values()}
        compact(path)  # migration
        migrated = load_journal(path).records
        assert found(migrated) == expected
        assert {r.id: [s.id for s in r.spans] for r in migrated.values()} == ids
        assert all(obj["v"] == 2 and "text" in obj for obj in lines(path))
        assert validate_file(path, default_labels()).versions == {2: list(range(1, len(ids) + 1))}


@settings(max_examples=40, deadline=None)
@given(drawn=span_lists, confidence=st.none() | st.floats(0, 1))
def test_a_v2_record_written_and_read_is_the_same_record(drawn, confidence):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ali.jsonl"
        spans = [replace(s, confidence=confidence) for s in spans_of(TEXT, drawn)]
        made = replace(record(), spans=spans)
        again = replace(made, note="again")
        with Journal.open(path) as journal:
            journal.append(made)
            journal.append(again)
        loaded = load_journal(path).records["a"]
        assert loaded == replace(again, spans=sorted(spans))  # written in order
        by_id = {s.id: s for s in loaded.spans}
        for span in spans:
            twin = by_id[span.id]
            assert (twin.text, twin.confidence) == (span.text, span.confidence)
