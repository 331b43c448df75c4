"""Relations, attributes and document labels survive a round trip through every format that
carries them, on the sample article with relations of every type; CoNLL and the spaCy DocBin
say they carry spans only."""

import re
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from annotator.annotations.labels import default_labels
from annotator.annotations.links import attribute_keys, relation_keys
from annotator.annotations.model import DocRecord, Relation, Span
from annotator.cli import main
from annotator.formats import ExportOptions, ExportReport, render
from annotator.store.journal import Journal, load_journal

LABELS = default_labels()
OPTIONS = ExportOptions(labels=LABELS.names, schema=LABELS.schema)

# (type, head text, tail text) on the sample: every relation type of the default set.
LINKS = [
    ("SPEAKER", "علاقاتي مع الرئيس", "بنيامين نتنياهو"),
    ("SPEAKER", "نقاتل ضد محاولات", "نتنياهو"),
    ("SPEAKER", "أقدم على تنفيذ 50 غارة", "الجيش الاسرائيلي"),
    ("AFFECTED", "24 من عناصر", "الميليشيات الطائفية"),
    ("AFFECTED", "العشرات من عناصر", "الميليشيات الإيرانية"),
    ("AFFECTED", "العشرات من عناصر", "قوات النظام"),
    ("LOCATION", "العشرات من عناصر", "ديرالزور"),
]
KINDS = {
    "العشرات من عناصر": "unspecified",
    "38 عنصرا": "killed",
    "24 من عناصر": "killed",
    "14 من قوات النظام": "killed",
    "نحو 50 آخرين": "wounded",
}
DOC_LABELS = ["event=airstrike", "relevant=yes"]


def starting(record: DocRecord, prefix: str, after: int = 0) -> Span:
    return next(s for s in record.spans if s.text.startswith(prefix) and s.start >= after)


@pytest.fixture(scope="module")
def linked(gold):
    """The sample with relations of every type, each casualty count's kind and two document
    labels (span ids made readable)."""
    record = replace(gold, spans=[replace(s, id=f"s{i}") for i, s in enumerate(gold.spans)])
    record.relations = []
    for n, (kind, head, tail) in enumerate(LINKS):
        head_span = starting(record, head)
        # The tail nearest the head, as annotated.
        tail_span = min(
            (s for s in record.spans if s.text == tail),
            key=lambda s: abs(s.start - head_span.start),
        )
        record.relations.append(Relation(f"r{n}", kind, head_span.id, tail_span.id))
    record.attributes = {starting(record, t).id: {"kind": k} for t, k in KINDS.items()}
    record.doc_labels = list(DOC_LABELS)
    return record


def by_text(record: DocRecord):
    """Relations and attributes named by span texts (without spaces) and labels: the same
    after formats that rebuild the text by joining tokens with spaces."""
    spans = {s.id: ("".join(s.text.split()), s.label) for s in record.spans}
    relations = sorted((r.type, spans[r.head], spans[r.tail]) for r in record.relations)
    attributes = sorted(
        (spans[i], name, value)
        for i, values in record.attributes.items()
        for name, value in values.items()
    )
    return relations, attributes, sorted(record.doc_labels)


def test_the_fixture_has_every_relation_type(linked):
    assert {r.type for r in linked.relations} == {r.name for r in LABELS.relations}
    assert len(relation_keys(linked)) == len(LINKS)


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "brat"])
def test_span_formats_keep_relations_attributes_and_doc_labels_exactly(linked, roundtrip, fmt):
    report, back, problems, _ = roundtrip([linked], fmt, OPTIONS)
    assert problems == []
    (again,) = back
    assert relation_keys(again) == relation_keys(linked)
    assert attribute_keys(again) == attribute_keys(linked)
    assert again.doc_labels == DOC_LABELS
    assert (report.relations, report.attributes, report.doc_labels) == (7, 5, 1)
    assert not report.not_carried


def test_hf_keeps_them_on_the_rebuilt_text(linked, roundtrip):
    _, back, problems, files = roundtrip([linked], "hf", OPTIONS)
    assert problems == []
    assert by_text(back[0]) == by_text(linked)
    line = orjson.loads(files["data.jsonl"])
    assert {r["type"] for r in line["relations"]} == {"SPEAKER", "AFFECTED", "LOCATION"}
    head = line["relations"][0]["head"]
    assert " ".join(line["tokens"][head[0] : head[1] + 1]).startswith("علاقاتي مع الرئيس")


def test_jsonl_names_relation_ends_by_span_id_with_their_offsets(linked, roundtrip):
    _, back, _, files = roundtrip([linked], "jsonl", OPTIONS)
    line = orjson.loads(files["out.jsonl"])
    first = line["relations"][0]
    quote = starting(linked, "علاقاتي مع الرئيس")
    speaker = next(s for s in linked.spans if s.id == first["child"])
    assert first == {
        "id": "r0",
        "type": "SPEAKER",
        "head": quote.id,
        "child": speaker.id,
        "head_span": {"start": quote.start, "end": quote.end, "label": "QUOTE"},
        "child_span": {"start": 2134, "end": 2149, "label": "ACTOR"},
    }
    assert all("id" in span for span in line["spans"])
    assert line["attributes"][starting(linked, "38").id] == {"kind": "killed"}
    assert line["doc_labels"] == DOC_LABELS
    # Span ids come back as written, so the relations are the same objects by id too.
    assert back[0].spans == linked.spans and [s.id for s in back[0].spans] == [
        s.id for s in linked.spans
    ]


