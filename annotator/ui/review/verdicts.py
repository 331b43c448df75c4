"""Beside the review's spans: what each annotator said of the document as a whole, their
status and, for a flag, their note."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from annotator.problems import printable
from annotator.session.review import Verdict
from annotator.ui.shared.visual import plain


class VerdictList(Static):
    verdicts: reactive[tuple[Verdict, ...]] = reactive(())

    DEFAULT_CSS = """
    VerdictList { height: auto; padding: 0 1; }
    """

    def watch_verdicts(self, verdicts: tuple[Verdict, ...]) -> None:
        lines = []
        for verdict in verdicts:
            line = f"{printable(verdict.annotator)}: {verdict.status.replace('_', ' ')}"
            if verdict.note:
                line += f" — {printable(verdict.note)}"
            lines.append(line)
        self.update(plain("\n".join(lines) or "no annotator has a record here"))
