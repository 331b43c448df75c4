"""Gold exported from the review screen, in a child process: the lead goes on reviewing
while it is written (an export of 100,000 documents takes seconds of Python, which in a
thread would hold the UI thread up), and notices say when it starts and what it wrote.

What is exported is ``ReviewSetup.export_job``: gold's accepted documents as JSONL, where
``annotator export --gold`` writes them. Every decision is on disk before its key returns,
so the child reads gold as the screen shows it.
"""

from __future__ import annotations

from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from annotator.formats.exporting import ExportJob, export_told
from annotator.problems import show_path
from annotator.session.child import ChildFailed, call_in_child, packed

EXPORTING = "exporting gold"


class GoldExported(Message):
    def __init__(self, written: bool, told: str) -> None:
        super().__init__()
        self.written = written
        self.told = told


class GoldExportFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def start_export(screen: Screen[None], job: ExportJob) -> bool:
    """Export in a worker of ``screen``, which is told how it went (``GoldExported``,
    ``GoldExportFailed``); False when an export is already on its way."""
    if any(w.group == EXPORTING and not w.is_finished for w in screen.workers):
        return False

    def export() -> None:
        worker = get_current_worker()
        try:
            done = call_in_child(packed(export_told, job), lambda: worker.is_cancelled)
        except ChildFailed as failure:
            screen.post_message(GoldExportFailed(str(failure)))
            return
        if done is not None:
            screen.post_message(GoldExported(*done[0]))

    screen.run_worker(export, thread=True, group=EXPORTING, description=EXPORTING)
    return True


def started(job: ExportJob) -> str:
    return f"Exporting gold's accepted documents to {show_path(job.out)}…"
