"""Reading the annotators' journals beside a corpus, for the agreement and review commands."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from annotator.agreement.documents import DocAnnotations, collect_documents
from annotator.annotations.model import DocRecord
from annotator.problems import UserError
from annotator.store.journal import Records, check_name, journal_path, load_journal
from annotator.text.corpus import Corpus, open_corpus


def parse_annotators(value: str, at_least: int) -> list[str]:
    """``a,b,c`` as a list of distinct names; UserError when fewer than ``at_least``."""
    names = [
        check_name(name.strip(), "--annotators", gold=True)
        for name in value.split(",")
        if name.strip()
    ]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise UserError(f"--annotators names {', '.join(duplicates)} more than once")
    if len(names) < at_least:
        raise UserError(
            f"--annotators needs at least {at_least} comma-separated names, "
            "like --annotators amal,omar"
        )
    return names


def existing_journal(annotations_dir: Path, name: str) -> Path:
    """The journal of annotator ``name``; UserError naming the file when it does not exist."""
    path = journal_path(annotations_dir, name)
    if not path.is_file():
        raise UserError(
            f"{path}: no journal for annotator {name!r}; check the name or pass "
            "--annotations DIR where the <name>.jsonl files are"
        )
    return path


def load_records(annotations_dir: Path, name: str) -> tuple[Records, list[str]]:
    """One annotator's records; UserError naming the file when the journal does not exist."""
    contents = load_journal(existing_journal(annotations_dir, name), every_record=True)
    return contents.records, [str(p) for p in contents.problems]


def _text_lookup(corpus: Corpus, problems: list[str]) -> Callable[[str], str | None]:
    def text_of(doc_id: str) -> str | None:
        if doc_id not in corpus:
            return None
        try:
            return corpus.text(doc_id)
        except UserError as exc:
            problems.append(f"{exc}; the annotators' own copy of the text is used")
            return None

    return text_of


def load_documents(
    corpus_path: Path, annotations_dir: Path, annotators: Sequence[str]
) -> tuple[list[DocAnnotations], list[str]]:
    """Every document the annotators have records of, on the corpus's text and in its
    order, and every problem met on the way (bad journal lines, records on another text)."""
    corpus = open_corpus(corpus_path)
    journals, bad = read_journals(annotations_dir, annotators)
    docs, left_out = documents_of(corpus, journals, annotators)
    return docs, [str(p) for p in corpus.problems] + bad + left_out


def read_journals(
    annotations_dir: Path,
    annotators: Sequence[str],
    reading: Callable[[str, int], None] = lambda _name, _n: None,
) -> tuple[dict[str, Records], list[str]]:
    """Each annotator's records and the bad lines met; ``reading(name, n)`` is called before
    the ``n``-th journal (from 0) is read, for progress."""
    journals = {}
    problems: list[str] = []
    for n, name in enumerate(annotators):
        reading(name, n)
        journals[name], bad = load_records(annotations_dir, name)
        problems += bad
    return journals, problems


def documents_of(
    corpus: Corpus, journals: Mapping[str, Mapping[str, DocRecord]], annotators: Sequence[str]
) -> tuple[list[DocAnnotations], list[str]]:
    """``collect_documents`` on the corpus's texts and in its order."""
    problems: list[str] = []
    docs, left_out = collect_documents(
        annotators, journals, _text_lookup(corpus, problems), corpus.ids
    )
    return docs, problems + left_out
