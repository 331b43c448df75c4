"""The corpus recorded at init: another corpus is refused, new documents join, changed texts are
reported per document."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.problems import UserError
from annotator.project.create import update_project
from annotator.project.fingerprint import CorpusChange, read_fingerprint, same_ids
from annotator.project.project import Project
from annotator.text.corpus import open_corpus

from .conftest import TEXTS, write_corpus


def test_init_records_every_id_and_the_digest_of_its_text(project: Project) -> None:
    hashes = read_fingerprint(project.fingerprint).hashes
    assert list(hashes) == sorted(TEXTS)
    assert all(h and h.startswith("sha256:") for h in hashes.values())
    assert len(set(hashes.values())) == len(TEXTS)


def test_the_same_corpus_is_unchanged(project: Project) -> None:
    change = project.check_corpus(open_corpus(project.corpus))
    assert change.notices() == []
    assert update_project(project).notices() == []


def test_another_corpus_is_refused_and_nothing_is_written(project: Project, tmp_path: Path) -> None:
    other = write_corpus(tmp_path / "other", {f"n{i}.txt": "خبر" for i in range(6)})
    before = project.fingerprint.read_bytes()
    with pytest.raises(UserError, match=r"is not the corpus this project was made for: 0 of the 5"):
        project.check_corpus(open_corpus(other))
    assert project.fingerprint.read_bytes() == before


def test_documents_added_later_join_and_are_recorded(project: Project, corpus: Path) -> None:
    (corpus / "doc9.txt").write_text("خبر جديد", encoding="utf-8")
    change = project.check_corpus(open_corpus(corpus))
    assert change.added == ("doc9.txt",)
    assert change.notices() == [
        "1 document added to the corpus since init joined the project (doc9.txt)"
    ]
    assert "doc9.txt" in read_fingerprint(project.fingerprint).hashes
    assert project.check_corpus(open_corpus(corpus)).notices() == []  # said once


def test_a_corpus_that_grew_tenfold_is_still_the_same_corpus(
    project: Project, corpus: Path
) -> None:
    for i in range(50):
        (corpus / f"new{i}.txt").write_text("خبر", encoding="utf-8")
    assert len(project.check_corpus(open_corpus(corpus)).added) == 50


def test_changed_texts_are_reported_per_document_by_update(project: Project, corpus: Path) -> None:
    (corpus / "doc2.txt").write_text("نص آخر تماما", encoding="utf-8")
    (corpus / "doc3.txt").unlink()
    change = update_project(project)
    assert change.changed == ("doc2.txt",)
    assert change.removed == ("doc3.txt",)
    said = change.notices()
    assert said[0].startswith("1 document recorded at init no longer in the corpus (doc3.txt)")
    assert said[1].startswith("doc2.txt: the text changed since init; its spans are re-anchored")
    assert update_project(project).notices() == []  # recorded as it is now


def test_a_damaged_fingerprint_names_its_line(project: Project) -> None:
    with project.fingerprint.open("a", encoding="utf-8") as f:
        f.write("not json\n")
    with pytest.raises(
        UserError, match=r"corpus-fingerprint.jsonl line 8: not a corpus fingerprint"
    ):
        read_fingerprint(project.fingerprint)
    project.fingerprint.unlink()
    with pytest.raises(UserError, match=r"missing; .*annotator init --update"):
        read_fingerprint(project.fingerprint)


def test_update_says_per_journal_what_re_anchoring_will_do(project: Project, corpus: Path) -> None:
    from annotator.annotations.model import DocRecord, Span
    from annotator.store.journal import Journal

    text = TEXTS["doc2.txt"]
    site = "الموقع"
    at = text.index(site)
    with Journal.open(project.annotations / "amal.jsonl") as journal:
        journal.append(
            DocRecord(id="doc2.txt", text=text, spans=[Span(at, at + len(site), "SITE", site)])
        )
    before = (project.annotations / "amal.jsonl").read_bytes()
    (corpus / "doc2.txt").write_text("عاجل: " + text, encoding="utf-8")
    said = update_project(project).notices()
    assert said[-1] == (
        "  amal.jsonl: doc2.txt: the corpus text changed since it was annotated; document "
        "flagged, 1 of 1 span(s) kept or re-anchored, 0 marked stale"
    )
    assert (project.annotations / "amal.jsonl").read_bytes() == before  # applied when opened


def test_opening_an_unchanged_corpus_reads_only_the_last_line(
    project: Project, corpus: Path
) -> None:
    lines = project.fingerprint.read_bytes().splitlines(keepends=True)
    # A damaged middle line is not even read when the ids are the same as last recorded ...
    project.fingerprint.write_bytes(b"".join([lines[0], b"damaged\n", *lines[2:]]))
    assert project.check_corpus(open_corpus(corpus)) == CorpusChange()
    # ... but is named as soon as the corpus differs and the lines are needed.
    (corpus / "doc9.txt").write_text("خبر جديد", encoding="utf-8")
    with pytest.raises(UserError, match=r"line 2: not a corpus fingerprint line"):
        project.check_corpus(open_corpus(corpus))


def test_documents_that_joined_are_recorded_with_a_new_last_line(
    project: Project, corpus: Path
) -> None:
    (corpus / "doc0.txt").write_text("خبر جديد", encoding="utf-8")  # sorts first
    opened = open_corpus(corpus)
    assert project.check_corpus(opened).added == ("doc0.txt",)
    assert same_ids(project.fingerprint, opened.ids)
    assert list(read_fingerprint(project.fingerprint).hashes)[-1] == "doc0.txt"
