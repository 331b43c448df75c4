"""Nothing is dropped or replaced without a word (issue 14, item 14): import into a journal
that holds other work, import in the wrong format, export of nothing, export order."""

from __future__ import annotations

import orjson

from annotator.cli import main
from annotator.store.journal import load_journal


def doccano(path, *documents: tuple[str, str, list]) -> str:
    lines = [{"id": i, "text": t, "label": spans} for i, t, spans in documents]
    path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in lines))
    return str(path)


def import_(tmp_path, source: str, *extra: str, fmt: str = "doccano") -> int:
    ann = str(tmp_path / "ann")
    return main(
        ["import", "--format", fmt, source, "--annotator", "omar", "--annotations", ann, *extra]
    )


def spans_of(tmp_path) -> dict[str, list[str]]:
    records = load_journal(tmp_path / "ann" / "omar.jsonl").records
    return {doc_id: [s.label for s in r.spans] for doc_id, r in records.items()}


def test_import_over_other_work_in_the_journal_is_refused_and_writes_nothing(tmp_path, capsys):
    first = doccano(tmp_path / "a.jsonl", ("d1", "في حلب", [[3, 6, "SITE"]]))
    assert import_(tmp_path, first) == 0
    before = (tmp_path / "ann" / "omar.jsonl").read_bytes()
    other = doccano(tmp_path / "b.jsonl", ("d1", "في حلب", [[3, 6, "ACTOR"]]), ("d2", "نص", []))
    capsys.readouterr()
    assert import_(tmp_path, other) == 2
    err = capsys.readouterr().err
    assert "already holds 1 of these documents with other text, spans or status ('d1')" in err
    assert "nothing imported: pass --replace" in err
    assert (tmp_path / "ann" / "omar.jsonl").read_bytes() == before


def test_import_with_replace_says_how_many_documents_it_replaced(tmp_path, capsys):
    assert import_(tmp_path, doccano(tmp_path / "a.jsonl", ("d1", "في حلب", []))) == 0
    other = doccano(tmp_path / "b.jsonl", ("d1", "في حلب", [[3, 6, "SITE"]]), ("d2", "نص", []))
    capsys.readouterr()
    assert import_(tmp_path, other, "--replace") == 0
    out = capsys.readouterr().out
    assert "imported 2 document(s), 1 span(s) into" in out and "replacing 1 it held" in out
    assert spans_of(tmp_path) == {"d1": ["SITE"], "d2": []}


def test_import_of_new_documents_and_unchanged_ones_needs_no_replace(tmp_path, capsys):
    source = doccano(tmp_path / "a.jsonl", ("d1", "في حلب", [[3, 6, "SITE"]]))
    assert import_(tmp_path, source) == 0
    more = doccano(tmp_path / "b.jsonl", ("d1", "في حلب", [[3, 6, "SITE"]]), ("d2", "نص", []))
    assert import_(tmp_path, more) == 0
    assert "imported 1 document(s), 0 span(s)" in capsys.readouterr().out
    assert sorted(spans_of(tmp_path)) == ["d1", "d2"]


def test_import_in_the_wrong_format_stops_at_once_and_names_the_format(tmp_path, capsys):
    many = [(f"d{n}", "في حلب", [[3, 6, "SITE"]]) for n in range(2000)]
    source = doccano(tmp_path / "many.jsonl", *many)
    for fmt in ("hf", "jsonl", "conll"):
        assert import_(tmp_path, source, fmt=fmt) == 2
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.count("\n") == 1, captured.err
        assert f"many.jsonl: line 1 is a doccano document, not {fmt}; nothing imported: " in (
            captured.err
        )
        assert captured.err.rstrip().endswith("pass --format doccano")
    assert not (tmp_path / "ann").exists()


