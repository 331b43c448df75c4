"""Which of a journal's documents an export takes and in which order, and the full list of
its issues, written beside the export when it is too long to print."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.formats.report import ExportReport, SpanIssue, SplitIssue
from annotator.problems import UserError, show_path

SHOWN_PER_KIND = 10  # issues printed per kind; the rest go to a file beside the export


def chosen_records(
    records: Mapping[str, DocRecord],
    wanted: frozenset[str] | None,
    report: ExportReport,
    corpus_ids: Sequence[str] | None = None,
) -> list[DocRecord]:
    """The records whose status is ``wanted`` (None: any), in the corpus's order of
    ``corpus_ids`` when given (records the corpus does not hold follow, in the journal's order);
    the others are counted by status in ``report.excluded``."""
    ordered: Sequence[DocRecord] = list(records.values())
    if corpus_ids is not None:
        ordered = [records[doc_id] for doc_id in corpus_ids if doc_id in records]
        if len(ordered) < len(records):
            in_corpus = set(corpus_ids)
            ordered += [r for doc_id, r in records.items() if doc_id not in in_corpus]
    chosen = []
    for record in ordered:
        if wanted is None or record.status in wanted:
            chosen.append(record)
        else:
            report.excluded[record.status] += 1
    return chosen


def keep_issue_list(
    by_kind: Mapping[str, Sequence[SpanIssue | SplitIssue]], full_list: Path
) -> bool:
    """Write every issue to ``full_list`` when some kind has more than SHOWN_PER_KIND (a large
    corpus can have thousands of split tokens, which would bury the rest of the output), else
    remove an older export's list, which would describe other data; whether it was written."""
    if all(len(issues) <= SHOWN_PER_KIND for issues in by_kind.values()):
        full_list.unlink(missing_ok=True)
        return False
    lines = [f"{kind}\t{issue}\n" for kind, issues in by_kind.items() for issue in issues]
    try:
        full_list.write_text("".join(lines), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{show_path(full_list)}: cannot write: {exc.strerror}") from None
    return True
