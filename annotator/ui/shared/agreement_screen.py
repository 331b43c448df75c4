"""The agreement figures as a screen: the same report `annotator agreement` prints.

Reusable by any app: give it the documents and the annotators to compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.agreement.documents import DocAnnotations
from annotator.agreement.render import isolated, render_text
from annotator.agreement.report import agreement_report
from annotator.layout.layout import LayoutOptions, layout_text
from annotator.ui.shared.visual import plain

# The report is a left-to-right table; an Arabic document id inside it is a right-to-left run.
_LTR = LayoutOptions(direction="ltr")


def visual_report(text: str) -> str:
    """Each line of ``text`` through the layout engine (shaped, in visual order)."""
    out = []
    for line in text.split("\n"):
        layout = layout_text(line, max(len(line), 1) * 2 + 2, _LTR)
        out.append("".join(cell.glyph for row in layout.lines for cell in row.cells))
    return "\n".join(out)


class AgreementScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,q", "close", "Close", id="review-agreement.close"),
    ]

    def __init__(
        self,
        docs: Sequence[DocAnnotations],
        annotators: Sequence[str],
        problems: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.docs = docs
        self.annotators = annotators
        self.problems = problems

    def compose(self) -> ComposeResult:
        report = agreement_report(self.docs, self.annotators, problems=self.problems)
        with VerticalScroll(id="review-agreement-box"):
            yield Label(plain("Agreement  (Esc closes)"), id="review-agreement-title")
            yield Static(
                plain(visual_report(render_text(report, isolated))), id="review-agreement-report"
            )

    def action_close(self) -> None:
        self.dismiss(None)
