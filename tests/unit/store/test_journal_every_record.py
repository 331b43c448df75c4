"""A journal loaded for every record (each record built as its line is parsed, not read
again) gives the same records, in the same order, with the same problems and bad lines as one
read record by record."""

from __future__ import annotations

import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Relation, Span
from annotator.store import journal as journal_module
from annotator.store.journal import Journal, load_journal

TEXT = "قصفت الطائرات البوكمال."


def record(doc_id: str, label: str = "SITE", text: str = TEXT, **extra: object) -> DocRecord:
    start = text.index("البوكمال")
    span = Span.of(text, start, start + 8, label)
    return DocRecord(id=doc_id, text=text, spans=[span], annotator="ali", **extra)  # type: ignore[arg-type]


def loaded(path: Path, every_record: bool) -> tuple[list[dict], list[str], list[tuple[int, bytes]]]:
    contents = load_journal(path, every_record=every_record)
    records = [r.to_json() for r in contents.records.values()]
    return records, [str(p) for p in contents.problems], contents.bad_lines


def test_every_record_loads_what_reading_each_record_loads(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        journal.append(record("a", "SITE"))
        journal.append(record("a", "ACTOR"))  # leaves its text out: joined with line 1
        journal.append(record("b"))
        journal.append(record("b", "QUOTE"))
        first = journal.records["b"].spans[0].id
        journal.append(
            record(
                "c",
                relations=[Relation("r1", "near", first, first)],
                attributes={first: {"certain": True}},
                doc_labels=["war"],
            )
        )
        journal.append(record("d"))
        journal.append(record("e"))
    raw = path.read_bytes().splitlines()
    # b's latest line made invalid: b falls back to its line without text (joined with line 3).
    bad_status = orjson.dumps(orjson.loads(raw[3]) | {"status": "lost?"})
    # d's latest line quotes another text than its offsets hold.
    d = orjson.loads(raw[5])
    d["spans"][0]["text"] = "xxxxxxxx"
    # e's latest line leaves its text out with a carrier of another text before it.
    e_other = orjson.loads(raw[6]) | {"text": TEXT + "!", "length": len(TEXT) + 1}
    e_textless = orjson.dumps(
        {k: v for k, v in orjson.loads(raw[6]).items() if k != "text"} | {"change": "e2"}
    )
    v1 = {"schema": 1, "id": "f", "text": TEXT, "spans": [{"start": 0, "end": 4,
          "label": "ACTOR", "text": TEXT[:4]}], "status": "accepted"}  # fmt: skip
    lines = [
        *raw[:3],
        bad_status,
        raw[4],
        orjson.dumps(d),
        orjson.dumps(e_other),
        e_textless,
        b"{not json",
        orjson.dumps(v1),
        b'{"v": 2, "id": "g", "tex',  # torn last line
    ]
    path.write_bytes(b"\n".join(lines))

    lazy = loaded(path, every_record=False)
    every = loaded(path, every_record=True)
    assert every == lazy
    records, problems, bad = every
    assert [r["id"] for r in records] == ["a", "b", "c", "e", "f"]
    assert [r["spans"][0]["label"] for r in records[:2]] == ["ACTOR", "SITE"]
    assert records[2]["relations"][0]["type"] == "near" and records[2]["doc_labels"] == ["war"]
    assert records[3]["text"] == TEXT + "!"  # the latest valid line of e
    assert [n for n, _ in bad] == [4, 6, 8, 9, 11]
    said = "\n".join(problems)
    for reason in ("status 'lost?'", "differs from the document's", "leaves its text out"):
        assert reason in said
    assert "not valid JSON" in said and "incomplete last line" in said


def test_every_record_reads_one_record_as_the_lazy_load_does(tmp_path):
    path = tmp_path / "ali.jsonl"
    with Journal.open(path) as journal:
        for i in range(3):
            journal.append(record(f"doc-{i}", "SITE"))
            journal.append(record(f"doc-{i}", "ACTOR"))
    contents = load_journal(path, every_record=True)
    assert contents.records["doc-1"].spans[0].label == "ACTOR"
    assert list(contents.records) == ["doc-0", "doc-1", "doc-2"] and contents.problems == []


TEXTS = (TEXT, TEXT + " ودير الزور")
line_of = st.tuples(
    st.sampled_from("abc"),  # the document
    st.sampled_from(TEXTS),
    st.booleans(),  # carries its text
    st.sampled_from(["sound", "sound", "sound", "status", "span", "not json"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(line_of, max_size=14), st.integers(1, 3))
# a's latest line fails and falls back to line 1: b, built while reading, stays after it.
@example([("a", TEXT, True, "sound"), ("a", TEXT, True, "status"), *(
    (doc_id, TEXT, True, "sound") for doc_id in "bc")], 1)  # fmt: skip
def test_records_built_while_reading_are_those_read_one_by_one(lines, pending):
    """However a document's lines interleave with others', leave their text out, fail their
    checks or fall out of the few held parsed (``_PENDING``, made tiny here), reading every
    record loads what reading each record loads."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(journal_module, "_PENDING", pending)
        path = Path(folder) / "ali.jsonl"
        with path.open("wb") as out:
            for n, (doc_id, text, carries, fault) in enumerate(lines):
                if fault == "not json":
                    out.write(b"{not json\n")
                    continue
                obj = record(doc_id, ("SITE", "ACTOR")[n % 2], text).to_json(carries)
                if fault == "status":
                    obj["status"] = "lost?"
                elif fault == "span":
                    obj["spans"][0]["text"] = "xx"
                out.write(orjson.dumps(obj) + b"\n")
        assert loaded(path, every_record=True) == loaded(path, every_record=False)
