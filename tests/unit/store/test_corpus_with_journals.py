"""A corpus folder that holds annotator's own journals (annotations/ beside a corpus file,
then the parent folder opened) does not load them as articles."""

from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import Journal, journal_path
from annotator.text.corpus import open_corpus


def test_journals_inside_a_corpus_folder_are_skipped_and_said(tmp_path):
    text = "في البوكمال"
    (tmp_path / "news.jsonl").write_text(
        '{"id": "a", "text": "في البوكمال"}\n{"id": "b", "text": "قال نتنياهو"}\n',
        encoding="utf-8",
    )
    with Journal.open(journal_path(tmp_path / "annotations", "ali")) as journal:
        journal.append(DocRecord("a", text, [Span.of(text, 3, 11, "SITE")], status="accepted"))
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["a", "b"]
    (problem,) = corpus.problems
    assert problem.path.endswith("annotations/ali.jsonl")
    assert problem.message == "an annotation journal, not articles; skipped"


def test_a_corpus_file_whose_lines_have_no_schema_is_still_read(tmp_path):
    (tmp_path / "news.jsonl").write_text(
        '{"id": "a", "text": "نص", "spans": []}\n', encoding="utf-8"
    )
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["a"] and corpus.problems == []
