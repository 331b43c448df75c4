"""Fuzzing the loaders: whatever bytes a corpus or a journal holds, the answer is a message.

Nothing may raise but ``UserError`` (for a corpus with no article at all), and no line may
vanish: each one is either loaded or reported.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord, Span
from annotator.annotations.validation import validate_file
from annotator.problems import UserError
from annotator.store.compaction import compact
from annotator.store.journal import Journal, load_journal, rejected_path
from annotator.text.corpus import open_corpus
from annotator.text.kinds import JOURNAL, record_kind

TEXT = "قصفت الطائرات البوكمال."
GOOD = orjson.dumps(DocRecord(id="d", text=TEXT, spans=[Span.of(TEXT, 14, 22, "SITE")]).to_json())

odd_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.lists(st.integers(-5, 5), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(-5, 5), max_size=2),
)
fields = st.sampled_from(["id", "text", "spans", "status", "seconds", "schema", "meta", "note"])
span_fields = st.sampled_from(["start", "end", "label", "text", "stale", "annotators"])


@st.composite
def mutated_record(draw) -> bytes:
    """A sound journal line with one field (or one span field) given an odd value."""
    obj = orjson.loads(GOOD)
    if draw(st.booleans()):
        obj[draw(fields)] = draw(odd_values)
    else:
        obj["spans"][0][draw(span_fields)] = draw(odd_values)
    return orjson.dumps(obj)


raw_lines = st.one_of(
    st.binary(max_size=40),
    mutated_record(),
    st.integers(1, len(GOOD) - 1).map(lambda n: GOOD[:n]),
    st.sampled_from(
        [
            GOOD,
            b'{"id": "s", "text": "\\ud800"}',
            b'{"id": "s", "text": "a\\udc00b", "schema": 1}',
            b'{"id": "n", "text": "a\\u0000b"}',
            b'{"id": "n\x00", "text": "ab"}',
            b'{"id": 123456789012345678901234567890, "text": "big"}',
            b'{"id": "neg", "text": "abc", "spans": [{"start": -5, "end": -1, "label": "SITE",'
            b' "text": ""}], "schema": 1}',
            b'{"id": "huge", "text": "abc", "spans": [{"start": 0, "end": 18446744073709551615,'
            b' "label": "SITE", "text": "abc"}], "schema": 1}',
            b'{"id": "f", "text": 1e999}',
            b"\xef\xbb\xbf" + GOOD,
            b"   ",
            b"\x00\x00\x00",
        ]
    ),
)
files = st.lists(raw_lines, min_size=0, max_size=12).map(lambda lines: b"\n".join(lines))
endings = st.sampled_from([b"", b"\n", b"\r\n"])

fuzz = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def journal_file(data: bytes) -> Iterator[Path]:
    """``data`` as a journal in a folder of its own, for one example (pytest's tmp_path is one
    folder for all the examples hypothesis runs in a test)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ali.jsonl"
        path.write_bytes(data)
        yield path


def first_line_is_a_journal_record(data: bytes) -> bool:
    try:
        obj = orjson.loads(data.split(b"\n", 1)[0])
    except orjson.JSONDecodeError:
        return False
    return record_kind(obj) == JOURNAL


@fuzz
@given(jsonl=files, ending=endings, txt=st.lists(st.binary(max_size=30), max_size=3))
def test_corpus_loader_reports_every_bad_line_and_file(jsonl, ending, txt):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "c.jsonl").write_bytes(jsonl + ending)
        for i, data in enumerate(txt):
            (root / f"t{i}.txt").write_bytes(data)
        for check_all in (True, False):
            try:
                corpus = open_corpus(root, check_all=check_all)
            except UserError as exc:
                assert str(exc)
                continue
            for problem in corpus.problems:
                assert str(problem).startswith(str(root))
                assert problem.message
            if check_all:
                data = (jsonl + ending).removeprefix(b"\xef\xbb\xbf")
                non_blank = sum(1 for line in data.split(b"\n") if line.strip())
                from_jsonl = [p for p in corpus.problems if p.path.endswith("c.jsonl")]
                jsonl_ids = [i for i in corpus.ids if not i.endswith(".txt")]
                txt_ids = [i for i in corpus.ids if i.endswith(".txt")]
                if first_line_is_a_journal_record(data):
                    # Annotator's own journal inside a corpus folder: skipped whole, said once.
                    assert jsonl_ids == []
                    assert [p.message for p in from_jsonl] == [
                        "an annotation journal, not articles; skipped"
                    ]
                    continue
                # One article or one problem per line (a duplicate .txt id is a jsonl problem).
                assert len(jsonl_ids) + len(from_jsonl) == non_blank
                assert len(txt_ids) + len(corpus.problems) - len(from_jsonl) == len(txt)
            for doc_id in corpus.ids:
                try:
                    assert isinstance(corpus.text(doc_id), str)
                    assert isinstance(corpus.meta(doc_id), dict)
                except UserError as exc:
                    assert not check_all, exc  # a checked corpus holds only sound articles
                    assert str(exc)


@fuzz
@given(journal=files, ending=endings)
def test_journal_loader_keeps_or_reports_every_line(journal, ending):
    data = journal + ending
    with journal_file(data) as path:
        contents = load_journal(path)
        reported = {p.line for p in contents.problems}
        for number, line in enumerate(data.split(b"\n"), 1):
            if number == 1:
                line = line.removeprefix(b"\xef\xbb\xbf")  # accepted, as in a corpus
            if not line.strip():
                continue
            try:
                obj = orjson.loads(line)
            except orjson.JSONDecodeError:
                assert number in reported
                continue
            if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not obj["id"]:
                assert number in reported
        for record in contents.records.values():
            line = record.to_json()
            assert DocRecord.from_json(orjson.loads(orjson.dumps(line))).to_json() == line

        assert all(p.line for p in validate_file(path, default_labels()).problems)

        with Journal.open(path) as writer:
            writer.append(DocRecord(id="new", text=TEXT))
        after = load_journal(path)
        assert after.records["new"].text == TEXT
        assert {k: v for k, v in after.records.items() if k != "new"} == {
            k: v for k, v in contents.records.items() if k != "new"
        }
        assert path.read_bytes().endswith(b"\n")


@fuzz
@given(journal=files, ending=endings)
def test_compaction_keeps_every_record_and_sets_every_bad_line_aside(journal, ending):
    data = journal + ending
    with journal_file(data) as path:
        before = load_journal(path)
        try:
            result = compact(path)
        except UserError as exc:  # a JSON line without "schema" and "spans": not a journal
            assert "left unchanged" in str(exc)
            assert path.read_bytes() == data and not rejected_path(path).exists()
            return
        after = load_journal(path)
        # The same records as written (a missing text_hash is filled in on the way).
        assert {k: r.to_json() for k, r in after.records.items()} == {
            k: r.to_json() for k, r in before.records.items()
        }
        assert list(after.records) == list(before.records)
        assert after.problems == [] and after.lines == len(before.records)
        rejected = rejected_path(path)
        set_aside = rejected.read_bytes().split(b"\n")[:-1] if rejected.exists() else []
        assert len(set_aside) == result.rejected == len(before.problems)
        # Each one byte for byte as it was in the journal.
        assert all(line in data for line in set_aside)
