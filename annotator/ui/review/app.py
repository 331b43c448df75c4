"""The review application: one review screen over a ``ReviewSetup``, or over a
``ReviewOpening`` read behind the loading screen first (large journals)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import ClassVar

from textual.binding import Binding, BindingType

from annotator.annotations.labels import LabelSet
from annotator.layout.layout import LayoutOptions
from annotator.session.review import ReviewOpening, ReviewSetup
from annotator.store.paths import styles_dir
from annotator.ui.review.loading import ReviewLoadingScreen
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
        setup: ReviewSetup | ReviewOpening,
        options: LayoutOptions | None = None,
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        """``setup``: the review, read; or its ``ReviewOpening``, read by the app while the
        loading screen shows. ``keymap``: binding id -> key(s), for any id of
        ``remappable``."""
        super().__init__()
        self.setup: ReviewSetup | None = None
        self.opening: ReviewOpening | None = None
        if isinstance(setup, ReviewSetup):
            self.setup = setup
        else:
            self.opening = setup
        self.options = options
        # Why the review could not open, once the app has closed (the CLI prints it).
        self.close_error = ""
        self.set_keymap(dict(keymap or {}))

    def on_mount(self) -> None:
        if self.setup is not None:
            self.opened(self.setup)
        elif self.opening is not None:
            loading = ReviewLoadingScreen.for_labels(self.opening.labels)
            self.push_screen(loading(self.opening, self.options))

    def opened(self, setup: ReviewSetup) -> None:
        self.setup = setup
        screen = ReviewScreen.for_labels(setup.labels)(setup, self.options)
        if isinstance(self.screen, ReviewLoadingScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        notify_input_problems(self, setup.problems)

    def on_review_loading_screen_loaded(self, message: ReviewLoadingScreen.Loaded) -> None:
        self.opened(message.setup)

    def on_review_loading_screen_failed(self, message: ReviewLoadingScreen.Failed) -> None:
        self.close_error = message.reason
        self.exit()


def make_review_app(opening: ReviewOpening | ReviewSetup, keymap: Path | None = None) -> ReviewApp:
    """The review app over ``opening`` (read now if it is small, else behind the loading
    screen; or a review already read), with the keys of a ``keymap`` file (UserError naming
    the file and entry when it is wrong)."""
    keys = load_keymap(keymap, remappable(opening.labels)) if keymap is not None else {}
    if isinstance(opening, ReviewOpening) and opening.reads_at_once:
        return ReviewApp(opening.finish() or opening, keymap=keys)
    return ReviewApp(opening, keymap=keys)


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
