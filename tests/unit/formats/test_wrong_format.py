"""A file read with the wrong --format is reported once, with the format to pass, and nothing
of it is imported: never documents that silently lost every span."""

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord
from annotator.formats import FORMATS
from annotator.problems import Problem


def read(fmt: str, path: Path) -> tuple[list, list[str]]:
    problems: list[Problem] = []
    records = FORMATS[fmt].read(path, problems)
    return records, [str(p) for p in problems]


def exported(tmp_path: Path, roundtrip, records: list, fmt: str) -> Path:
    _, _, _, files = roundtrip(records, fmt)
    name = next(n for n in files if not n.endswith(".json"))
    path = tmp_path / f"exported.{fmt}"
    path.write_bytes(files[name])
    return path


def test_jsonl_import_of_a_doccano_file_says_pass_doccano(tmp_path, roundtrip, gold):
    path = exported(tmp_path, roundtrip, [gold, DocRecord("b", "نص بلا وسوم", [])], "doccano")
    records, problems = read("jsonl", path)
    assert records == []
    assert problems == [
        f'{path}: line 1: 2 document(s), the first on this line, have no "spans" field but '
        "looks like doccano, so none was imported: is this a doccano file? pass --format doccano"
    ]


def test_doccano_import_of_a_canonical_jsonl_file_says_pass_jsonl(tmp_path, roundtrip, gold):
    path = exported(tmp_path, roundtrip, [gold], "jsonl")
    records, problems = read("doccano", path)
    assert records == []
    assert problems == [
        f'{path}: line 1: the document on this line has no "label" or "entities" field but '
        "looks like jsonl, so it was not imported: is this a jsonl file? pass --format jsonl"
    ]


def test_doccano_entities_form_read_as_jsonl_says_pass_doccano(tmp_path):
    path = tmp_path / "e.jsonl"
    line = {"id": 3, "text": "في حلب", "entities": [{"start_offset": 3, "end_offset": 6}]}
    path.write_bytes(orjson.dumps(line) + b"\n")
    _, problems = read("jsonl", path)
    assert problems == [
        f'{path}: line 1: the document on this line has no "spans" field but looks like '
        "doccano, so it was not imported: is this a doccano file? pass --format doccano"
    ]


def test_a_missing_span_field_is_reported_but_an_empty_one_is_not(tmp_path):
    for fmt, empty in (("jsonl", "spans"), ("doccano", "label"), ("doccano", "entities")):
        path = tmp_path / f"{fmt}-{empty}.jsonl"
        path.write_bytes(
            b'{"id": "a", "text": "x"}\n'
            + orjson.dumps({"id": "b", "text": "y", empty: []})
            + b'\n{"id": "c", "text": "z"}\n'
        )
        records, problems = read(fmt, path)
        assert [r.id for r in records] == ["b"], (fmt, empty)
        [problem] = problems
        field = '"spans" field' if fmt == "jsonl" else '"label" or "entities" field'
        assert problem.startswith(
            f"{path}: line 1: 2 document(s), the first on this line, have no {field}, so none "
            "was imported: "
        ), problem
        assert "a document without spans has " in problem


def test_conll_import_of_json_lines_imports_nothing(tmp_path, roundtrip, gold):
    path = exported(tmp_path, roundtrip, [gold], "doccano")
    path.write_bytes(b"\n\n" + path.read_bytes())
    records, problems = read("conll", path)
    assert records == []
    assert problems == [
        f"{path}: line 3: looks like JSON lines, not CoNLL (the line starts with {{); nothing "
        "imported: pass --format jsonl or doccano"
    ]


def test_values_quoted_from_input_are_shortened(tmp_path):
    long = "ك" * 5000
    conll = tmp_path / "n.conll"
    conll.write_text(f"قصفت O\n{long}\n", encoding="utf-8")
    _, problems = read("conll", conll)
    [problem] = problems
    assert problem == (
        f"{conll}: line 2: expected a token and a tag, got {long[:40]!r}… (5000 characters); "
        "skipped"
    )
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("قصفت البوكمال", encoding="utf-8")
    (folder / "doc.ann").write_text(f"T1\tSITE 5 13\t{long}\n", encoding="utf-8")
    _, problems = read("brat", folder)
    [problem] = problems
    assert f"annotation text {long[:40]!r}… (5000 characters) differs" in problem
    assert all(len(p) < 400 for p in problems)
