"""The annotator application and the ``make_app`` factory shared by the CLI and the tests."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.worker import get_current_worker

from annotator.annotations.labels import LabelSet, load_labels
from annotator.annotations.model import DocRecord
from annotator.layout.layout import LayoutOptions
from annotator.problems import Problem, UserError, show_path
from annotator.session.child import ChildFailed, call_in_child
from annotator.session.learning import Learner, Learning, Trained
from annotator.session.team import WHEN_BACK, watch_team
from annotator.session.workspace import Opening, Workspace
from annotator.store.journal import Journal, check_name, journal_path
from annotator.store.paths import (
    bundled_corpus,
    default_annotations_dir,
    default_annotator,
    styles_dir,
)
from annotator.suggest.model import Model
from annotator.team.postgres.sender import Sender, SyncStatus
from annotator.team.routing import Routing
from annotator.team.store import Unreachable
from annotator.text.corpus import open_corpus
from annotator.ui.annotate.loading import LoadingScreen
from annotator.ui.annotate.palette import AnnotatorCommands
from annotator.ui.annotate.screen import AnnotateScreen
from annotator.ui.shared.article_view import ArticleView
from annotator.ui.shared.base_app import AnnotatorBaseApp
from annotator.ui.shared.bindings import label_bindings
from annotator.ui.shared.keymap import check_label_keys, load_keymap
from annotator.ui.shared.notices import notify_input_problems

# The worker groups loading the model and training it in a child process.
LOADING_MODEL = "loading-model"
TRAINING = "training"


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
        # The learned model in the loop (loaded after the first screen, trained again in the
        # background as documents are accepted), when suggestions come from one.
        self.learning: Learning | None = None
        self._trained_notice = ""
        # Hears the team's progress move on its server; the figures are read once per burst.
        self._stop_watching: Callable[[], None] | None = None
        self._team_stale = threading.Event()

    class ModelLoaded(Message):
        def __init__(self, model: Model) -> None:
            super().__init__()
            self.model = model

    class ModelTrained(Message):
        def __init__(self, trained: Trained) -> None:
            super().__init__()
            self.trained = trained

    class ModelFailed(Message):
        def __init__(self, reason: str, training: bool) -> None:
            super().__init__()
            self.reason = reason
            self.training = training

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
        if not self.screen_stack:
            return  # closing: the sender's last word comes after the screens are gone
        screen = self.screen
        if isinstance(screen, AnnotateScreen):
            screen.sync = status.line()
        for conflict in status.conflicts[self._conflicts_said :]:
            self.notify(conflict, severity="warning", timeout=12, markup=False)
        self._conflicts_said = len(status.conflicts)

    def _team_moved(self) -> None:
        """The watch's thread: someone's work moved the team's figures."""
        if self._team_stale.is_set():
            return  # a read is on its way: it will see this move too
        self._team_stale.set()
        with contextlib.suppress(RuntimeError):  # the app has closed meanwhile
            self.call_from_thread(self._read_team)

    def _read_team(self) -> None:
        self._team_stale.clear()
        if not self.screen_stack:
            return  # closing
        screen = self.screen
        if isinstance(screen, AnnotateScreen):
            screen.show_team()

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
        if self.learning is not None and workspace.suggester is not None:
            self._start_learning(workspace, self.learning)
        if self.sender is not None:
            self._start_sending(self.sender)
        if self.routing is not None:
            self._stop_watching = watch_team(self.routing.team, self._team_moved)
        notify_input_problems(self, self.problems, rest=" (printed on exit)")

    # -- the learned model --------------------------------------------------------------------

    def _start_learning(self, workspace: Workspace, learning: Learning) -> None:
        """Load the model in a worker (the first screen never waits for it), and have every
        save counted: after ``retrain_every`` accepted documents a child process trains it
        again."""
        before = workspace.on_saved

        def saved(record: DocRecord) -> None:
            if before is not None:
                before(record)
            # Closing saves too: no training is started by the app going away.
            if self.learning is learning and learning.saved(record):
                self._train(learning.job())
                self._show_learning()

        workspace.on_saved = saved
        self._load_model(learning)

    @work(thread=True, exclusive=True, group=LOADING_MODEL)
    def _load_model(self, learning: Learning) -> None:
        try:
            model = learning.load()
        except UserError as error:
            self.post_message(self.ModelFailed(str(error), training=False))
            return
        if model is not None:
            self.post_message(self.ModelLoaded(model))

    @work(thread=True, exclusive=True, group=TRAINING)
    def _train(self, job: bytes) -> None:
        worker = get_current_worker()
        try:
            done = call_in_child(job, lambda: worker.is_cancelled)
        except ChildFailed as failure:
            self.post_message(self.ModelFailed(str(failure), training=True))
            return
        if done is not None:
            self.post_message(self.ModelTrained(done[0]))

    @on(ModelLoaded)
    def _model_loaded(self, message: ModelLoaded) -> None:
        if self.learning is None or self.workspace is None:
            return
        self.learning.loaded(message.model)
        self.workspace.use_model(message.model)
        self._show_learning()
        screen = self.screen
        if isinstance(screen, AnnotateScreen):
            screen.suggestions_changed()
        if self._trained_notice:
            self.notify(self._trained_notice, markup=False)
            self._trained_notice = ""

    @on(ModelTrained)
    def _model_trained(self, message: ModelTrained) -> None:
        if self.learning is not None:
            self._trained_notice = self.learning.finished(message.trained)
            self._load_model(self.learning)

    @on(ModelFailed)
    def _model_failed(self, message: ModelFailed) -> None:
        if self.learning is None:
            return
        reason = message.reason
        if message.training:
            reason = self.learning.failed(reason)
        self._show_learning()
        self.notify(reason, severity="warning", timeout=12, markup=False)

    def _show_learning(self) -> None:
        screen = self.screen
        if self.learning is not None and isinstance(screen, AnnotateScreen):
            screen.learning = self.learning.line

    def on_loading_screen_loaded(self, message: LoadingScreen.Loaded) -> None:
        self.opened(message.workspace, message.problems)

    def on_loading_screen_failed(self, message: LoadingScreen.Failed) -> None:
        self.close_error = message.reason  # the CLI prints it
        self.exit()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()
        self.learning = None  # a training running is stopped with its worker
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
    learner: Learner | None = None,
    thresholds: Mapping[str, float] | None = None,
    faint_below: float = 0.0,
) -> AnnotatorApp:
    """Open the corpus and the annotator's journal (UserError if either cannot be used).

    With ``suggest``, a ``Suggester`` is built once for the session: the built-in rules
    (less ``no_builtin``), the ``patterns`` files, and a gazetteer of this annotator's journal
    and of ``gold.jsonl`` beside it; with a ``learner``, its model too, once loaded, trained
    again as documents are accepted. A source's suggestion under its ``thresholds`` entry is
    not offered, one under ``faint_below`` is drawn dim."""
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
    opening.thresholds = dict(thresholds or {})
    opening.faint_below = faint_below
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
    if learner is not None and suggest:
        app.learning = Learning(learner)
    app.announce_journal = out is None if announce is None else announce
    return app


def route(workspace: Workspace, routing: Routing) -> None:
    """Open the document routing gives this person first (the one they hold, else a new
    one), and report every save to the team."""
    workspace.on_saved = lambda record: routing.saved(record.id, record.status, record.seconds)
    try:
        first = routing.first()
    except Unreachable as away:
        workspace.notices.append(f"{away}; {WHEN_BACK}")
        return
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
