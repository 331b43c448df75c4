"""An export of a journal, as the command and the review screen ask for it: which documents
it takes and in which order, the files written, and the full list of its issues, written
beside the export when it is too long to print."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.formats import FORMATS, ExportOptions, render, write_output
from annotator.formats.report import ExportReport, SpanIssue, SplitIssue
from annotator.problems import UserError, show_path
from annotator.store.journal import load_journal
from annotator.text.corpus import open_corpus

SHOWN_PER_KIND = 10  # issues printed per kind; the rest go to a file beside the export
ACCEPTED_ONLY = frozenset({"accepted"})


@dataclass(frozen=True, slots=True)
class ExportJob:
    """One export (picklable: the review screen runs it in a child process)."""

    source: Path  # the journal
    format: str  # a key of FORMATS
    out: Path  # the file, or the folder for a folder format
    options: ExportOptions = field(default_factory=ExportOptions)
    wanted: frozenset[str] | None = ACCEPTED_ONLY  # the statuses taken; None: every one
    corpus: Path | None = None  # whose order the export follows; None: the journal's


@dataclass
class Exported:
    """What an export did: nothing written when ``written`` is empty (no document chosen)."""

    report: ExportReport
    written: list[Path]


def export_journal(job: ExportJob, said: Callable[[str], None] = lambda _problem: None) -> Exported:
    """Write ``job``'s export; each problem met reading the journal is ``said`` first."""
    contents = load_journal(job.source, every_record=True)
    for problem in contents.problems:
        said(str(problem))
    report = ExportReport()
    corpus_ids = open_corpus(job.corpus).ids if job.corpus is not None else None
    chosen = chosen_records(contents.records, job.wanted, report, corpus_ids)
    if not chosen:
        return Exported(report, [])
    chunks = render(chosen, job.format, job.options, report)
    return Exported(report, write_output(chunks, job.out, FORMATS[job.format].KIND))


def export_told(job: ExportJob) -> tuple[bool, str]:
    """``export_journal`` as a screen runs it, in a child process: whether files were written,
    and what to tell. Only these come back: the report of a large export holds thousands of
    issues, and taking them back in one piece held the UI thread for 0.35 s."""
    exported = export_journal(job)
    if not exported.written:
        return (
            False,
            f"{nothing_exported(job.source, job.wanted, exported.report)}; no file written",
        )
    report = exported.report
    written = ", ".join(show_path(path) for path in exported.written)
    return True, (
        f"Exported {report.documents} document(s), {report.spans} span(s) from "
        f"{show_path(job.source)} as {job.format}: {written}"
    )


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


def nothing_exported(source: Path, wanted: frozenset[str] | None, report: ExportReport) -> str:
    """Why an export chose no document (``wanted``: the statuses asked for)."""
    if wanted is None:
        why = "it holds no document"
    else:
        why = f"no document has status {' or '.join(sorted(wanted))}"
        if report.excluded:
            why += f" ({left_out(report)}; pass --status all for every document)"
    return f"nothing to export from {show_path(source)}: {why}"


def left_out(report: ExportReport) -> str:
    counts = ", ".join(f"{n} {s}" for s, n in sorted(report.excluded.items()))
    return f"left out {sum(report.excluded.values())} document(s) by status ({counts})"
