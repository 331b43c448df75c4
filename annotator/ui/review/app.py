"""The review application: one review screen over a prepared ``ReviewSetup``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import ClassVar

from textual.binding import Binding, BindingType

from annotator.annotations.labels import LabelSet
from annotator.layout.layout import LayoutOptions
from annotator.session.review import ReviewSetup
from annotator.store.paths import styles_dir
from annotator.ui.review.screen import ReviewScreen, review_label_bindings
from annotator.ui.shared.article_view import ArticleView
from annotator.ui.shared.base_app import AnnotatorBaseApp
from annotator.ui.shared.keymap import load_keymap
from annotator.ui.shared.notices import notify_input_problems


class ReviewApp(AnnotatorBaseApp):
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        str(styles_dir() / "app.tcss"),
        str(styles_dir() / "review.tcss"),
    ]
    TITLE = "annotator review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="review-app.quit"),
    ]

    def __init__(
        self,
        setup: ReviewSetup,
        options: LayoutOptions | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """``keymap``: binding id -> key(s), for any id of ``remappable``."""
        super().__init__()
        self.setup = setup
        self.options = options
        self.set_keymap(dict(keymap or {}))

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen.for_labels(self.setup.labels)(self.setup, self.options))
        notify_input_problems(self, self.setup.problems)


def make_review_app(setup: ReviewSetup, keymap: Path | None = None) -> ReviewApp:
    """The review app over ``setup``, with the keys of a ``keymap`` file (UserError naming
    the file and entry when it is wrong)."""
    keys = load_keymap(keymap, remappable(setup.labels)) if keymap is not None else {}
    return ReviewApp(setup, keymap=keys)


def remappable(labels: LabelSet) -> list[Binding]:
    """Every binding of the review app a keymap may name."""
    return [
        binding
        for binding in [
            *ReviewApp.BINDINGS,
            *ReviewScreen.BINDINGS,
            *review_label_bindings(labels),
            *ArticleView.BINDINGS,
        ]
        if isinstance(binding, Binding)
    ]
