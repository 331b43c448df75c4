"""What the annotate screen and the loading screen before it share: the layout (the header,
the article over its status line, the side panel) and the reactive attributes its panels are
bound to, so the screen that shows while a large journal is read looks like the one after."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget

from annotator.annotations.labels import LabelSet
from annotator.layout.layout import LayoutOptions
from annotator.ui.annotate.doc_header import DocFacts, DocHeader
from annotator.ui.annotate.legend import Legend
from annotator.ui.shared.article_view import ArticleView, reading_layout
from annotator.ui.shared.status_line import StatusLine
from annotator.ui.shared.steady_footer import SteadyFooter


class AnnotateLayout(Screen[None]):
    # Vars, not reactives: the screen draws none of them itself, the widgets bound to them
    # repaint themselves; a reactive here would repaint the whole screen on every key.
    header: var[DocFacts] = var(DocFacts)
    word_mode: var[bool] = var(True)
    detail: var[str] = var("")
    detail_text: var[str] = var("")
    # "offline: N changes waiting" while a team server cannot be reached.
    sync: var[str] = var("")
    # The learned model in use, or being trained ("model crf v3", "training crf…").
    learning: var[str] = var("")

    def __init__(self, labels: LabelSet, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.labels = labels
        self.options = options or LayoutOptions()

    @property
    def view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    def article(self) -> ArticleView:
        """The article view (a screen that styles spans gives its own)."""
        return ArticleView(options=self.options, id="article")

    def side(self) -> list[Widget]:
        """The side panel's widgets, under one another."""
        return [Legend(self.labels, id="legend")]

    def compose(self) -> ComposeResult:
        yield from reading_layout(
            "",
            DocHeader(id="doc-header").data_bind(facts=AnnotateLayout.header),
            self.article().data_bind(snap_words=AnnotateLayout.word_mode),
            StatusLine(id="status-line").data_bind(
                AnnotateLayout.word_mode,
                AnnotateLayout.detail,
                AnnotateLayout.detail_text,
                AnnotateLayout.sync,
                AnnotateLayout.learning,
            ),
            self.side(),
        )
        yield SteadyFooter(compact=True)
