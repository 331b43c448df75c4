"""The review application: one review screen over a prepared ``ReviewSetup``."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from annotator.layout.layout import LayoutOptions
from annotator.session.review import ReviewSetup
from annotator.store.paths import styles_dir
from annotator.ui.review.screen import ReviewScreen
from annotator.ui.shared.notices import notify_input_problems


class ReviewApp(App):
    CSS_PATH: ClassVar[list[str]] = [
        str(styles_dir() / "app.tcss"),
        str(styles_dir() / "review.tcss"),
    ]
    TITLE = "annotator review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="review-app.quit"),
    ]

    def __init__(self, setup: ReviewSetup, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.setup = setup
        self.options = options

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.setup, self.options))
        notify_input_problems(self, self.setup.problems)
