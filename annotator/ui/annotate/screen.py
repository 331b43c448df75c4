"""The main screen: read an article, select, label, take or leave suggestions, move through
the corpus.

Every change goes through ``_change``: applied to the editing session, then appended to the
journal (flushed and fsynced) before the handler returns, so before the next key is read.
If saving fails the change is taken back and the annotator is told.

Suggestions are recomputed for the open document after every change (a few milliseconds);
the suggestion keys act on the *current suggestion*: the one under the cursor, else the
first one after the cursor in reading order.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.worker import get_current_worker

from annotator.agreement.background import AgreementJob
from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.layout.layout import LayoutOptions
from annotator.problems import UserError, first_few, printable
from annotator.session.child import CHILD_COMMAND, ChildFailed, call_in_child
from annotator.session.editing import (
    Change,
    DocumentSession,
    EditRefused,
    State,
    step_through,
)
from annotator.session.team import WHEN_BACK
from annotator.session.workspace import SuggestionJob, Workspace
from annotator.store.journal import GOLD_NAME
from annotator.suggest.engine import provenance
from annotator.team.routing import Routing
from annotator.team.store import TeamProgress, Unreachable
from annotator.text.words import step_edge
from annotator.ui.annotate.doc_header import DocFacts
from annotator.ui.annotate.layout import AnnotateLayout
from annotator.ui.annotate.legend import Legend
from annotator.ui.annotate.link_keys import LinkKeys, link_hint, link_notes
from annotator.ui.annotate.occurrences import OccurrencePreview, preview_line
from annotator.ui.annotate.span_list import STALE_COLOUR, SpanList
from annotator.ui.annotate.team_panel import TeamPanel
from annotator.ui.shared.agreement_screen import AgreementScreen
from annotator.ui.shared.article_view import (
    UNKNOWN_LABEL_COLOUR,
    ArticleView,
    SpanStyle,
)
from annotator.ui.shared.bindings import (
    bindings_of,
    declared,
    key_named,
    keys_in_force,
    label_bindings,
    with_bindings,
)
from annotator.ui.shared.guidelines import GuidelinesScreen
from annotator.ui.shared.help import HelpScreen, app_bindings
from annotator.ui.shared.prompt import PromptScreen
from annotator.ui.shared.visual import visual_line

DETAIL_CHARS = 200
# An ambiguous `g` names this many of the documents it matches.
SHOWN_CANDIDATES = 8
CANDIDATE_CELLS = 60
# The reviewer's journal: adjudicated, not one annotator's own view.
SIDE_PANEL_MIN_WIDTH = 70
# The worker group finding a long document's suggestions, and what the header says meanwhile.
SUGGESTIONS = "suggestions"
FINDING_SUGGESTIONS = "finding suggestions…"


class AnnotateScreen(LinkKeys, AnnotateLayout):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_of("annotate")]
    # Below 100 columns the header drops its progress bar (the "n / m done" count stays) so the
    # document's id and note keep the room (styles/app.tcss). Not a ClassVar: Textual
    # declares it an instance attribute.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-roomy")]  # noqa: RUF012

    # The child process that finds a long document's suggestions (another one only in tests).
    child_command: ClassVar[Sequence[str]] = CHILD_COMMAND
    show_side: reactive[bool] = reactive(True)
    team_progress: reactive[TeamProgress | None] = reactive(None)

    class SuggestionsFound(Message):
        """A child process found the candidates ``job`` asked for."""

        def __init__(self, job: SuggestionJob, candidates: list[Span]) -> None:
            super().__init__()
            self.job = job
            self.candidates = candidates

    class SuggestionsFailed(Message):
        def __init__(self, job: SuggestionJob, reason: str) -> None:
            super().__init__()
            self.job = job
            self.reason = reason

    def __init__(
        self,
        workspace: Workspace,
        options: LayoutOptions | None = None,
        routing: Routing | None = None,
    ) -> None:
        super().__init__(workspace.labels, options)
        self.workspace = workspace
        # In a team project: which documents this person gets and may open.
        self.routing = routing
        self.span_focus: Span | None = None
        self.suggested: frozenset[Span] = frozenset()
        # (focused span, session state, its partners): styling asks for every span on screen,
        # and a span's partners are a scan of every relation and span.
        self._linked: tuple[Span | None, object, frozenset[Span]] = (None, None, frozenset())
        self._span_list_queued = False
        # (document, gazetteer version) of the suggestions a child process is finding, and
        # of the last ones it failed to find (not asked for again).
        self._suggesting: tuple[str, int] | None = None
        self._failed_suggesting: tuple[str, int] | None = None
        # The state the annotator was warned about when accepting (see _accept_confirmed).
        self._asked_to_accept: State | None = None
        # Where the annotator was when the app was last closed; moves update workspace.place.
        self._resume_place = workspace.place
        # The occurrences of a span shown for the annotator to label all at once, or leave.
        self.previewed: frozenset[Span] = frozenset()

    @classmethod
    def for_labels(cls, labels: LabelSet) -> type[AnnotateScreen]:
        """This screen with a key for each of ``labels``."""
        return with_bindings(cls, label_bindings(labels))

    @property
    def session(self) -> DocumentSession:
        return self.workspace.session

    def article(self) -> ArticleView:
        return ArticleView(style_for=self.style_of, options=self.options, id="article")

    def side(self) -> list[Widget]:
        return [*self._team_panel(), *super().side(), SpanList(self.labels, id="span-list")]

    def _team_panel(self) -> list[TeamPanel]:
        routing = self.routing
        if routing is None:
            return []
        panel = TeamPanel(routing.annotator, lead=routing.lead, routed=routing.routes)
        return [panel.data_bind(progress=AnnotateScreen.team_progress)]

    def show_team(self) -> None:
        """Read the team's figures again (they moved: a save here, or the server says)."""
        if self.routing is not None:
            # Away from the server the figures stay as last read (the status line says why).
            with contextlib.suppress(Unreachable):
                self.team_progress = self.routing.team.progress()

    def watch_show_side(self, show: bool) -> None:
        self.query_one("#side").display = show

    def on_resize(self) -> None:
        # Below this width the article would be too narrow to read beside the panel.
        self.show_side = self.size.width >= SIDE_PANEL_MIN_WIDTH

    def action_toggle_side(self) -> None:
        self.show_side = not self.show_side

    def on_mount(self) -> None:
        self._open_document()
        self.view.focus()
        self.watch(self.view, "scroll_y", self._remember_place, init=False)
        # The article is laid out to its width only once the screen is: then go back to the
        # place the app was closed at.
        self.call_after_refresh(self._resume)

    def _resume(self) -> None:
        cursor, top = self._resume_place
        view = self.view
        if (cursor, top) != (0, 0):
            view.move_to(cursor)
            view.scroll_to(y=view.text_layout.row_of(top), animate=False, immediate=True)
        self._remember_place()

    def _remember_place(self) -> None:
        view = self.view
        lines = view.text_layout.lines
        top = lines[min(int(view.scroll_offset.y), len(lines) - 1)].start if lines else 0
        self.workspace.place = (view.cursor, top)

    # -- showing ---------------------------------------------------------------------------

    def style_of(self, span: Span) -> SpanStyle:
        """Accepted spans filled with their label's colour; suggestions underlined in a dim
        label colour; stale spans (their text moved when the corpus changed) struck through."""
        if span.stale:
            return SpanStyle(STALE_COLOUR, fill=False, underline=True, strike=True)
        label = self.labels.get(span.label)
        colour = label.color if label else UNKNOWN_LABEL_COLOUR
        if span in self.previewed:
            return SpanStyle(colour, fill=False, underline=True)
        if span in self.suggested:
            # A suggestion its source is unsure of loses the underline: only dim colour.
            faint = self.workspace.suggester is not None and self.workspace.suggester.faint(span)
            return SpanStyle(colour, fill=False, underline=not faint, dim=True)
        # The spans linked to the focused one are underlined: its relations on the text.
        if span in self._linked_to_focus():
            return SpanStyle(colour, underline=True)
        if span in self.link_targets:  # what a click may pick while linking
            return SpanStyle(colour, underline=True)
        return SpanStyle(colour)

    def _linked_to_focus(self) -> frozenset[Span]:
        focus, state, linked = self._linked
        if focus is not self.span_focus or state is not self.session.state:
            focus, state = self.span_focus, self.session.state
            linked = frozenset(self.session.partners(focus)) if focus is not None else frozenset()
            self._linked = (focus, state, linked)
        return linked

    def _open_document(self) -> None:
        session = self.session
        self.span_focus = None
        self.suggested = frozenset()
        self.view.set_document(session.text, session.spans)
        self._show_state()
        self.show_team()
        for notice in self.workspace.notices:
            self.notify(notice, severity="warning", timeout=12, markup=False)
        self.workspace.notices.clear()

    def _show_state(self) -> None:
        session = self.session
        if self.span_focus is not None and self.span_focus not in session.spans:
            self.span_focus = None
        done, total = self.workspace.progress()
        self.header = DocFacts(
            session.doc_id, self.workspace.index + 1, session.status, session.note, done, total
        )
        suggestions = self.workspace.suggestions()
        self.suggested = frozenset(suggestions)
        self.view.set_spans([*session.spans, *suggestions], self.span_focus)
        self._queue_span_list()
        self._show_detail()
        self._find_suggestions()

    def suggestions_changed(self) -> None:
        """A source of suggestions changed (a model loaded or trained again): show them."""
        self._show_state()

    def _find_suggestions(self) -> None:
        """Have a long document's suggestions found in a child process, unless they are up
        to date or already being found; the header says so meanwhile."""
        wanted = self.workspace.suggestions_wanted
        self.header = replace(self.header, busy=FINDING_SUGGESTIONS if wanted else "")
        if wanted is None:
            self.workers.cancel_group(self, SUGGESTIONS)
            self._suggesting = None
        elif wanted not in (self._suggesting, self._failed_suggesting):
            job = self.workspace.suggestion_job()
            if job is not None:
                self._suggesting = wanted
                self._suggest(job)

    @work(thread=True, exclusive=True, group=SUGGESTIONS, description=FINDING_SUGGESTIONS)
    def _suggest(self, job: SuggestionJob) -> None:
        worker = get_current_worker()
        try:
            found = call_in_child(job.call, lambda: worker.is_cancelled, self.child_command)
        except ChildFailed as failure:
            self.post_message(self.SuggestionsFailed(job, str(failure)))
            return
        if found is not None:
            self.post_message(self.SuggestionsFound(job, found[0]))

    @on(SuggestionsFound)
    def _suggestions_found(self, message: SuggestionsFound) -> None:
        job = message.job
        if self._suggesting == (job.doc_id, job.generation):
            self._suggesting = None
        if self.workspace.take_suggestions(job, message.candidates):
            self._show_state()

    @on(SuggestionsFailed)
    def _suggestions_failed(self, message: SuggestionsFailed) -> None:
        job = message.job
        self._failed_suggesting = self._suggesting = (job.doc_id, job.generation)
        self.header = replace(self.header, busy="")
        self.notify(
            f"No suggestions for this document: {message.reason}",
            severity="error",
            timeout=20,
            markup=False,
        )

    def _suggestions_ready(self) -> bool:
        """False, and the annotator told so, while the open document's suggestions are
        first being found: a suggestion key then does nothing, and says it."""
        if self.workspace.suggestions_found:
            return True
        self.notify(
            "The suggestions of this long document are still being found (see the header); "
            "nothing was done. They appear in a moment.",
            severity="warning",
        )
        return False

    def _queue_span_list(self) -> None:
        """Bring the span list up to date once the article's frame is out: with hundreds of
        suggestions listed it takes longer than the article, and keys queued meanwhile
        share one update."""
        if not self._span_list_queued:
            self._span_list_queued = True
            self.call_after_refresh(self._show_span_list)

    def _show_span_list(self) -> None:
        self._span_list_queued = False
        self.query_one("#span-list", SpanList).show(
            self.session.spans,
            self.span_focus,
            self.workspace.suggestions(),
            link_notes(self.session),
        )

    def _show_detail(self) -> None:
        if self.span_focus is not None:
            span = self.span_focus
            # The keys before the offsets: at 80 columns the end of the line is cut.
            hint = link_hint(self.session, span, keys_in_force(self))
            self.detail = (
                f"{printable(span.label)} {hint + ' ' if hint else ''}[{span.start}, {span.end})"
            )
            if span.stale:
                self.detail = f"STALE (text moved; fix or delete) was {self.detail}"
            self.detail_text = span.text[:DETAIL_CHARS]
            return
        selection = self.view.selection
        cursor = self.view.cursor
        suggestion = next((s for s in self.suggested if s.start <= cursor < s.end), None)
        if selection is None and suggestion is not None:
            # The keys before the offsets: at 80 columns the end of the line is cut.
            label, start, end = printable(suggestion.label), suggestion.start, suggestion.end
            keys = keys_in_force(self)
            take = key_named(keys, "annotate.accept-suggestion")
            drop = key_named(keys, "annotate.reject-suggestion")
            self.detail = (
                f"suggested {label} {take}/{drop} [{start}, {end}) {provenance(suggestion)}"
            )
            self.detail_text = suggestion.text[:DETAIL_CHARS]
        elif selection is None:
            self.detail = f"cursor {cursor}"
            if self.view.carries_marks:
                self.detail += "  LRM/RLM marks: direction from letters"
            self.detail_text = ""
        else:
            start, end = selection
            self.detail = f"selected [{start}, {end})"
            # The status line shows the first few words; a whole-article selection must not
            # be laid out on every key.
            self.detail_text = self.session.text[start : min(end, start + DETAIL_CHARS)]

    def _focus_span(self, span: Span | None) -> None:
        self.span_focus = span
        if span is not None:
            self.view.move_to(span.start)
        self.view.set_spans([*self.session.spans, *self.workspace.suggestions()], span)
        self._show_span_list()
        self._show_detail()

    # -- changing ---------------------------------------------------------------------------

    def _change(self, change: Callable[[DocumentSession], object]) -> bool:
        """Apply ``change`` and save it before returning; False if refused or not saved."""
        session = self.session
        before = session.snapshot()
        try:
            change(session)
        except EditRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return False
        try:
            self.workspace.save()
        except UserError as error:
            session.restore(before)
            self.notify(f"NOT SAVED: {error}", severity="error", timeout=30, markup=False)
            self._show_state()
            return False
        self._show_state()
        if session.status != before[0].status:
            self.show_team()  # done or not done: the team's figures moved
        return True

    def action_label(self, name: str) -> None:
        focused = self.span_focus
        if focused is not None:
            if focused.label == name:
                return
            holder: list[Span] = []
            if self._change(
                lambda s: holder.append(s.replace(focused, focused.start, focused.end, name))
            ):
                self._focus_span(holder[0])
            return
        target = self.view.target()
        if target is None:
            self.notify("Select some text first (Shift+arrows or drag).", severity="warning")
            return
        if self._change(lambda s: s.add(target[0], target[1], name)):
            self.view.clear_selection()

    # -- suggestions ------------------------------------------------------------------------

    def current_suggestion(self) -> Span | None:
        """The suggestion under the cursor, else the first one after it in reading order."""
        cursor = self.view.cursor
        return next((s for s in self.workspace.suggestions() if s.end > cursor), None)

    def _after_suggestion(self, acted: Span) -> None:
        """Put the cursor on the next suggestion from where ``acted`` was (a rejected quote
        may uncover names inside it), so the same key goes on through the document."""
        following = [s for s in self.workspace.suggestions() if s.start >= acted.start]
        if following:
            self.view.move_to(following[0].start)

    def _suggestion_to_act_on(self) -> Span | None:
        """The current suggestion; else None, the annotator told why (none there, or this
        document's suggestions are still being found)."""
        if not self._suggestions_ready():
            return None
        suggestion = self.current_suggestion()
        if suggestion is None:
            self.notify("No suggestion under or after the cursor.")
        return suggestion

    def action_accept_suggestion(self) -> None:
        suggestion = self._suggestion_to_act_on()
        if suggestion is None:
            return
        added: list[Span] = []
        if self._change(lambda s: added.extend(s.accept_suggestions([suggestion]))):
            self.workspace.learn(added)
            self._show_state()
            self._after_suggestion(suggestion)

    def action_reject_suggestion(self) -> None:
        suggestion = self._suggestion_to_act_on()
        if suggestion is None:
            return
        if self._change(lambda s: s.reject_suggestion(suggestion)):
            self._after_suggestion(suggestion)

    def action_accept_all_suggestions(self) -> None:
        if not self._suggestions_ready():
            return
        suggestions = list(self.workspace.suggestions())
        if not suggestions:
            self.notify("No suggestions in this document.")
            return
        added: list[Span] = []
        if self._change(lambda s: added.extend(s.accept_suggestions(suggestions))):
            self.workspace.learn(added)
            self._show_state()
            self.notify(f"Accepted {len(added)} suggestion(s).")

    def action_step_suggestion(self, step: int) -> None:
        if not self._suggestions_ready():
            return
        suggestions = self.workspace.suggestions()
        if not suggestions:
            self.notify("No suggestions in this document.")
            return
        cursor = self.view.cursor
        if step > 0:
            found = next((s for s in suggestions if s.start > cursor), suggestions[0])
        else:
            found = next((s for s in reversed(suggestions) if s.start < cursor), suggestions[-1])
        self.view.move_to(found.start)

    # -- every occurrence --------------------------------------------------------------------

    def action_label_occurrences(self) -> None:
        """Preview every other occurrence of the focused span's words (else the span under
        the cursor); Enter labels them all as one change, Esc leaves them."""
        span = self.span_focus or self.session.span_at(self.view.cursor)
        if span is None:
            self.notify("Focus a span first (Tab, or click it).", severity="warning")
            return
        try:
            found = self.session.occurrences(span)
        except EditRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return
        if not found:
            label = printable(span.label)
            self.notify(f"No other occurrence of these words is free to label {label}.")
            return
        self.previewed = frozenset(found)
        self.view.set_spans([*self.session.spans, *found], span)
        self.detail = preview_line(span, found)
        self.detail_text = span.text[:DETAIL_CHARS]

        def answered(accept: bool | None) -> None:
            self.previewed = frozenset()
            added: list[Span] = []
            if accept and self._change(lambda s: added.extend(s.label_all(found))):
                # The annotator's other documents get them as suggestions (the gazetteer),
                # never as edits.
                self.workspace.learn(added)
                self._show_state()
                self.notify(
                    f"Labelled {len(added)} more {printable(span.label)}; one undo takes "
                    "them all back."
                )
            else:
                self._show_state()
            self._focus_span(span if span in self.session.spans else None)

        self.app.push_screen(OccurrencePreview(span, found), answered)

    def action_delete_span(self) -> None:
        focused = self.span_focus
        if focused is None:
            self.notify("Focus a span first: Tab, or click it.", severity="warning")
            return
        if self._change(lambda s: s.remove(focused)):
            self._focus_span(None)

    def action_edge(self, edge: str, delta: int) -> None:
        focused = self.span_focus
        if focused is None:
            if not self.view.adjust_selection(edge, delta):
                self.notify("That would leave nothing selected.", severity="warning")
            return
        start, end = focused.start, focused.end
        if edge == "start":
            start = step_edge(self.session.text, start, delta)
        else:
            end = step_edge(self.session.text, end, delta)
        if (start, end) == (focused.start, focused.end):
            self.notify("That edge is already at the end of the text.", severity="warning")
            return
        holder: list[Span] = []
        if self._change(lambda s: holder.append(s.replace(focused, start, end, focused.label))):
            self._focus_span(holder[0])

    def action_undo(self) -> None:
        if not self.session.history.can_undo:
            self.notify("Nothing to undo in this document.")
            return
        self._step_history("Undone", lambda s: s.undo())

    def action_redo(self) -> None:
        if not self.session.history.can_redo:
            self.notify("Nothing to redo in this document.")
            return
        self._step_history("Redone", lambda s: s.redo())

    def _step_history(self, done: str, step: Callable[[DocumentSession], object]) -> None:
        """Undo or redo, say what changed, and put the cursor on it: the span that is back
        is focused; where a span went, the cursor stands."""
        before = self.session.state
        if not self._change(step):
            return
        change = Change.between(before, self.session.state)
        self.notify(f"{done}: {change.describe()}")
        if change.added:
            self._focus_span(change.added[0])
        elif change.removed:
            self._focus_span(None)
            self.view.move_to(change.removed[0].start)
        self.view.focus()

    def action_status(self, status: str) -> None:
        moves_on = status in ("accepted", "skipped")
        if self.session.status == status and moves_on:
            self.action_go(1)  # already so: just move on
            return
        if status == "accepted" and not self._accept_confirmed():
            return
        if self._change(lambda s: s.set_status(status)) and moves_on:
            self.action_go(1)

    def _accept_confirmed(self) -> bool:
        """Accepting a document whose suggestions are neither taken nor rejected asks once,
        saying how many are left; the accept key again (with nothing changed) accepts."""
        found = self.workspace.suggestions_found
        left = len(self.workspace.suggestions())
        state = self.session.state
        if (found and not left) or self._asked_to_accept is state:
            self._asked_to_accept = None
            return True
        self._asked_to_accept = state
        key = " / ".join(keys_in_force(self).get("annotate.accept", ["a"]))
        why = (
            f"{left} suggestion(s) here are neither taken nor rejected (y takes, d rejects, "
            "Y takes all)."
            if found
            else "The suggestions of this document are still being found."
        )
        self.notify(
            f"{why} Press {key} again to accept the document as it is.",
            title="Not accepted yet",
            severity="warning",
            timeout=12,
        )
        return False

    def action_flag(self) -> None:
        def flagged(note: str | None) -> None:
            if note is not None:
                self._change(lambda s: s.set_status("flagged", note.strip()))

        self.app.push_screen(
            PromptScreen("Flag this document: why?", printable(self.session.note)), flagged
        )

    # -- selection and spans ----------------------------------------------------------------

    def action_clear(self) -> None:
        self.view.clear_selection()
        self._focus_span(None)

    def action_toggle_words(self) -> None:
        self.word_mode = not self.word_mode

    def action_step_span(self, step: int) -> None:
        spans = self.session.spans
        if not spans:
            self.notify("No spans in this document yet.")
            return
        self._focus_span(step_through(spans, self.span_focus, self.view.cursor, step))

    def on_article_view_moved(self, event: ArticleView.Moved) -> None:
        self._remember_place()
        focused = self.span_focus
        if focused is not None and (
            event.selection is not None or not focused.start <= event.cursor < focused.end
        ):
            self._focus_span(None)
        else:
            self._show_detail()

    def on_article_view_clicked(self, event: ArticleView.Clicked) -> None:
        span = self.session.span_at(event.offset)
        self._focus_span(span)
        if span is not None:
            self.view.move_to(event.offset)

    def on_span_list_picked(self, event: SpanList.Picked) -> None:
        if event.suggested:
            self._focus_span(None)
            self.view.move_to(event.span.start)
        else:
            self._focus_span(event.span)
        self.view.focus()

    def on_legend_picked(self, event: Legend.Picked) -> None:
        self.action_label(event.name)
        self.view.focus()

    # -- documents --------------------------------------------------------------------------

    def _go_to(self, index: int) -> None:
        if index == self.workspace.index:
            return
        routing, leaving = self.routing, self.session.doc_id
        if routing is not None and not routing.may_open(self.workspace.ids[index]):
            self.notify(
                "That document is not routed to you: n gives you the next one for you "
                "(a lead goes anywhere).",
                severity="warning",
            )
            return
        try:
            self.workspace.go(index)
        except UserError as error:
            self.notify(str(error), severity="error", timeout=20, markup=False)
            return
        if routing is not None:
            routing.leave(leaving)
        self._open_document()

    def action_go(self, step: int) -> None:
        routing = self.routing
        if routing is not None and routing.routes and step > 0:
            self._next_routed()
            return
        if routing is not None and not routing.lead:
            self._step_routed(step)
            return
        index = self.workspace.index + step
        if not 0 <= index < len(self.workspace.ids):
            self.notify("This is the last document." if step > 0 else "This is the first document.")
            return
        self._go_to(index)

    def _next_routed(self) -> None:
        """``n`` in a project: the next document handed out for this annotator."""
        assert self.routing is not None
        try:
            doc = self.routing.next()
        except Unreachable as away:
            self.notify(f"{away}; {WHEN_BACK}", severity="warning", timeout=12, markup=False)
            return
        if doc is None:
            self.notify(
                "Nothing left for you: every document is done by enough annotators, held "
                "by others, or already yours (p and g reach those).",
            )
            return
        self._go_to(self.workspace.corpus.index_of(doc))

    def _step_routed(self, step: int) -> None:
        """``p`` in a project: the nearest document before (or after) this one that was
        routed to this annotator."""
        assert self.routing is not None
        ids = self.workspace.ids
        index = self.workspace.index + step
        while 0 <= index < len(ids) and not self.routing.may_open(ids[index]):
            index += step
        if not 0 <= index < len(ids):
            self.notify("No document of yours before this one." if step < 0 else "No more.")
            return
        self._go_to(index)

    def action_next_not_done(self) -> None:
        index = self.workspace.next_not_done()
        if index is None:
            self.notify("Every document is done.")
            return
        self._go_to(index)

    def action_goto(self) -> None:
        def chosen(query: str | None) -> None:
            if not query:
                return
            found = self.workspace.candidates(query)
            if len(found) == 1:
                self._go_to(found[0])
                return
            if not found:
                shown = visual_line(printable(query), CANDIDATE_CELLS)
                self.notify(f"No document matches {shown}.", severity="warning")
                return
            ids = self.workspace.ids
            # A notice is drawn as it is stored: ids are laid out here, Arabic as it reads.
            named = first_few(
                found,
                SHOWN_CANDIDATES,
                lambda n: f"{n + 1}: {visual_line(printable(ids[n]), CANDIDATE_CELLS)}",
            )
            self.notify(
                "\n".join(named),
                title=f"{len(found)} documents match: g, then more of the id or a number",
                severity="warning",
                timeout=15,
            )

        self.app.push_screen(PromptScreen("Go to document (id, part of an id, or number):"), chosen)

    def go_to_document(self, doc_id: str) -> None:
        self._go_to(list(self.workspace.ids).index(doc_id))

    # -- help -------------------------------------------------------------------------------

    def help_sections(self) -> list[tuple[str, list[Binding]]]:
        return [
            ("Labels", label_bindings(self.labels)),
            ("Moving and selecting", declared(ArticleView)),
            ("Spans, documents, status", declared(AnnotateScreen)),
            ("App", app_bindings(self.app)),
        ]

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))

    def action_agreement(self) -> None:
        """The agreement figures of every annotator's journal in this journal's folder."""
        folder = self.workspace.journal.path.parent
        names = sorted(
            path.stem
            for path in folder.glob("*.jsonl")
            if path.stem != GOLD_NAME and path.is_file()
        )
        if len(names) < 2:
            found = ", ".join(names) or "none"
            self.notify(
                f"Agreement needs the journals of at least two annotators in {folder} "
                f"(found: {found}).",
                severity="warning",
                timeout=12,
                markup=False,
            )
            return
        job = AgreementJob(self.workspace.corpus.path, folder, tuple(names))
        self.app.push_screen(AgreementScreen(job))

    def action_guidelines(self) -> None:
        self.app.push_screen(GuidelinesScreen(self.labels))
