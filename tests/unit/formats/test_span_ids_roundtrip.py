"""Span and relation ids survive export then import through every format that carries
relations (JSONL, brat, doccano, HF): the records read back equal the records written as JSON
values, ids included, on the sample with relations of every type and on the relations fixture
(tests/fixtures/relations-gold.jsonl). An annotation changed in the other tool gets a new id
and no id is ever given to two annotations."""

from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord
from annotator.formats import FORMATS, ExportOptions, ExportReport, render, write_output
from annotator.problems import Problem
from tests.unit.formats.test_relations_roundtrip import linked  # noqa: F401 (a fixture)

LABELS = default_labels()
OPTIONS = ExportOptions(labels=LABELS.names, schema=LABELS.schema)
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "relations-gold.jsonl"


@pytest.fixture(scope="module")
def relations_gold() -> list[DocRecord]:
    return [DocRecord.from_json(orjson.loads(line)) for line in FIXTURE.read_bytes().splitlines()]


def as_json(record: DocRecord) -> dict:
    """What an annotation tool's round trip must keep of a record, as JSON values."""
    out = record.to_json()
    return {
        "id": out["id"],
        "text": out["text"],
        "spans": sorted(out["spans"], key=lambda s: (s["start"], s["end"], s["label"])),
        "relations": sorted(out.get("relations", []), key=lambda r: r["id"]),
        "attributes": out.get("attributes", {}),
        "doc_labels": out.get("doc_labels", []),
    }


def export(records: list[DocRecord], fmt: str, out: Path) -> Path:
    module = FORMATS[fmt]
    target = out / f"out{module.SUFFIX}"
    write_output(render(records, fmt, OPTIONS, ExportReport()), target, module.KIND)
    return target


def read(fmt: str, path: Path) -> tuple[list[DocRecord], list[Problem]]:
    problems: list[Problem] = []
    return FORMATS[fmt].read(path, problems), problems


@pytest.mark.parametrize("fmt", ["jsonl", "brat", "doccano"])
@pytest.mark.parametrize("which", ["linked", "relations_gold"])
def test_records_come_back_equal_ids_and_all(request, tmp_path, fmt, which):
    records = request.getfixturevalue(which)
    records = records if isinstance(records, list) else [records]
    back, problems = read(fmt, export(records, fmt, tmp_path))
    assert problems == []
    assert [as_json(r) for r in back] == [as_json(r) for r in records]
    # Not vacuous: the fixtures hold relations, attributes and ids a new import would not make.
    assert sum(len(r.relations) for r in back) in (7, 14)
    assert all(s.id.startswith(("s", "ikes.", "00")) for r in back for s in r.spans)


def test_hf_keeps_the_ids_of_the_spans_its_tags_hold(linked, tmp_path):  # noqa: F811
    back, problems = read("hf", export([linked], "hf", tmp_path))
    assert problems == []
    (again,) = back
    # The text is the tokens joined by spaces, so offsets differ; ids, labels and texts do not.
    assert sorted((s.id, s.label, "".join(s.text.split())) for s in again.spans) == sorted(
        (s.id, s.label, "".join(s.text.split())) for s in linked.spans
    )
    assert sorted(r.to_json()["id"] for r in again.relations) == [f"r{n}" for n in range(7)]
    assert as_json(again)["relations"] == as_json(linked)["relations"]
    assert again.attributes == linked.attributes


def test_brat_gives_a_span_changed_in_brat_a_new_id(linked, tmp_path):  # noqa: F811
    """brat renumbers nothing, but a user may delete T3 and brat may reuse its number for a
    new span elsewhere: the new span must not take the deleted span's id."""
    folder = export([linked], "brat", tmp_path)
    (ann,) = folder.glob("*.ann")
    lines = ann.read_text().split("\n")
    first = lines[0].split("\t")
    label, start, end = first[1].split(" ")
    # The same T number and label, moved one word on: a different span.
    text = (folder / ann.name.replace(".ann", ".txt")).read_text()
    moved_start = text.index(" ", int(end)) + 1
    moved_end = text.index(" ", moved_start)
    lines[0] = f"{first[0]}\t{label} {moved_start} {moved_end}\t{text[moved_start:moved_end]}"
    ann.write_text("\n".join(lines))
    (back,), problems = read("brat", folder)
    assert problems == []
    old = next(s for s in linked.spans if (s.start, s.end) == (int(start), int(end)))
    new = next(s for s in back.spans if (s.start, s.end) == (moved_start, moved_end))
    assert new.id != old.id and old.id not in {s.id for s in back.spans}
    assert len({s.id for s in back.spans}) == len(back.spans)
    # Every other span kept its id.
    assert {s.id for s in back.spans} - {new.id} == {s.id for s in linked.spans} - {old.id}


def test_doccano_renumbering_its_entities_keeps_ids_and_attributes(linked, tmp_path):  # noqa: F811
    """doccano gives entities new ids when it imports a file; annotator's ids, the relations
    and the attributes (keyed by span id) still come back."""
    path = export([linked], "doccano", tmp_path)
    line = orjson.loads(path.read_bytes())
    for entity in line["entities"]:
        entity["id"] += 1000
    for relation in line["relations"]:
        relation["from_id"] += 1000
        relation["to_id"] += 1000
    path.write_bytes(orjson.dumps(line) + b"\n")
    (back,), problems = read("doccano", path)
    assert problems == []
    assert as_json(back) == as_json(linked)


def test_doccano_reads_attributes_a_file_names_by_entity_id(linked, tmp_path):  # noqa: F811
    """Files written before span ids were kept name the entity id in "attributes"."""
    path = export([linked], "doccano", tmp_path)
    line = orjson.loads(path.read_bytes())
    entity_of = {row[-1]: n for n, row in enumerate(line["annotator_ids"]["spans"], 1)}
    line["attributes"] = {str(entity_of[k]): v for k, v in line["attributes"].items()}
    del line["annotator_ids"]
    path.write_bytes(orjson.dumps(line) + b"\n")
    (back,), problems = read("doccano", path)
    assert problems == []
    by_key = {s.key(): s.id for s in back.spans}
    assert {by_key[s.key()]: v for s in linked.spans if (v := linked.attributes.get(s.id))} == (
        back.attributes
    )


def test_a_hand_edited_id_table_is_ignored_not_a_crash(linked, tmp_path):  # noqa: F811
    path = export([linked], "doccano", tmp_path)
    line = orjson.loads(path.read_bytes())
    line["annotator_ids"] = {"spans": [[[1], 2, "x"], "y", [0, 5, "ACTOR", 7]], "relations": 3}
    path.write_bytes(orjson.dumps(line) + b"\n")
    (back,), problems = read("doccano", path)
    # Without the table the attributes (named by span id) cannot be placed: each is said.
    assert len(problems) == len(linked.attributes)
    assert all("not a span read (by annotator_ids) or an entity id" in p.message for p in problems)
    assert len(back.spans) == len(linked.spans) and len(back.relations) == len(linked.relations)
    assert len({s.id for s in back.spans}) == len(back.spans)


def test_jsonl_keeps_a_suggested_relations_source_and_confidence(linked, tmp_path):  # noqa: F811
    record = replace(linked, relations=list(linked.relations))
    record.relations[0] = replace(record.relations[0], source="suggest:speaker", confidence=0.75)
    (back,), problems = read("jsonl", export([record], "jsonl", tmp_path))
    assert problems == []
    assert as_json(back) == as_json(record)
