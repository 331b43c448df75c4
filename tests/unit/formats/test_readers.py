"""Importing other tools' files: every bad line is reported with file and line, spans whose
text does not match are skipped and reported, good documents still come in."""

from pathlib import Path

import orjson

from annotator.formats import FORMATS
from annotator.problems import Problem


def read(fmt: str, path: Path) -> tuple[list, list[str]]:
    problems: list[Problem] = []
    records = FORMATS[fmt].read(path, problems)
    return records, [str(p) for p in problems]


def test_doccano_both_forms_and_bad_lines(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_bytes(
        b"\n".join(
            [
                orjson.dumps({"id": 7, "text": "في البوكمال", "label": [[3, 11, "SITE"]]}),
                b"{not json",
                orjson.dumps({"text": "دير الزور", "entities": [
                    {"start_offset": 0, "end_offset": 9, "label": "SITE"}]}),
                orjson.dumps({"text": "x", "label": [[0, 5, "SITE"], "bad"]}),
                b"[1, 2]",
            ]
        )
    )  # fmt: skip
    records, problems = read("doccano", path)
    assert [(r.id, [s.text for s in r.spans]) for r in records] == [
        ("7", ["البوكمال"]),
        ("d-3", ["دير الزور"]),
        ("d-4", []),
    ]
    shown = str(path)
    assert problems[0].startswith(f"{shown}: line 2: not valid JSON")
    assert problems[1] == (
        f"{shown}: line 4: label[0]: [0, 5) is not a span of the text (length 1); span skipped"
    )
    assert problems[2].startswith(f"{shown}: line 4: label[1] is not a span")
    assert problems[3] == f"{shown}: line 5: not a JSON object; line skipped"


def test_canonical_jsonl_skips_spans_whose_text_differs(tmp_path):
    path = tmp_path / "c.jsonl"
    text = "قصفت البوكمال"
    path.write_bytes(
        orjson.dumps(
            {
                "id": "a",
                "text": text,
                "spans": [
                    {"start": 5, "end": 13, "label": "SITE", "text": "البوكمال"},
                    {"start": 0, "end": 4, "label": "SITE", "text": "قصف"},
                ],
                "meta": {"status": "rejected", "source": "web"},
            }
        )
    )
    [record], problems = read("jsonl", path)
    assert [s.text for s in record.spans] == ["البوكمال"]
    assert record.status == "rejected" and record.meta == {"source": "web"}
    assert problems == [
        f"{path}: line 1: spans[1]: span text 'قصف' differs from the document's 'قصفت' at "
        "[0, 4); span skipped (offsets must be code points of the text)"
    ]


def test_conll_without_docstart_and_with_broken_tags(tmp_path):
    path = tmp_path / "n.conll"
    path.write_text(
        "قصفت O\nالقوات I-ACTOR\nالروسية I-ACTOR\n\n"
        "في O\nالبوكمال NNP I-NP B-SITE\nوحيد\nهنا E-SITE\n",
        encoding="utf-8",
    )
    records, problems = read("conll", path)
    assert [(r.id, r.text, [(s.label, s.text) for s in r.spans]) for r in records] == [
        ("n-1", "قصفت القوات الروسية", [("ACTOR", "القوات الروسية")]),
        ("n-2", "في البوكمال هنا", [("SITE", "البوكمال")]),
    ]
    assert problems == [
        f"{path}: line 7: expected a token and a tag, got 'وحيد'; skipped",
        f"{path}: line 2: 'I-ACTOR' does not continue a 'ACTOR' span; read as the start of one",
        f"{path}: line 8: tag 'E-SITE' is not IOB2 (O, B-LABEL, I-LABEL); read as O",
    ]


def test_brat_reports_text_mismatch_other_annotations_and_discontinuous_spans(tmp_path):
    (tmp_path / "doc.txt").write_text("قصفت البوكمال\nأمس", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tSITE 5 13\tالبوكمال\n"
        "T2\tSITE 0 4\tخطأ\n"
        "R1\tRel Arg1:T1 Arg2:T2\n"
        "E1\tAttack:T1\n"
        "T3\tACTOR 0 4;5 13\tقصفت البوكمال\n"
        "T4\tSITE 5 13;14 17\tالبوكمال أمس\n"
        "T5 broken\n",
        encoding="utf-8",
    )
    [record], problems = read("brat", tmp_path)
    assert record.id == "doc"
    assert [(s.start, s.end, s.text) for s in record.spans] == [
        (5, 13, "البوكمال"),
        (5, 17, "البوكمال\nأمس"),
    ]
    ann = tmp_path / "doc.ann"
    assert problems == [
        f"{ann}: line 2: T2: annotation text 'خطأ' differs from the document's 'قصفت'; span "
        "skipped (offsets must be code points of the .txt)",
        f"{ann}: line 4: only text-bound (T), relation (R) and attribute (A) annotations are "
        "imported; line skipped",
        f"{ann}: line 5: fragments are separated by more than line breaks (a discontinuous "
        "span); annotator spans are continuous; line skipped",
        f"{ann}: line 7: expected T<n><TAB>LABEL START END[;START END...]<TAB>TEXT; line skipped",
        f"{ann}: line 3: 'R1': 'T2' is not a span read from this file; line skipped",
    ]


def test_hf_reads_ids_and_string_or_integer_tags(tmp_path):
    (tmp_path / "labels.json").write_text('["O", "B-SITE", "I-SITE"]')
    (tmp_path / "data.jsonl").write_text(
        '{"id": "x", "tokens": ["في", "دير", "الزور"], "ner_tags": [0, 1, 2]}\n'
        '{"tokens": ["هنا"], "ner_tags": ["B-SITE"]}\n'
        '{"tokens": ["a"], "ner_tags": [9]}\n'
        '{"tokens": "a", "ner_tags": []}\n',
        encoding="utf-8",
    )
    records, problems = read("hf", tmp_path)
    assert [(r.id, [s.text for s in r.spans]) for r in records] == [
        ("x", ["دير الزور"]),
        ("data-2", ["هنا"]),
        ("data-3", []),
    ]
    data = tmp_path / "data.jsonl"
    assert problems == [
        f"{data}: line 3: tag 9 is not a tag name or an id in labels.json; read as O",
        f'{data}: line 4: "tokens" must be a list of strings; line skipped',
    ]


def test_doccano_offsets_are_utf16_units_like_doccano(tmp_path, roundtrip):
    from annotator.annotations.model import DocRecord, Span

    text = "😀 في 𝔸 البوكمال"
    span = Span.of(text, 7, 15, "SITE")
    _, [back], problems, files = roundtrip([DocRecord("d", text, [span])], "doccano")
    assert orjson.loads(files["out.doccano.jsonl"])["label"] == [[9, 17, "SITE"]]
    assert text.encode("utf-16-le")[18:34].decode("utf-16-le") == "البوكمال"
    assert problems == [] and back.spans == [span]
    path = tmp_path / "e.jsonl"
    path.write_bytes(orjson.dumps({"text": text, "label": [[1, 4, "X"]]}))
    [record], problems = read("doccano", path)
    assert record.spans == []
    assert problems == [
        f"{path}: line 1: label[0]: an offset falls inside a character written as two UTF-16 "
        "units (an emoji?); span skipped"
    ]


def test_every_format_reports_unknown_labels_with_file_and_line(tmp_path, roundtrip):
    from annotator.annotations.model import DocRecord, Span

    text = "في حلب اليوم"
    record = DocRecord("d", text, [Span.of(text, 3, 6, "PLACE"), Span.of(text, 7, 12, "SITE")])
    known = ("SITE",)
    for fmt in ("jsonl", "doccano", "conll", "hf", "brat"):
        _, _, _, files = roundtrip([record], fmt)
        folder = tmp_path / fmt
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        path = folder if fmt in ("hf", "brat") else folder / next(iter(files))
        problems: list[Problem] = []
        [back] = FORMATS[fmt].read(path, problems, known)
        assert [s.label for s in back.spans] == ["SITE"], fmt
        [problem] = problems
        assert "label 'PLACE' is not in the label set (SITE); span not imported" in str(problem)
        assert problem.line == (4 if fmt == "conll" else 1), (fmt, problem)


def test_conll_ids_come_from_the_sidecar_when_it_fits(tmp_path, roundtrip):
    from annotator.annotations.model import DocRecord

    records = [DocRecord("a/1", "نص أول", [], "accepted"), DocRecord("٢", "ثان", [], "rejected")]
    _, back, problems, files = roundtrip(records, "conll")
    assert problems == [] and [(r.id, r.status) for r in back] == [
        ("a/1", "accepted"),
        ("٢", "rejected"),
    ]
    assert orjson.loads(files["out.conll.ids.json"]) == [
        {"id": "a/1", "status": "accepted"},
        {"id": "٢", "status": "rejected"},
    ]
    conll = tmp_path / "x.conll"
    conll.write_bytes(files["out.conll"])
    records, problems = read("conll", conll)
    assert [r.id for r in records] == ["x-1", "x-2"] and problems == []
    (tmp_path / "x.conll.ids.json").write_text('[{"id": "only"}]')
    records, problems = read("conll", conll)
    assert [r.id for r in records] == ["x-1", "x-2"]
    assert problems == [
        f"{tmp_path / 'x.conll.ids.json'}: holds 1 id(s) for 2 document(s) in x.conll; ids not "
        "restored (was the file edited?)"
    ]


def test_a_long_tag_is_quoted_short(tmp_path):
    path = tmp_path / "long.conll"
    path.write_text(f"قصفت {'X' * 300}\nالقوات I-ACTOR{'Y' * 300}\n", encoding="utf-8")
    _, problems = read("conll", path)
    messages = [str(p).split(": ", 1)[1] for p in problems]
    assert len(messages) == 2
    assert "tag 'XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX'… (300 characters) is not" in messages[0]
    assert "'I-ACTORYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYYY'… (307 characters)" in messages[1]
    assert all(len(m) < 250 for m in messages)


def test_doccano_relations_and_cats_that_cannot_be_read_are_reported_and_skipped(tmp_path):
    path = tmp_path / "d.jsonl"
    entities = [
        {"id": 1, "start_offset": 0, "end_offset": 3, "label": "ACTOR"},
        {"id": 2, "start_offset": 4, "end_offset": 12, "label": "SITE"},
    ]
    relations = [
        {"from_id": 1, "to_id": 2, "type": "located_in"},
        {"from_id": 1, "to_id": 2},
        "located_in",
        {"from_id": 1, "to_id": 9, "type": "located_in"},
    ]
    line = {"text": "قصف البوكمال", "entities": entities, "relations": relations, "cats": "x"}
    path.write_bytes(orjson.dumps(line))
    (record,), problems = read("doccano", path)
    head, tail = record.spans
    assert [(r.type, r.head, r.tail) for r in record.relations] == [
        ("located_in", head.id, tail.id)
    ]
    assert record.doc_labels == []
    shown = f"{path}: line 1: "
    assert problems == [
        f"{shown}relations[1] has no type; skipped",
        f"{shown}relations[2] has no type; skipped",
        f"{shown}relations[3]: from_id or to_id is not an entity read; skipped",
        f'{shown}"cats" is not a list of strings; skipped',
    ]
