"""``annotator export``, ``import`` and ``stats`` end to end on a journal written through the
Journal API."""

import os
from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main
from annotator.store.journal import Journal, load_journal

FORMATS = ("jsonl", "doccano", "conll", "hf", "brat")


@pytest.fixture
def workdir(tmp_path, monkeypatch, gold):
    monkeypatch.chdir(tmp_path)
    with Journal.open(tmp_path / "annotations" / "gold.jsonl") as journal:
        journal.append(gold)
    with Journal.open(tmp_path / "annotations" / "amal.jsonl") as journal:
        text = "قصفت البوكمال"
        journal.append(
            DocRecord("a/1", text, [Span.of(text, 5, 13, "SITE")], "accepted", seconds=30)
        )
        journal.append(DocRecord("../2", text, [], "in_progress", seconds=90))
        journal.append(
            DocRecord("CON", text, [Span(5, 13, "SITE", "البوكمال", stale=True)], "accepted")
        )
    return tmp_path


def seen_by_a_user(root: Path, folder: Path) -> list[str]:
    """Every path under ``folder``, relative to ``root``, through the links folder exports
    are and without the hidden folders behind them."""
    out = []
    for parent, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [(Path(parent) / name).relative_to(root).as_posix() for name in dirs + files]
    return out


def test_export_defaults_to_the_gold_journal_and_export_folder(workdir, capsys):
    for fmt in FORMATS:
        assert main(["export", "--format", fmt, "--annotations", "annotations"]) == 0
    out = capsys.readouterr().out
    assert "exported 1 document(s), 81 span(s) from annotations/gold.jsonl as jsonl:" in out
    assert "16 spans with an edge inside a token (tokens split there, spans exported as" in out
    assert "not on token boundaries" not in out
    # Ten of the sixteen are printed; every one is in a list beside each token format's output.
    assert out.count("  ... and 6 more in export/gold.jsonl.issues.txt") == 1
    names = sorted(seen_by_a_user(workdir, workdir / "export"))
    brat = sorted(n for n in names if n.startswith("export/gold.brat/") and "strikes" in n)
    assert len(brat) == 2  # the article's .txt and .ann
    assert [n for n in names if n not in brat] == [
        "export/gold.brat", "export/gold.brat/annotation.conf", "export/gold.brat/index.json",
        "export/gold.conll", "export/gold.conll.ids.json", "export/gold.conll.issues.txt",
        "export/gold.doccano.jsonl", "export/gold.hf", "export/gold.hf.issues.txt",
        "export/gold.hf/data.jsonl", "export/gold.hf/labels.json", "export/gold.jsonl",
        "export/gold.jsonl.issues.txt",
    ]  # fmt: skip
    listed = (workdir / "export" / "gold.jsonl.issues.txt").read_text(encoding="utf-8")
    assert len(listed.splitlines()) == 16
    assert all(line.startswith("split\tdeir-ez-zor-strikes.txt: ") for line in listed.splitlines())


def test_a_short_issue_list_is_printed_whole_and_an_old_list_removed(workdir, capsys):
    old_list = workdir / "b.issues.txt"
    old_list.write_text("from an earlier export\n", encoding="utf-8")
    argv = ["export", "--format", "brat", "--from", "annotations/amal.jsonl", "--out", "b"]
    assert main(argv) == 0
    assert "1 stale spans:\n  CON: SITE" in capsys.readouterr().out
    assert not old_list.exists()


def test_export_refuses_what_is_not_a_journal(workdir, capsys):
    (workdir / "notes.txt").write_text("hello\n", encoding="utf-8")
    (workdir / "d.jsonl").write_text('{"text": "abc", "label": []}\n', encoding="utf-8")
    for source, message in [
        ("notes.txt", "notes.txt: no line is an annotation journal record"),
        ("d.jsonl", 'd.jsonl: line 1 is a JSON object without "schema" and "spans"'),
    ]:
        assert main(["export", "--format", "jsonl", "--from", source]) == 2
        err = capsys.readouterr().err
        assert message in err and "annotator import first" in err
    assert main(["export", "--format", "jsonl", "--from", "annotations"]) == 2
    assert "annotations is a folder; pass --from a journal file" in capsys.readouterr().err
    assert not (workdir / "export").exists()


