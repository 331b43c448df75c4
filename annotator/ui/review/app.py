"""The review application: one review screen over a ``ReviewSetup``, or over a
``ReviewOpening`` read behind the loading screen first (large journals, or a team's server).

On a team's server, each gold record once on disk is sent by a ``Sender`` (the command's),
and the screen hears the team's work arrive (LISTEN/NOTIFY, ``ProgressWatch``): what
arrived is read from the watch's thread, never the app's, and the screen takes it."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from pathlib import Path, PurePath
from typing import ClassVar

import psycopg
from textual.binding import Binding, BindingType

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import DocRecord
from annotator.layout.layout import LayoutOptions
from annotator.problems import UserError
from annotator.session.review import ReviewOpening, ReviewSetup
from annotator.store.paths import styles_dir
from annotator.team.postgres.live import ProgressWatch
from annotator.team.postgres.reviewing import Arrived
from annotator.team.postgres.sender import Sender, SyncStatus
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
        self.sender: Sender | None = None
        self._sync_line = ""
        self._stop_watching: Callable[[], None] | None = None

    def sync_with(self, sender: Sender) -> None:
        """Poke ``sender`` with each gold record once it is on disk (it sends from a thread
        of its own), and say when gold cannot reach the server."""
        self.sender = sender
        sender.on_status = self._heard

    def on_mount(self) -> None:
        if self.setup is not None:
            self.opened(self.setup)
        elif self.opening is not None:
            loading = ReviewLoadingScreen.for_labels(self.opening.labels)
            self.push_screen(loading(self.opening, self.options))

    def opened(self, setup: ReviewSetup) -> None:
        self.setup = setup
        if self.sender is not None:
            self._send_gold(setup, self.sender)
        if setup.server is not None:
            watch = ProgressWatch(setup.server.url, lambda _doc: self._team_moved())
            watch.start()
            self._stop_watching = watch.stop
        screen = ReviewScreen.for_labels(setup.labels)(setup, self.options)
        if isinstance(self.screen, ReviewLoadingScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        notify_input_problems(self, setup.problems)
        for notice in setup.notices:
            self.notify(notice, timeout=12, markup=False)

    def on_review_loading_screen_loaded(self, message: ReviewLoadingScreen.Loaded) -> None:
        self.opened(message.setup)

    def on_review_loading_screen_failed(self, message: ReviewLoadingScreen.Failed) -> None:
        self.close_error = message.reason
        self.exit()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()

    # -- a team's server --------------------------------------------------------------------

    def _send_gold(self, setup: ReviewSetup, sender: Sender) -> None:
        before = setup.on_saved

        def saved(record: DocRecord) -> None:
            if before is not None:
                before(record)
            sender.poke()

        setup.on_saved = saved

    def _heard(self, status: SyncStatus) -> None:
        """The sender's thread: gold's way to the server changed."""
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            self.call_from_thread(self._show_sync, status)

    def _show_sync(self, status: SyncStatus) -> None:
        line = status.line()
        away = (not status.online and status.waiting > 0) or bool(status.refused)
        if away and line != self._sync_line:
            self.notify(f"gold {line}", severity="warning", timeout=8, markup=False)
        elif not away and self._sync_line and not self._sync_line.startswith("sending"):
            self.notify("the server is back: gold is sent", timeout=4)
        self._sync_line = line if away else ""

    def _team_moved(self) -> None:
        """The watch's thread: someone's work moved the team's figures; read what arrived
        here (the watch hears the next move once the screen has taken this one)."""
        setup = self.setup
        if setup is None or setup.server is None:
            return
        try:
            arrived = setup.server.arrived(setup.annotators, setup.seen)
        except (UserError, psycopg.Error, OSError):
            return  # the watch says the server is away, and calls again once back
        if arrived.records or arrived.queue != setup.queue:
            with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
                self.call_from_thread(self.take_arrived, arrived)

    def take_arrived(self, arrived: Arrived) -> None:
        """The team's work that reached the server, taken by the review screen (the UI
        thread's: the watch's thread reads it, then hands it here)."""
        # The review screen takes it even under help or the agreement figures (else what
        # arrived would wait for the next notification).
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                notify_input_problems(self, screen.take_arrived(arrived))


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
