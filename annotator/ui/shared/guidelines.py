"""The label guidelines: each label's key, colour and description.

Descriptions hold Arabic examples, so they are shown through the same ArticleView as the
articles (shaped, bidi-ordered), with each label's name highlighted in its colour.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.problems import printable
from annotator.ui.shared.article_view import ArticleView, SpanStyle
from annotator.ui.shared.visual import plain


def guidelines_text(labels: LabelSet) -> tuple[str, list[Span]]:
    parts: list[str] = []
    spans: list[Span] = []
    at = 0
    for label in labels:
        head = f"{label.key}  "
        start = at + len(head)
        description = printable(label.description) or "(no description)"
        parts.append(f"{head}{label.name}\n{description}\n")
        spans.append(Span(start, start + len(label.name), label.name, label.name))
        at += len(parts[-1])
    return "".join(parts).rstrip("\n"), spans


class GuidelinesScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,i,q", "close", "Close guidelines", id="guidelines.close")
    ]

    def __init__(self, labels: LabelSet) -> None:
        super().__init__()
        self.labels = labels

    def compose(self) -> ComposeResult:
        text, spans = guidelines_text(self.labels)
        styles = {label.name: SpanStyle(label.color) for label in self.labels}
        with Vertical(id="guidelines-box"):
            yield Label(plain("Label guidelines  (Esc closes)"), id="guidelines-title")
            yield ArticleView(text, styles=styles, spans=spans, show_cursor=False)

    def action_close(self) -> None:
        self.dismiss(None)
