"""Two corpora side by side (work/corpora, work/news) never share a journal; the journals an
earlier version kept in their shared annotations/ are copied apart, never lost."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator import cli
from annotator.store.journal import load_journal

from .conftest import write_corpus

FIXTURE = Path(__file__).parents[2] / "fixtures" / "deir-ez-zor-gold.jsonl"


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    write_corpus(tmp_path / "corpora", {"a.txt": "قال مصدر في حلب", "b.txt": "خبر من دمشق"})
    write_corpus(tmp_path / "news", {"n.txt": "قال متحدث في حمص"})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def record(doc_id: str, text: str, status: str = "accepted") -> bytes:
    return (
        orjson.dumps(
            {
                "schema": 1,
                "id": doc_id,
                "text": text,
                "spans": [],
                "status": status,
                "annotator": "amal",
                "updated": "2026-01-01T00:00:00Z",
            }
        )
        + b"\n"
    )


def test_sibling_corpora_keep_apart(work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for corpus in ("corpora", "news"):
        assert cli.main(["suggest", corpus, "--annotator", "amal"]) == 0
    corpora = load_journal(work / "annotations" / "corpora" / "amal.jsonl").records
    news = load_journal(work / "annotations" / "news" / "amal.jsonl").records
    assert sorted(corpora) == ["a.txt", "b.txt"]
    assert sorted(news) == ["n.txt"]
    capsys.readouterr()
    assert cli.main(["stats", "--annotations", "annotations/news", "--json"]) == 0
    assert orjson.loads(capsys.readouterr().out)["total"]["documents"] == 1


def test_a_shared_folder_of_an_earlier_version_is_copied_apart_and_kept(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shared = work / "annotations"
    shared.mkdir()
    mixed = (
        record("a.txt", "قال مصدر في حلب")
        + record("n.txt", "قال متحدث في حمص")
        + b"not json\n"
        + record("a.txt", "قال مصدر في حلب", "flagged")
    )
    (shared / "amal.jsonl").write_bytes(mixed)
    (shared / "amal.resume.json").write_bytes(b'{"last": "n.txt", "cursor": 0, "top": 0}')
    assert cli.main(["stats", "--annotations", "annotations/corpora"]) == 2  # not made yet
    capsys.readouterr()
    assert cli.main(["agreement", "corpora", "--annotators", "amal,amal2"]) == 2
    err = capsys.readouterr().err
    assert "annotations of corpora now live in annotations/corpora, a folder of its own" in err
    assert "copied 1 document(s) of amal.jsonl" in err
    copied = load_journal(shared / "corpora" / "amal.jsonl").records
    assert list(copied) == ["a.txt"] and copied["a.txt"].status == "flagged"  # history whole
    assert not (shared / "corpora" / "amal.resume.json").exists()  # it pointed at news
    assert (shared / "amal.jsonl").read_bytes() == mixed  # nothing moved or lost
    assert cli.main(["suggest", "news", "--annotator", "omar"]) == 0
    assert list(load_journal(shared / "news" / "amal.jsonl").records) == ["n.txt"]
    assert (shared / "news" / "amal.resume.json").is_file()
    assert (shared / "amal.jsonl").read_bytes() == mixed


def test_a_corpus_none_of_whose_documents_are_there_gets_an_empty_folder(
    work: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (work / "annotations").mkdir()
    (work / "annotations" / "amal.jsonl").write_bytes(record("n.txt", "قال متحدث في حمص"))
    assert cli.main(["suggest", "corpora"]) == 0
    assert "hold none of its documents and were left as they are" in capsys.readouterr().err
    assert sorted(p.name for p in (work / "annotations" / "corpora").iterdir()) == [
        "suggest.jsonl",
        "suggest.jsonl.lock",
    ]


def test_the_copy_waits_for_no_one_writing_the_shared_journal(work: Path, capsys) -> None:
    from annotator.store.journal import Journal

    (work / "annotations").mkdir()
    (work / "annotations" / "amal.jsonl").write_bytes(record("a.txt", "قال مصدر في حلب"))
    with Journal.open(work / "annotations" / "amal.jsonl"):
        assert cli.main(["suggest", "corpora"]) == 2
    assert "is in use by process" in capsys.readouterr().err
    assert not (work / "annotations" / "corpora").exists()
    assert not list((work / "annotations").glob(".*copying"))
