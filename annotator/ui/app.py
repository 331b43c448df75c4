"""The annotator application and the ``make_app`` factory shared by the CLI and the tests."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from annotator.paths import bundled_corpus, styles_dir


class AnnotatorApp(App):
    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "annotator"

    def __init__(self, corpus: Path) -> None:
        super().__init__()
        self.corpus = corpus

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(str(self.corpus), id="corpus")
        yield Footer()


def make_app(corpus: Path | None = None) -> AnnotatorApp:
    return AnnotatorApp(corpus or bundled_corpus())
