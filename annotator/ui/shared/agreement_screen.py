"""The agreement figures as a screen: the same report `annotator agreement` prints.

Reusable by any app: give it the journals to compare (an ``AgreementJob``). The figures take
seconds on a large corpus, so a thread worker has them computed in a child process
(annotator.agreement.background) while the screen shows each step under a progress bar and
keeps answering keys; Esc closes it at any time, and the child with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Label, ProgressBar, Static
from textual.worker import get_current_worker

from annotator.agreement.background import (
    CHILD_COMMAND,
    AgreementFailed,
    AgreementJob,
    compute_in_child,
)
from annotator.layout.layout import LayoutOptions, layout_text
from annotator.ui.shared.visual import plain

# The report is a left-to-right table; an Arabic document id inside it is a right-to-left run
# that the report isolates itself (file text in it is escaped), so no markers for those.
_LTR = LayoutOptions(direction="ltr", show_bidi_controls=False)


def visual_report(text: str) -> str:
    """Each line of ``text`` through the layout engine (shaped, in visual order)."""
    out = []
    for line in text.split("\n"):
        layout = layout_text(line, max(len(line), 1) * 2 + 2, _LTR)
        out.append("".join(cell.glyph for row in layout.lines for cell in row.cells))
    return "\n".join(out)


class StepLabel(Label):
    """What the computation is doing now."""

    step: reactive[str] = reactive("")

    def watch_step(self, step: str) -> None:
        self.update(plain(step))


class ReportText(Static):
    """The report, once it is there."""

    report: reactive[str | None] = reactive(None)

    def watch_report(self, report: str | None) -> None:
        self.update(plain(visual_report(report or "")))


class AgreementScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    AgreementScreen {
        align: center middle;
    }
    #review-agreement-box {
        width: 95%;
        height: 90%;
        background: $surface;
        border: round $primary;
        padding: 0 1;
        /* A table: rows are never wrapped; scroll sideways on a narrow terminal. */
        overflow-x: auto;
    }
    #review-agreement-title {
        text-style: bold;
    }
    #review-agreement-report {
        width: auto;
        text-wrap: nowrap;
    }
    AgreementScreen.-computing #review-agreement-report {
        display: none;
    }
    AgreementScreen #agreement-step, AgreementScreen #agreement-progress {
        display: none;
    }
    AgreementScreen.-computing #agreement-step, AgreementScreen.-computing #agreement-progress {
        display: block;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,q", "close", "Close", id="review-agreement.close"),
    ]

    step: reactive[str] = reactive("Starting…")
    report: reactive[str | None] = reactive(None)  # None while it is computed

    class Stepped(Message):
        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    class Computed(Message):
        def __init__(self, report: str) -> None:
            super().__init__()
            self.report = report

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, job: AgreementJob, command: Sequence[str] = CHILD_COMMAND) -> None:
        """``command``: the child that computes the report (another one only in tests)."""
        super().__init__()
        self.job = job
        self.command = command

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-agreement-box"):
            yield Label(plain("Agreement  (Esc closes)"), id="review-agreement-title")
            yield StepLabel(id="agreement-step").data_bind(AgreementScreen.step)
            yield ProgressBar(
                total=None, show_eta=False, show_percentage=False, id="agreement-progress"
            )
            yield ReportText(id="review-agreement-report").data_bind(AgreementScreen.report)

    def on_mount(self) -> None:
        self._compute()

    def watch_report(self, report: str | None) -> None:
        self.set_class(report is None, "-computing")

    @work(thread=True, exclusive=True)
    def _compute(self) -> None:
        worker = get_current_worker()

        def step(text: str) -> None:
            self.post_message(self.Stepped(text))

        try:
            report = compute_in_child(
                self.job,
                step=step,
                cancelled=lambda: worker.is_cancelled,
                command=self.command,
            )
        except AgreementFailed as failure:
            self.post_message(self.Failed(str(failure)))
            return
        if report is not None:
            self.post_message(self.Computed(report))

    @on(Stepped)
    def _stepped(self, message: Stepped) -> None:
        self.step = message.step

    @on(Computed)
    def _computed(self, message: Computed) -> None:
        self.report = message.report

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self.app.notify(
            f"No agreement figures: {message.reason}", severity="error", timeout=20, markup=False
        )
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
