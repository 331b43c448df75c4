"""The annotator application and the ``make_app`` factory shared by the CLI and the tests."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from annotator.annotations.labels import LabelSet, load_labels
from annotator.annotations.model import DocRecord
from annotator.layout.layout import LayoutOptions
from annotator.problems import Problem, UserError, show_path
from annotator.session.workspace import Opening, Workspace
from annotator.store.journal import Journal, check_name, journal_path
from annotator.store.paths import (
    bundled_corpus,
    default_annotations_dir,
    default_annotator,
    styles_dir,
)
from annotator.team.postgres.sender import Sender, SyncStatus
from annotator.team.routing import Routing
from annotator.text.corpus import open_corpus
from annotator.ui.annotate.loading import LoadingScreen
from annotator.ui.annotate.palette import AnnotatorCommands
from annotator.ui.annotate.screen import AnnotateScreen
from annotator.ui.shared.article_view import ArticleView
from annotator.ui.shared.base_app import AnnotatorBaseApp
from annotator.ui.shared.bindings import label_bindings
from annotator.ui.shared.keymap import check_label_keys, load_keymap
from annotator.ui.shared.notices import notify_input_problems


class AnnotatorApp(AnnotatorBaseApp):
    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "annotator"
    COMMANDS = App.COMMANDS | {AnnotatorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        # Declared here, not left to Textual, so a keymap file can move it too.
        Binding(
            App.COMMAND_PALETTE_BINDING,
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Command palette: labels, navigation, every document",
            id="app.command-palette",
        ),
    ]

    def __init__(
        self,
        workspace: Workspace | Opening,
        options: LayoutOptions | None = None,
        problems: Sequence[Problem] = (),
        routing: Routing | None = None,
    ) -> None:
        """``workspace``: the corpus and journal, read; or their ``Opening``, the journal to
        be read by the app while it shows the first document (``LoadingScreen``)."""
        super().__init__()
        self.workspace: Workspace | None = None
        self.opening: Opening | None = None
        if isinstance(workspace, Workspace):
            self.workspace = workspace
        else:
            self.opening = workspace
        self.routing = routing
        self.options = options or LayoutOptions()
        self.close_error = ""
        self.other_problems = list(problems)
        self.announce_journal = False  # say where annotations go when the caller did not choose
        # Sends every saved change on to the team's server (PostgreSQL), if there is one.
        self.sender: Sender | None = None
        # What the server had not received when the app closed (the CLI prints it).
        self.unsent = ""
        self._conflicts_said = 0

    @property
    def problems(self) -> list[Problem]:
        if self.workspace is None:
            return [*self.other_problems]
        return [
            *self.workspace.corpus.problems,
            *self.workspace.journal.problems,
            *self.other_problems,
        ]

    def sync_with(self, sender: Sender) -> None:
        """Send each change, once on disk, to the team's server through ``sender``."""
        self.sender = sender

    def _start_sending(self, sender: Sender) -> None:
        assert self.workspace is not None
        routed = self.workspace.on_saved  # routing hears each save too

        def saved(record: DocRecord) -> None:
            if routed is not None:
                routed(record)
            sender.poke()

        self.workspace.on_saved = saved
        sender.on_status = self._heard
        sender.start()

    def _heard(self, status: SyncStatus) -> None:
        """The sender's thread: a new state of the changes on their way to the server."""
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            self.call_from_thread(self._show_sync, status)

    def _show_sync(self, status: SyncStatus) -> None:
        screen = self.screen
        if isinstance(screen, AnnotateScreen):
            screen.sync = status.line()
        for conflict in status.conflicts[self._conflicts_said :]:
            self.notify(conflict, severity="warning", timeout=12, markup=False)
        self._conflicts_said = len(status.conflicts)

    def on_mount(self) -> None:
        if self.workspace is not None:
            self.opened(self.workspace)
        elif self.opening is not None:
            self.push_screen(
                LoadingScreen.for_labels(self.opening.labels)(self.opening, self.options)
            )
        if self.announce_journal:
            journal = self.workspace.journal.path if self.workspace else self.opening_path
            self.notify(
                f"annotations are saved to {show_path(journal)} (--annotations DIR to choose)",
                markup=False,
            )

    @property
    def opening_path(self) -> Path:
        assert self.opening is not None
        return self.opening.held.path

    def opened(self, workspace: Workspace, problems: Sequence[Problem] = ()) -> None:
        """Annotate ``workspace`` (read now, if the loading screen shows meanwhile)."""
        self.workspace = workspace
        self.other_problems += problems
        if self.routing is not None:
            route(workspace, self.routing)
        screen = AnnotateScreen.for_labels(workspace.labels)(workspace, self.options, self.routing)
        if isinstance(self.screen, LoadingScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        if self.sender is not None:
            self._start_sending(self.sender)
        notify_input_problems(self, self.problems, rest=" (printed on exit)")

    def on_loading_screen_loaded(self, message: LoadingScreen.Loaded) -> None:
        self.opened(message.workspace, message.problems)

    def on_loading_screen_failed(self, message: LoadingScreen.Failed) -> None:
        self.close_error = message.reason  # the CLI prints it
        self.exit()

    def on_unmount(self) -> None:
        if self.workspace is None:
            if self.opening is not None:
                self.opening.held.release()
            if self.routing is not None:
                self.routing.close()
            return
        try:
            self.workspace.close()
        except UserError as error:
            # Only the time spent since the last change is lost; the CLI prints this.
            self.close_error = str(error)
        finally:
            self.workspace.journal.close()
            if self.sender is not None:
                left = self.sender.stop(timeout=3)
                if left.waiting:
                    self.unsent = (
                        f"{left.line()}; they are safe in {show_path(self.workspace.journal.path)}"
                        ": annotator sync sends them"
                    )
            if self.routing is not None:
                # Quitting gives an untouched document back at once.
                self.routing.leave(self.workspace.session.doc_id)
                self.routing.close()


def make_app(
    corpus: Path | None = None,
    *,
    annotator: str | None = None,
    labels: Path | LabelSet | None = None,
    out: Path | None = None,
    options: LayoutOptions | None = None,
    keymap: Path | None = None,
    clock: Callable[[], float] = time.monotonic,
    suggest: bool = True,
    patterns: Sequence[Path] = (),
    no_builtin: str = "",
    notices: Sequence[str] = (),
    announce: bool | None = None,
    routing: Routing | None = None,
) -> AnnotatorApp:
    """Open the corpus and the annotator's journal (UserError if either cannot be used).

    With ``suggest``, a ``Suggester`` is built once for the session: the built-in rules
    (less ``no_builtin``), the ``patterns`` files, and a gazetteer of this annotator's journal
    and of ``gold.jsonl`` beside it."""
    corpus_path = Path(corpus) if corpus is not None else bundled_corpus()
    label_set = labels if isinstance(labels, LabelSet) else load_labels(labels)
    bindings = remappable(label_set)
    keys = load_keymap(keymap, bindings) if keymap is not None else {}
    check_label_keys(bindings, keys, None if isinstance(labels, LabelSet) else labels)
    opened = open_corpus(corpus_path)
    name = check_name(annotator or default_annotator(), "--annotator")
    path = journal_path(out or default_annotations_dir(corpus_path), name)
    held = Journal.take(path)
    opening = Opening(opened, held, name, label_set, clock, suggest, patterns, no_builtin)
    opening.notices += notices
    if opening.reads_at_once:
        try:
            workspace, problems = opening.finish()
        except BaseException:
            opening.held.release()
            raise
        app = AnnotatorApp(workspace, options, problems, routing)
    else:
        app = AnnotatorApp(opening, options, routing=routing)
    app.set_keymap(keys)
    app.announce_journal = out is None if announce is None else announce
    return app


def route(workspace: Workspace, routing: Routing) -> None:
    """Open the document routing gives this person first (the one they hold, else a new
    one), and report every save to the team."""
    workspace.on_saved = lambda record: routing.saved(record.id, record.status, record.seconds)
    first = routing.first()
    if first is not None and first in workspace.corpus:
        workspace.go(workspace.corpus.index_of(first))
    elif not routing.may_open(workspace.session.doc_id):
        workspace.notices.append(
            "Nothing is left for you to annotate: every document is done by enough "
            "annotators or held by others."
        )


def remappable(labels: LabelSet) -> list[Binding]:
    """Every binding a keymap file may name, in the order keys reach them."""
    declared = [*AnnotatorApp.BINDINGS, *AnnotateScreen.BINDINGS, *ArticleView.BINDINGS]
    return [*(b for b in declared if isinstance(b, Binding)), *label_bindings(labels)]
