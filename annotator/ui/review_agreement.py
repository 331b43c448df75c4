"""The agreement figures inside the review app: the same report `annotator agreement` prints."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.agreement.render import render_text
from annotator.agreement.report import agreement_report
from annotator.commands.review import ReviewSetup
from annotator.ui.visual import plain


class AgreementScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,q", "close", "Close", id="review-agreement.close"),
    ]

    def __init__(self, setup: ReviewSetup) -> None:
        super().__init__()
        self.setup = setup

    def compose(self) -> ComposeResult:
        report = agreement_report(self.setup.docs, self.setup.annotators)
        with VerticalScroll(id="review-agreement-box"):
            yield Label(plain("Agreement  (Esc closes)"), id="review-agreement-title")
            yield Static(plain(render_text(report)), id="review-agreement-report")

    def action_close(self) -> None:
        self.dismiss(None)
