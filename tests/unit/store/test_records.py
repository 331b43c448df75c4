"""Records built when read: one record read checks that one, anything that takes in the whole
journal checks them all first, and the answers are those of checking everything at load."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord, Span
from annotator.annotations.validation import validate_file
from annotator.store.compaction import compact
from annotator.store.journal import Journal, load_journal

TEXT = "قصفت الطائرات البوكمال."


def line(doc_id: str, label: str = "SITE", **changes: object) -> bytes:
    record = DocRecord(id=doc_id, text=TEXT, spans=[Span.of(TEXT, 14, 22, label)])
    return orjson.dumps({**record.to_json(), **changes})


def invalid(doc_id: str) -> bytes:
    return line(doc_id, status="???")


def write(path: Path, *lines: bytes) -> Path:
    path.write_bytes(b"".join(x + b"\n" for x in lines))
    return path


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_an_invalid_latest_line_read_alone_falls_back_and_is_reported(tmp_path):
    bad = invalid("a")
    path = write(tmp_path / "ali.jsonl", line("a", "ACTOR"), line("b"), bad, line("c"))
    records = load_journal(path).records
    assert records["a"].spans[0].label == "ACTOR"
    assert list(records) == ["a", "b", "c"]  # a comes from line 1 now
    contents = load_journal(path)
    assert contents.records.get("a").spans[0].label == "ACTOR"
    assert [(p.line, "status '???'" in p.message) for p in contents.problems] == [(3, True)]
    assert contents.bad_lines == [(3, bad)]


def test_a_document_with_no_valid_line_is_absent_however_it_is_asked_for(tmp_path):
    path = write(tmp_path / "ali.jsonl", invalid("a"), line("b"), invalid("a"))
    for ask in (
        lambda r: "a" in r,
        lambda r: r.get("a") is not None,
        lambda r: "a" in list(r),
        lambda r: "a" in dict(r.items()),
    ):
        contents = load_journal(path)
        assert not ask(contents.records)
        assert len(contents.records) == 1
        assert [p.line for p in contents.problems] == [1, 3]


def test_a_superseded_malformed_line_is_reported_and_the_later_line_wins(tmp_path):
    torn_then_saved = line("a", "ACTOR")[:40]
    path = write(tmp_path / "ali.jsonl", line("a"), torn_then_saved, line("a", "QUOTE"))
    contents = load_journal(path)
    assert contents.records["a"].spans[0].label == "QUOTE"
    assert [p.line for p in contents.problems] == [2]
    assert "not valid JSON" in contents.problems[0].message
    with Journal.open(path) as journal:
        assert journal.bad_lines == [(2, torn_then_saved)]


def test_superseded_lines_are_parsed_at_load_and_fully_checked_by_validate(tmp_path):
    path = write(tmp_path / "ali.jsonl", invalid("a"), line("a"))
    assert load_journal(path).problems == []
    found = validate_file(path, default_labels()).problems
    assert [p.line for p in found] == [1]


def test_records_read_alone_or_all_at_once_agree_on_every_mapping_operation(tmp_path):
    path = write(tmp_path / "ali.jsonl", line("a"), invalid("b"), line("b", "QUOTE"), line("c"))
    one_by_one = load_journal(path).records
    assert [one_by_one[k].id for k in ("c", "a", "b")] == ["c", "a", "b"]
    whole = load_journal(path).records
    assert dict(whole.items()) == dict(one_by_one.items())
    assert list(whole.keys()) == list(one_by_one) == ["a", "b", "c"]
    assert [r.id for r in whole.values()] == ["a", "b", "c"]
    assert len(whole) == 3 and "b" in whole and whole.get("z") is None
    assert one_by_one == whole and whole == {r.id: r for r in whole.values()}


def test_saving_over_an_unread_invalid_line_still_reports_it(tmp_path):
    path = write(tmp_path / "ali.jsonl", line("a", "ACTOR"), invalid("a"))
    with Journal.open(path) as journal:
        journal.append(DocRecord(id="a", text=TEXT))
        assert journal.records["a"].spans == []
        assert [p.line for p in journal.problems] == [2]


def test_the_file_is_read_as_loaded_even_if_it_is_compacted_meanwhile(tmp_path):
    path = write(tmp_path / "ali.jsonl", line("a", "ACTOR"), line("b"), invalid("a"))
    contents = load_journal(path)
    compact(path)  # another process may compact it while review or export is reading
    assert contents.records["a"].spans[0].label == "ACTOR"


def test_a_line_rewritten_in_place_meanwhile_is_not_trusted(tmp_path):
    path = write(tmp_path / "ali.jsonl", line("a", "ACTOR"), line("b"), invalid("a"))
    contents = load_journal(path)
    with open(path, "r+b") as f:  # same file, other bytes: what was loaded is gone
        f.write(line("a", "QUOTE") + b"\n" + line("b") + b"\n" + line("a", status="accepted"))
    assert "a" not in contents.records and "b" in contents.records
    assert [p.message for p in contents.problems] == [
        "it was rewritten since it was loaded, so line(s) 3 are not used and their documents "
        "are left out; open it again"
    ]


def test_the_file_is_let_go_once_every_record_is_read_or_the_records_are(tmp_path):
    path = write(tmp_path / "ali.jsonl", line("a"), line("b"))
    before = open_fds()
    contents = load_journal(path)
    assert open_fds() == before + 1
    contents.records.get("a")
    assert open_fds() == before + 1
    assert len(contents.records) == 2 and open_fds() == before
    contents = load_journal(path)
    del contents
    assert open_fds() == before


KINDS = st.sampled_from(["valid", "invalid", "malformed", "no id"])


def expected(lines: list[tuple[str, str, str]]) -> tuple[dict[str, str], list[int]]:
    """Checking every line at load, the plain way: labels of the winners and problem lines."""
    winners: dict[str, tuple[int, str]] = {}
    problems = []
    by_id: dict[str, list[tuple[int, str, str]]] = {}
    for number, (kind, doc_id, label) in enumerate(lines, 1):
        if kind in ("malformed", "no id"):
            problems.append(number)
        else:
            by_id.setdefault(doc_id, []).append((number, kind, label))
    for doc_id, seen in by_id.items():
        if seen[-1][1] == "invalid":
            problems += [number for number, kind, _ in seen if kind == "invalid"]
        valid = [(number, label) for number, kind, label in seen if kind == "valid"]
        if valid:
            winners[doc_id] = valid[-1]
    ordered = sorted(winners.items(), key=lambda item: item[1][0])
    return {doc_id: label for doc_id, (_, label) in ordered}, sorted(problems)


def render(kind: str, doc_id: str, label: str) -> bytes:
    if kind == "malformed":
        return line(doc_id, label)[:30]
    if kind == "no id":
        return b'{"schema": 1}'
    return invalid(doc_id) if kind == "invalid" else line(doc_id, label)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.tuples(KINDS, st.sampled_from("abc"), st.sampled_from(["SITE", "ACTOR"])), max_size=12
    ),
    order=st.permutations("abcz"),
)
def test_reading_in_any_order_gives_what_checking_everything_at_load_gives(lines, order):
    labels, problem_lines = expected(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = write(Path(tmp) / "ali.jsonl", *(render(*x) for x in lines))
        contents = load_journal(path)
        for doc_id in order:
            record = contents.records.get(doc_id)
            assert (record and record.spans[0].label) == labels.get(doc_id)
        assert {k: r.spans[0].label for k, r in contents.records.items()} == labels
        assert list(contents.records) == list(labels)
        assert [p.line for p in contents.problems] == problem_lines
        assert [n for n, _ in contents.bad_lines] == problem_lines
        whole = load_journal(path)
        assert list(whole.records.items()) == list(contents.records.items())


def test_a_caller_reading_record_after_record_gets_the_rest_checked_at_once(tmp_path):
    path = write(tmp_path / "ali.jsonl", *(line(f"d{i}") for i in range(1100)), invalid("d5"))
    before = open_fds()
    contents = load_journal(path)
    for i in range(1000):
        assert contents.records[f"d{i}"].id == f"d{i}"
    assert open_fds() == before + 1
    assert contents.records["d1000"].id == "d1000"
    assert open_fds() == before  # every record is checked, so the file is let go
    assert [p.line for p in contents.problems] == [1101]
    assert list(contents.records)[5] == "d5" and len(contents.records) == 1100