def test_brat_writes_r_and_a_lines_and_declares_them(linked, roundtrip):
    _, _, _, files = roundtrip([linked], "brat", OPTIONS)
    (ann,) = [data.decode() for name, data in files.items() if name.endswith(".ann")]
    assert "\nR1\tSPEAKER Arg1:T" in ann and "\nA1\tkind T" in ann
    conf = files["annotation.conf"].decode()
    assert "SPEAKER\tArg1:QUOTE, Arg2:ACTOR\n" in conf
    assert "kind\tArg:CASUALTY_COUNT, Value:killed|wounded|missing|unspecified\n" in conf
    index = orjson.loads(files["index.json"])
    assert index[0]["doc_labels"] == DOC_LABELS


def test_doccano_writes_its_relation_form(linked, roundtrip):
    _, _, _, files = roundtrip([linked], "doccano", OPTIONS)
    line = orjson.loads(files["out.doccano.jsonl"])
    entities = {e["id"]: e for e in line["entities"]}
    first = line["relations"][0]
    assert first["type"] == "SPEAKER"
    assert entities[first["from_id"]]["label"] == "QUOTE"
    assert entities[first["to_id"]]["label"] == "ACTOR"
    assert line["cats"] == DOC_LABELS


@pytest.mark.parametrize("fmt", ["conll", "spacy"])
def test_span_only_formats_count_what_they_leave_out(linked, roundtrip, fmt):
    if fmt == "spacy":
        pytest.importorskip("spacy")
    report, back, _, _ = roundtrip([linked], fmt, OPTIONS)
    assert report.not_carried == {"relations": 7, "attributes": 5, "doc_labels": 2}
    assert back[0].relations == [] and back[0].attributes == {}


def test_a_relation_whose_span_is_not_exported_is_reported(linked, roundtrip):
    record = replace(linked, spans=list(linked.spans))
    stale = starting(record, "بنيامين نتنياهو")
    record.spans[record.spans.index(stale)] = replace(stale, stale=True)
    report, back, _, _ = roundtrip([record], "jsonl", OPTIONS)
    (issue,) = report.of_kind("link")
    assert issue.span.text == "بنيامين نتنياهو"
    assert "SPEAKER relation belongs to a span that is not exported" in issue.reason
    assert len(back[0].relations) == len(LINKS) - 1


def python_blocks(markdown: str, heading: str) -> list[str]:
    section = markdown.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_spacy_and_training_loop_examples_in_the_docs_run(linked, tmp_path, monkeypatch):
    pytest.importorskip("spacy")
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    (tmp_path / "export").mkdir()
    with open(tmp_path / "export" / "gold.jsonl", "wb") as out:
        for chunk in render([linked], "jsonl", OPTIONS, ExportReport()):
            out.write(chunk[1])
    monkeypatch.chdir(tmp_path)
    docs_page = (Path(__file__).resolve().parents[3] / "docs" / "export.md").read_text()
    loading, training = python_blocks(docs_page, "### Relations, attributes and document labels")
    space: dict = {}
    try:
        exec(loading, space)
        exec(training, space)
        doc = space["docs"][0]
        assert (space["quote"].label_, space["speaker"].text, space["kind"]) == (
            "QUOTE",
            "بنيامين نتنياهو",
            "SPEAKER",
        )
        assert len(doc._.rels) == len(LINKS)
        kinds = {s.text: s._.attrs["kind"] for s in doc.spans["sc"] if s._.attrs}
        assert kinds == KINDS
    finally:
        for cls, name in ((SpacySpan, "attrs"), (Doc, "rels")):
            if cls.has_extension(name):
                cls.remove_extension(name)
    assert doc.cats == {"event=airstrike": 1.0, "relevant=yes": 1.0}
    assert len(doc.spans["sc"]) == len(linked.spans)
    # Every true relation is a training example, and the perceptron learned something.
    assert sum(1 for _, label in space["data"] if label != "NONE") == len(LINKS)
    assert any(space["weights"].values())


@pytest.mark.parametrize("fmt", ["jsonl", "conll"])
def test_export_and_import_commands_say_what_they_carry(linked, tmp_path, monkeypatch, capsys, fmt):
    monkeypatch.chdir(tmp_path)
    with Journal.open(tmp_path / "annotations" / "gold.jsonl") as journal:
        journal.append(linked)
    assert (
        main(["export", "--format", fmt, "--annotations", "annotations", "--out", f"out.{fmt}"])
        == 0
    )
    said = capsys.readouterr().out
    if fmt == "conll":
        assert (
            "conll carries spans only: 7 relation(s), 5 attribute(s), 2 document label(s) not "
            "written; --format jsonl, brat, doccano or hf carry them"
        ) in said
        return
    assert "with 7 relation(s), 5 attribute(s) and the document labels of 1 document(s)" in said
    assert (
        main(
            [
                "import",
                "--format",
                "jsonl",
                "out.jsonl",
                "--annotator",
                "amal",
                "--annotations",
                "annotations",
            ]
        )
        == 0
    )
    (back,) = load_journal(tmp_path / "annotations" / "amal.jsonl").records.values()
    assert relation_keys(back) == relation_keys(linked)
    assert attribute_keys(back) == attribute_keys(linked)
    assert back.doc_labels == DOC_LABELS
