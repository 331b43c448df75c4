"""Suggestions for a whole corpus, saved into a journal of their own (``annotator suggest``).

The journal is an annotator's journal like any other (annotator ``suggest`` by default), so
agreement and review compare it with people's work.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.problems import UserError, show_path
from annotator.store.journal import Journal
from annotator.suggest.engine import Suggester
from annotator.text.corpus import Corpus


@dataclass
class Suggested:
    """What a run saved, for the command to report."""

    documents: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # documents that could not be read, why


def suggest_into(
    journal_path: Path,
    corpus: Corpus,
    suggester: Suggester,
    annotator: str,
    now: Callable[[], str],
) -> Suggested:
    """Save every readable document of ``corpus`` with its suggestions as ``annotator``'s
    accepted records, a thousand per fsync (a run can simply be repeated). UserError when the
    journal holds another annotator's records: suggestions never mix with someone's work."""
    if journal_path.is_dir():
        raise UserError(
            f"--out {show_path(journal_path)} is a folder; give a file, like "
            f"{show_path(journal_path / 'suggest.jsonl')}"
        )
    result = Suggested()
    with Journal.open(journal_path) as journal:
        others = sorted(
            {r.annotator or "an unnamed annotator" for r in journal.records.values()} - {annotator}
        )
        if others:
            raise UserError(
                f"{show_path(journal_path)} holds annotations by {', '.join(others)}; "
                "write suggestions to a journal of their own"
            )
        records = _suggested(corpus, suggester, annotator, now, result)
        result.documents = journal.append_many(records)
    return result


def _suggested(
    corpus: Corpus,
    suggester: Suggester,
    annotator: str,
    now: Callable[[], str],
    result: Suggested,
) -> Iterator[DocRecord]:
    for doc_id in corpus.ids:
        try:
            text = corpus.text(doc_id)
        except UserError as exc:
            result.skipped.append(str(exc))
            continue
        spans = suggester.for_document(text)
        result.by_label.update(span.label for span in spans)
        yield DocRecord(
            id=doc_id,
            text=text,
            spans=spans,
            status="accepted",
            annotator=annotator,
            updated_at=now(),
            meta=corpus.meta(doc_id),
        )
