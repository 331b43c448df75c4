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
from annotator.layout.layout import LayoutOptions
from annotator.problems import Problem, UserError, show_path
from annotator.session.workspace import Workspace
from annotator.store.journal import Journal, check_name, journal_path
from annotator.store.paths import (
    bundled_corpus,
    default_annotations_dir,
    default_annotator,
    styles_dir,
)
from annotator.suggest import Suggester, load_patterns
from annotator.suggest.builtin import RULES
from annotator.suggest.engine import rules_without
from annotator.suggest.gazetteer import gazetteer_from_journals
from annotator.team.postgres.sender import Sender, SyncStatus
from annotator.text.corpus import open_corpus
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
        workspace: Workspace,
        options: LayoutOptions | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__()
        self.workspace = workspace
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
        return [
            *self.workspace.corpus.problems,
            *self.workspace.journal.problems,
            *self.other_problems,
        ]

    def sync_with(self, sender: Sender) -> None:
        """Send each change, once on disk, to the team's server through ``sender``."""
        self.sender = sender

    def _start_sending(self, sender: Sender) -> None:
        self.workspace.on_saved = lambda _record: sender.poke()
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
        screen = AnnotateScreen.for_labels(self.workspace.labels)
        self.push_screen(screen(self.workspace, self.options))
        if self.sender is not None:
            self._start_sending(self.sender)
        notify_input_problems(self, self.problems, rest=" (printed on exit)")
        if self.announce_journal:
            where = show_path(self.workspace.journal.path)
            self.notify(
                f"annotations are saved to {where} (--annotations DIR to choose)",
                markup=False,
            )

    def on_unmount(self) -> None:
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
    journal = Journal.open(path)
    try:
        suggester, problems = (
            build_suggester(label_set, path, patterns, no_builtin) if suggest else (None, [])
        )
        workspace = Workspace(opened, journal, name, label_set, clock, suggester)
        workspace.notices += notices
    except BaseException:
        journal.close()
        raise
    app = AnnotatorApp(workspace, options, problems)
    app.set_keymap(keys)
    app.announce_journal = out is None if announce is None else announce
    return app


def build_suggester(
    labels: LabelSet, journal: Path, patterns: Sequence[Path], no_builtin: str
) -> tuple[Suggester, list[Problem]]:
    """The session's suggester and the bad journal lines met learning its gazetteer."""
    # A labels file without a rule's label turns that rule off rather than stopping the app.
    rules = [name for name in rules_without(no_builtin) if RULES[name].label in labels]
    loaded = load_patterns(list(patterns), labels)
    learned = [path for path in (journal, journal.with_name("gold.jsonl")) if path.is_file()]
    gazetteer, problems = gazetteer_from_journals(learned)
    # The annotator's own journal's bad lines are reported when it is opened.
    problems = [p for p in problems if Path(p.path) != journal]
    return Suggester(loaded, rules, gazetteer), problems


def remappable(labels: LabelSet) -> list[Binding]:
    """Every binding a keymap file may name, in the order keys reach them."""
    declared = [*AnnotatorApp.BINDINGS, *AnnotateScreen.BINDINGS, *ArticleView.BINDINGS]
    return [*(b for b in declared if isinstance(b, Binding)), *label_bindings(labels)]