def test_export_filters_by_status_and_reports_stale_spans(workdir, capsys):
    argv = ["export", "--format", "brat", "--from", "annotations/amal.jsonl", "--out", "b"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "exported 2 document(s), 1 span(s)" in out
    assert "left out 1 document(s) by status (1 in_progress); exported only accepted" in out
    assert "1 stale spans:\n  CON: SITE [5, 13) 'البوكمال'" in out
    files = sorted(p.name for p in (workdir / "b").iterdir())
    assert len(files) == 6 and all(p.parent == workdir / "b" for p in (workdir / "b").iterdir())
    assert not any(name.split(".")[0].upper() == "CON" for name in files)
    assert main([*argv, "--status", "all"]) == 0
    assert "exported 3 document(s)" in capsys.readouterr().out
    index = orjson.loads((workdir / "b" / "index.json").read_bytes())
    assert sorted(e["id"] for e in index) == ["../2", "CON", "a/1"]


def test_export_explains_a_missing_journal_and_bad_status(workdir, capsys):
    (workdir / "annotations" / "gold.jsonl").unlink()
    assert main(["export", "--format", "jsonl", "--annotations", "annotations"]) == 2
    err = capsys.readouterr().err
    assert "no gold journal; pass --from annotations/NAME.jsonl" in err
    assert "(journals there: amal.jsonl)" in err
    argv = ["export", "--format", "jsonl", "--from", "annotations/amal.jsonl"]
    assert main([*argv, "--status", "done"]) == 2
    assert "--status done: use new, in_progress" in capsys.readouterr().err


def test_align_fail_writes_nothing(workdir, capsys):
    argv = ["export", "--format", "conll", "--gold", "--annotations", "annotations"]
    assert main([*argv, "--align", "fail", "--out", "x.conll"]) == 2
    assert "16 span(s) do not fall on token boundaries; nothing written" in capsys.readouterr().err
    assert not (workdir / "x.conll").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_what_was_exported(workdir, capsys, gold, fmt):
    out = "e.file" if fmt in ("jsonl", "doccano", "conll") else "e"
    assert main(["export", "--format", fmt, "--annotations", "annotations", "--out", out]) == 0
    argv = ["import", "--format", fmt, out, "--annotator", "omar", "--annotations", "annotations"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "imported 1 document(s), 81 span(s) into annotations/omar.jsonl" in out
    assert ("holds tokens, not text: each document's text was rebuilt" in out) is (
        fmt in ("conll", "hf")
    )
    records = load_journal(workdir / "annotations" / "omar.jsonl").records
    [record] = records.values()
    assert record.annotator == "omar" and record.status == "accepted" and record.updated_at
    assert record.id == gold.id  # conll: from the e.file.ids.json sidecar
    if fmt in ("jsonl", "doccano", "brat"):
        assert sorted(s.key() for s in record.spans) == sorted(s.key() for s in gold.spans)
    assert main(argv) == 0
    assert "imported 0 document(s), 0 span(s)" in capsys.readouterr().out


def test_import_reports_problems_and_exits_1(workdir, capsys):
    bad = workdir / "bad.jsonl"
    bad.write_text('{"text": "abc", "label": [[0, 9, "SITE"]]}\nnope\n', encoding="utf-8")
    argv = ["import", "--format", "doccano", "bad.jsonl", "--annotator", "omar"]
    assert main([*argv, "--annotations", "annotations"]) == 1
    out = capsys.readouterr().out
    assert "bad.jsonl: line 1: label[0]: [0, 9) is not a span of the text" in out
    assert "bad.jsonl: line 2: not valid JSON" in out
    assert "imported 1 document(s), 0 span(s)" in out


def test_importing_nothing_leaves_no_journal(workdir, capsys):
    (workdir / "empty.jsonl").write_text('{"id": 1}\nnope\n', encoding="utf-8")
    argv = [
        "import",
        "--format",
        "doccano",
        "empty.jsonl",
        "--annotator",
        "omar",
        "--annotations",
        "in",
    ]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "empty.jsonl: line 2: not valid JSON" in out
    assert "imported nothing from empty.jsonl" in out
    assert not (workdir / "in").exists()


def test_stats_table_and_json(workdir, capsys):
    assert main(["stats", "--annotations", "annotations"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == [
        "annotator", "docs", "in_progress", "accepted", "spans",
        "ACTOR", "CASUALTY_COUNT", "QUOTE", "SITE", "mean", "time",
    ]  # fmt: skip
    assert table[2].split() == ["amal", "3", "1", "2", "2", "0", "0", "0", "2", "1m00s"]
    assert table[4].split() == ["total", "4", "1", "3", "83", "36", "5", "4", "38", "1m00s"]
    assert main(["stats", "--json", "annotations/amal.jsonl"]) == 0
    data = orjson.loads(capsys.readouterr().out)
    assert data["total"]["by_status"] == {"in_progress": 1, "accepted": 2}
    assert data["total"]["mean_seconds_per_document"] == 60.0
    assert data["annotators"]["amal"]["by_label"] == {"SITE": 2}


def test_out_of_the_wrong_kind_is_refused(workdir, capsys):
    (workdir / "afile").write_text("x")
    assert main(["export", "--format", "brat", "--gold", "--annotations", "annotations",
                 "--out", "afile"]) == 2  # fmt: skip
    assert "afile is a file; this format writes a folder" in capsys.readouterr().err
    assert main(["export", "--format", "jsonl", "--gold", "--annotations", "annotations",
                 "--out", "annotations"]) == 2  # fmt: skip
    assert "annotations is a folder; give --out a file name" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["conll", "brat"])
def test_a_label_with_spaces_is_refused_and_leaves_no_half_files(tmp_path, capsys, fmt):
    text = "في البوكمال"
    with Journal.open(tmp_path / "j.jsonl") as journal:
        journal.append(DocRecord("d", text, [Span.of(text, 3, 11, "Place name")], "accepted"))
    out = tmp_path / "out"
    assert main(["export", "--format", fmt, "--from", str(tmp_path / "j.jsonl"),
                 "--out", str(out)]) == 2  # fmt: skip
    assert f"label 'Place name' cannot be written to {fmt}" in capsys.readouterr().err
    leftovers = [p.name for p in tmp_path.rglob("*.partial")]
    assert leftovers == []


def test_import_status_override_and_repeated_ids(workdir, capsys):
    data = workdir / "d.jsonl"
    data.write_text(
        '{"id": "x", "text": "أ", "label": []}\n'
        '{"id": "x", "text": "ب", "label": [[0, 1, "SITE"]]}\n',
        encoding="utf-8",
    )
    argv = ["import", "--format", "doccano", "d.jsonl", "--annotator", "omar"]
    assert main([*argv, "--annotations", "annotations", "--status", "flagged"]) == 1
    out = capsys.readouterr().out
    assert "d.jsonl: document id 'x' appears 2 times; the last one is kept" in out
    [record] = load_journal(workdir / "annotations" / "omar.jsonl").records.values()
    assert (record.text, record.status, [s.text for s in record.spans]) == ("ب", "flagged", ["ب"])


def test_brat_conf_lists_every_label_of_the_set(workdir, tmp_path):
    argv = ["export", "--format", "brat", "--from", "annotations/amal.jsonl"]
    assert main([*argv, "--out", "b"]) == 0
    conf = (workdir / "b" / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[entities]\n", 1)[1].split("\n\n", 1)[0].split("\n")
    assert entities == ["ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE"]
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = "WEAPON"\nkey = "w"\ncolor = "#ffffff"\n')
    assert main([*argv, "--out", "c", "--labels", str(labels)]) == 0
    conf = (workdir / "c" / "annotation.conf").read_text(encoding="utf-8")
    # A label used in the data but missing from the set is declared too: brat needs it.
    assert conf.startswith("[entities]\nWEAPON\nSITE\n\n[relations]")


def test_import_refuses_labels_outside_the_label_set(workdir, capsys, tmp_path):
    data = workdir / "p.jsonl"
    data.write_text(
        '{"id": "a", "text": "في حلب", "label": [[3, 6, "PLACE"], [0, 2, "SITE"]]}\n',
        encoding="utf-8",
    )
    argv = ["import", "--format", "doccano", "p.jsonl", "--annotations", "annotations"]
    assert main([*argv, "--annotator", "omar"]) == 1
    out = capsys.readouterr().out
    assert (
        "p.jsonl: line 1: label[0]: label 'PLACE' is not in the label set (ACTOR, SITE, "
        "CASUALTY_COUNT, QUOTE); span not imported (add it to a --labels file, or pass "
        "--allow-unknown-labels)" in out
    )
    [record] = load_journal(workdir / "annotations" / "omar.jsonl").records.values()
    assert [s.label for s in record.spans] == ["SITE"]
    assert main([*argv, "--annotator", "rima", "--allow-unknown-labels"]) == 0
    [record] = load_journal(workdir / "annotations" / "rima.jsonl").records.values()
    assert sorted(s.label for s in record.spans) == ["PLACE", "SITE"]
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = "PLACE"\nkey = "p"\ncolor = "#ffffff"\n')
    assert main([*argv, "--annotator", "sami", "--labels", str(labels)]) == 1
    assert "label 'SITE' is not in the label set (PLACE)" in capsys.readouterr().out
    [record] = load_journal(workdir / "annotations" / "sami.jsonl").records.values()
    assert [s.label for s in record.spans] == ["PLACE"]


def test_a_large_import_saves_a_thousand_documents_per_fsync(workdir, capsys, monkeypatch):
    source = workdir / "many.jsonl"
    source.write_bytes(
        b"".join(
            orjson.dumps({"id": f"d{i}", "text": "قصفت البوكمال", "label": [[5, 13, "SITE"]]})
            + b"\n"
            for i in range(2500)
        )
    )
    syncs = []
    real_fsync = __import__("os").fsync
    monkeypatch.setattr("os.fsync", lambda fd: (syncs.append(fd), real_fsync(fd)))
    args = [
        "import",
        "--format",
        "doccano",
        str(source),
        "--annotator",
        "many",
        "--annotations",
        "in",
    ]
    assert main(args) == 0
    assert "imported 2500 document(s), 2500 span(s)" in capsys.readouterr().out
    assert len(syncs) <= 4  # three batches, and the journal's own creation
    contents = load_journal(workdir / "in" / "many.jsonl")
    assert len(contents.records) == 2500 and contents.problems == []
    assert contents.records["d2499"].spans[0].text == "البوكمال"


def test_write_errors_name_the_file_asked_for(workdir, capsys):
    blocker = workdir / "blocker"
    blocker.write_text("a file where a folder is needed\n", encoding="utf-8")
    argv = ["export", "--format", "doccano", "--annotations", "annotations"]
    assert main([*argv, "--out", "blocker/x.jsonl"]) == 2
    err = capsys.readouterr().err
    assert "blocker" in err and ".partial" not in err
    if Path("/proc/self").is_dir():  # a folder nothing can be created in, even by root
        assert main([*argv, "--out", "/proc/annotator-export.jsonl"]) == 2
        err = capsys.readouterr().err
        assert "/proc/annotator-export.jsonl: cannot write" in err and ".partial" not in err
    args = [
        "import",
        "--format",
        "doccano",
        "blocker",
        "--annotator",
        "z",
        "--annotations",
        "blocker",
    ]
    assert main(args) == 2
    assert "blocker is a file; --annotations takes the folder the journal z.jsonl goes in" in (
        capsys.readouterr().err
    )


def test_import_says_when_it_set_the_status_itself(workdir, capsys):
    (workdir / "d.jsonl").write_text(
        '{"id": "x", "text": "قصفت البوكمال", "label": [[5, 13, "SITE"]]}\n', encoding="utf-8"
    )
    argv = ["import", "--format", "doccano", "d.jsonl", "--annotator", "z", "--annotations", "in"]
    assert main(argv) == 0
    assert "1 document(s) carried no status in d.jsonl and were imported as accepted" in (
        capsys.readouterr().out
    )
    assert main([*argv, "--status", "in_progress", "--replace"]) == 0
    assert "carried no status" not in capsys.readouterr().out
    assert load_journal(workdir / "in" / "z.jsonl").records["x"].status == "in_progress"
