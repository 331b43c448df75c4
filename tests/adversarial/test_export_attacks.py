"""Exports under hostile conditions: a low open-file limit, a kill in the middle, ids and
labels holding tabs and line breaks."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main
from annotator.formats import brat, conll
from annotator.store.journal import Journal

TEXT = "قصفت طائرات البوكمال"


def journal_of(path: Path, count: int, tag: str = "") -> Path:
    with Journal.open(path) as journal:
        for n in range(count):
            text = f"{TEXT} {tag}{n}"
            journal.append(DocRecord(f"doc-{n}", text, [Span.of(text, 12, 20, "SITE")], "accepted"))
    return path


def export_brat(journal: Path, out: Path) -> int:
    return main(["export", "--format", "brat", "--from", str(journal), "--out", str(out)])


def export_in_child(journal: Path, out: Path, open_files: int | None = None) -> subprocess.Popen:
    """``annotator export --format brat`` in a child process, under ``open_files`` if given."""
    limit = (
        ""
        if open_files is None
        else (
            "import resource\n"
            f"resource.setrlimit(resource.RLIMIT_NOFILE, ({open_files}, "
            "resource.getrlimit(resource.RLIMIT_NOFILE)[1]))\n"
        )
    )
    script = (
        f"{limit}import sys\nfrom annotator.cli import main\n"
        f"sys.exit(main(['export', '--format', 'brat', '--from', {str(journal)!r}, "
        f"'--out', {str(out)!r}]))\n"
    )
    return subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def whole_export(out: Path) -> dict[str, str]:
    """The brat folder's documents by id, after checking it is one complete export: every
    file index.json names is there, and nothing else but the configuration."""
    index = orjson.loads((out / brat.INDEX).read_bytes())
    names = {f"{e['file']}{suffix}" for e in index for suffix in (".txt", ".ann")}
    assert {p.name for p in out.iterdir()} == names | {brat.INDEX, brat.CONF}
    return {e["id"]: (out / f"{e['file']}.txt").read_text(encoding="utf-8") for e in index}


def test_brat_export_of_600_documents_under_256_open_files(tmp_path):
    journal = journal_of(tmp_path / "gold.jsonl", 600)
    out = tmp_path / "gold.brat"
    child = export_in_child(journal, out, open_files=256)
    stdout, stderr = child.communicate(timeout=300)
    assert child.returncode == 0, stderr.decode()
    assert b"exported 600 document(s), 600 span(s)" in stdout
    assert len(whole_export(out)) == 600


@pytest.mark.slow
def test_sigkill_during_brat_export_leaves_the_previous_export_whole(tmp_path):
    out = tmp_path / "gold.brat"
    assert export_brat(journal_of(tmp_path / "a.jsonl", 5, "old"), out) == 0
    before = whole_export(out)
    child = export_in_child(journal_of(tmp_path / "b.jsonl", 4000, "new"), out)
    staged = []
    deadline = time.monotonic() + 120
    while not staged and child.poll() is None and time.monotonic() < deadline:
        # Killed once it is writing: a fresh folder with files in it.
        staged = [p for p in tmp_path.glob(".gold.brat.export-*") if any(p.iterdir())]
    assert staged, "the export never started writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert whole_export(out) == before
    assert not list(tmp_path.rglob("*.partial"))

    # The next export replaces it whole and removes what the killed one left.
    assert export_brat(tmp_path / "a.jsonl", out) == 0
    assert whole_export(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gold.brat")] == [
        os.readlink(out)
    ]


def test_an_older_real_folder_is_replaced_by_the_export(tmp_path):
    out = tmp_path / "gold.brat"
    out.mkdir()
    (out / "stale.txt.partial").write_text("left by a killed export of an older annotator")
    assert export_brat(journal_of(tmp_path / "a.jsonl", 3), out) == 0
    assert out.is_symlink() and len(whole_export(out)) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gold.brat")] == [
        os.readlink(out)
    ]


def test_a_refused_label_leaves_the_previous_export_and_no_staging(tmp_path, capsys):
    out = tmp_path / "gold.brat"
    assert export_brat(journal_of(tmp_path / "a.jsonl", 2), out) == 0
    before = whole_export(out)
    bad = tmp_path / "bad.jsonl"
    with Journal.open(bad) as journal:
        journal.append(DocRecord("d", TEXT, [Span.of(TEXT, 12, 20, "SI\tTE")], "accepted"))
    assert export_brat(bad, out) == 2
    assert "label 'SI\\tTE' cannot be written to brat" in capsys.readouterr().err
    assert whole_export(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gold.brat")] == [
        os.readlink(out)
    ]


@pytest.mark.parametrize("label", ["A\tB", "A\nB", "A B", "A\rB"])
@pytest.mark.parametrize("fmt", ["brat", "conll"])
def test_whitespace_in_a_label_is_refused_with_the_label_named(tmp_path, capsys, fmt, label):
    journal = tmp_path / "j.jsonl"
    with Journal.open(journal) as j:
        j.append(DocRecord("d", TEXT, [Span.of(TEXT, 12, 20, label)], "accepted"))
    out = tmp_path / "out"
    assert main(["export", "--format", fmt, "--from", str(journal), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"label {label!r} cannot be written to {fmt}" in err and "rename the label" in err
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["brat", "conll"])
def test_tabs_and_line_breaks_in_an_id_never_reach_a_line_and_come_back(tmp_path, fmt):
    """Ids are not written into brat or CoNLL lines: brat names files after a cleaned id and
    keeps the id in index.json, CoNLL keeps ids in its .ids.json sidecar, both JSON."""
    journal = tmp_path / "j.jsonl"
    doc_id = "a\tb\nc\r d"
    with Journal.open(journal) as j:
        j.append(DocRecord(doc_id, TEXT, [Span.of(TEXT, 12, 20, "SITE")], "accepted"))
    out = tmp_path / "out"
    assert main(["export", "--format", fmt, "--from", str(journal), "--out", str(out)]) == 0
    module = {"brat": brat, "conll": conll}[fmt]
    problems: list = []
    (back,) = module.read(out, problems)
    assert problems == [] and back.id == doc_id
    if fmt == "brat":
        assert [(s.start, s.end, s.label) for s in back.spans] == [(12, 20, "SITE")]
        (ann,) = out.glob("*.ann")
        assert ann.read_text(encoding="utf-8") == "T1\tSITE 12 20\tالبوكمال\n"
    else:
        lines = out.read_text(encoding="utf-8").splitlines()
        assert all(len(line.split(" ")) == 4 for line in lines if line)