def test_import_of_conll_or_plain_text_as_json_names_what_it_is(tmp_path, capsys):
    conll = tmp_path / "x.conll"
    conll.write_text("قصفت O\nحلب B-SITE\n", encoding="utf-8")
    assert import_(tmp_path, str(conll), fmt="doccano") == 2
    assert "line 1 is a CoNLL token and IOB tag, not doccano; nothing imported: pass " in (
        capsys.readouterr().err
    )
    article = tmp_path / "article.txt"
    article.write_text("قصفت طائرات حربية مواقع في حلب.\n", encoding="utf-8")
    assert import_(tmp_path, str(article), fmt="conll") == 2
    assert "line 1 is plain text, not conll; nothing imported" in capsys.readouterr().err


def test_a_journal_imported_as_jsonl_is_read(tmp_path, capsys):
    assert import_(tmp_path, doccano(tmp_path / "a.jsonl", ("d1", "في حلب", [[3, 6, "SITE"]]))) == 0
    journal = tmp_path / "ann" / "omar.jsonl"
    argv = ["import", "--format", "jsonl", str(journal), "--annotator", "copy"]
    assert main([*argv, "--annotations", str(tmp_path / "ann")]) == 0
    assert "imported 1 document(s), 1 span(s)" in capsys.readouterr().out


def test_export_of_nothing_accepted_says_so_exits_1_and_writes_no_file(tmp_path, capsys):
    source = doccano(tmp_path / "a.jsonl", ("d1", "في حلب", []))
    assert import_(tmp_path, source, "--status", "in_progress") == 0
    capsys.readouterr()
    out = tmp_path / "out.jsonl"
    journal = str(tmp_path / "ann" / "omar.jsonl")
    assert main(["export", "--format", "jsonl", "--from", journal, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "nothing to export from" in err and "no document has status accepted" in err
    assert "left out 1 document(s) by status (1 in_progress); pass --status all" in err
    assert "no file written" in err
    assert not out.exists()


def test_export_lists_documents_in_corpus_order_when_the_corpus_is_known(tmp_path, capsys):
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (corpus / name).write_text("في حلب", encoding="utf-8")
    # Annotated (so journalled) in another order than the corpus's.
    source = doccano(
        tmp_path / "d.jsonl", *((n, "في حلب", []) for n in ("c.txt", "a.txt", "b.txt"))
    )
    assert import_(tmp_path, source) == 0
    journal = str(tmp_path / "ann" / "omar.jsonl")
    out = tmp_path / "out.jsonl"
    argv = ["export", "--format", "jsonl", "--from", journal, "--out", str(out)]

    def exported_ids() -> list[str]:
        return [orjson.loads(line)["id"] for line in out.read_bytes().splitlines()]

    assert main(argv) == 0
    assert exported_ids() == ["c.txt", "a.txt", "b.txt"]  # no corpus named: journal order
    assert main(["export", str(corpus), *argv[1:]]) == 0
    assert exported_ids() == ["a.txt", "b.txt", "c.txt"]


def test_a_folder_of_another_format_is_named_before_it_is_read(tmp_path, capsys):
    brat = tmp_path / "b"
    brat.mkdir()
    (brat / "d.txt").write_text("في حلب", encoding="utf-8")
    (brat / "d.ann").write_text("T1\tSITE 3 6\tحلب\n", encoding="utf-8")
    assert import_(tmp_path, str(brat), fmt="hf") == 2
    assert "b: it is a folder of .ann files, not hf; nothing imported: pass --format brat" in (
        capsys.readouterr().err
    )
    hf = tmp_path / "h"
    hf.mkdir()
    (hf / "data.jsonl").write_text('{"tokens": ["حلب"], "ner_tags": ["B-SITE"]}\n', "utf-8")
    assert import_(tmp_path, str(hf), fmt="brat") == 2
    assert "it is a folder with data.jsonl, not brat; nothing imported: pass --format hf" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "ann").exists()


def test_a_corpus_given_to_import_is_named_as_a_corpus(tmp_path, capsys):
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text('{"id": "a", "text": "في حلب", "meta": {"label": "news"}}\n', "utf-8")
    assert import_(tmp_path, str(corpus)) == 2
    assert (
        "line 1 is a corpus article (text, no spans), not doccano; nothing imported: a corpus "
        "holds no spans to import: open it with annotator annotate"
    ) in capsys.readouterr().err
