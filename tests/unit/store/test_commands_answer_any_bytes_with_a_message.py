"""Whatever bytes validate, compact and check-corpus are given: a message, never a traceback,
and compact never changes a file that is not an annotation journal."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord, Span
from annotator.annotations.validation import validate_file
from annotator.cli import main
from annotator.problems import UserError
from annotator.store.compaction import compact
from annotator.text import kinds

TEXT = "قصفت الطائرات البوكمال."
JOURNAL = orjson.dumps(
    DocRecord(id="d", text=TEXT, spans=[Span.of(TEXT, 14, 22, "SITE")]).to_json()
)
ARTICLE = orjson.dumps({"id": "c", "text": TEXT, "meta": {"src": "x"}})
DOCCANO = orjson.dumps({"id": "c", "text": TEXT, "label": [[14, 22, "SITE"], [0, 99, "X"]]})
HF = orjson.dumps({"id": "c", "tokens": ["قصفت"], "ner_tags": [0]})

lines = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([JOURNAL, ARTICLE, DOCCANO, HF, b"-DOCSTART- -X- O O", b"[1, 2]", b""]),
    st.sampled_from([JOURNAL, ARTICLE, DOCCANO]).flatmap(
        lambda line: st.integers(1, len(line) - 1).map(lambda n: line[:n])
    ),
)
files = st.lists(lines, max_size=8).map(b"\n".join)
endings = st.sampled_from([b"", b"\n", b"\r\n", b"\x00"])
fuzz = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def is_journal_record(line: bytes) -> bool:
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        return False
    return kinds.record_kind(obj) == kinds.JOURNAL and "id" in obj


@fuzz
@given(data=files, ending=endings)
def test_validate_and_compact_answer_every_file_with_a_message(data, ending):
    data += ending
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.jsonl"
        path.write_bytes(data)
        result = validate_file(path, default_labels())
        assert bool(result.unchecked) or all(p.line and p.message for p in result.problems)
        assert path.read_bytes() == data

        try:
            compacted = compact(path)
        except UserError as exc:
            assert "left unchanged" in str(exc)
            assert path.read_bytes() == data
            assert [p.name for p in Path(tmp).iterdir()] == ["f.jsonl"]
            return
        # Compacted: so every JSON line was a journal record, and at least one line was
        # (an empty file is an empty journal).
        # (a byte order mark before the first line is accepted and dropped, as in a corpus)
        lines = data.removeprefix(b"\xef\xbb\xbf").split(b"\n")
        non_blank = [line for line in lines if line.strip()]
        assert not non_blank or any(is_journal_record(line) for line in non_blank)
        for line in non_blank:
            try:
                orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            assert is_journal_record(line)
        assert compacted.records == len(path.read_bytes().splitlines())


@settings(max_examples=25, deadline=None)
@given(data=files, ending=endings)
def test_the_commands_exit_with_a_code_and_print_no_traceback(data, ending):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.jsonl"
        path.write_bytes(data + ending)
        for command in ("validate", "compact", "check-corpus"):
            assert main([command, str(path)]) in (0, 1, 2), command
