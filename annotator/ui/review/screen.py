"""The review screen: every annotator's spans on one article, coloured by agreement state,
settled one key at a time into gold.

Every decision goes through ``_decide``: the review session applies it to the document's
review and appends it to gold.jsonl (flushed and fsynced) before the handler returns. If saving
fails the decision is taken back and the reviewer is told.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label

from annotator.annotations.model import Span
from annotator.layout.layout import LayoutOptions
from annotator.problems import UserError
from annotator.session.editing import EditRefused, step_through
from annotator.session.review import (
    ACCEPTED,
    REJECTED,
    Candidate,
    DocReview,
    ReviewSetup,
    next_with_conflicts,
)
from annotator.store.journal import GOLD_NAME
from annotator.ui.review.widgets import (
    REJECTED_STYLE,
    STATE_COLOURS,
    STATE_NAMES,
    CandidateList,
    DocumentList,
    StateLegend,
)
from annotator.ui.shared.agreement_screen import AgreementScreen
from annotator.ui.shared.article_view import UNKNOWN_LABEL_COLOUR, ArticleView, SpanStyle
from annotator.ui.shared.bindings import bindings_for
from annotator.ui.shared.help import HelpScreen, app_bindings
from annotator.ui.shared.visual import Doc, OneLine, plain

ALL = "all"
# The status line shows the first words; a long selection is not laid out on every key.
DETAIL_CHARS = 200


_key = bindings_for("review")
T = TypeVar("T")


class ReviewScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        _key("help", "question_mark", "help", "Help: every key", "Help"),
        _key("next", "tab", "step(1)", "Next candidate"),
        _key("previous", "shift+tab", "step(-1)", "Previous candidate"),
        _key("accept", "a", "accept", "Accept the candidate into gold", "Accept"),
        _key("reject", "x,delete", "reject", "Reject the candidate", "Reject"),
        _key("undecide", "u", "undecide", "Undecide the candidate"),
        _key("agreed", "A", "accept_agreed", "Accept all agreed spans here", "All agreed"),
        _key("edit", "e", "edit", "Select the candidate to adjust its edges"),
        _key("grow-start", "left_square_bracket", "edge('start', -1)", "Start edge one earlier"),
        _key("shrink-start", "right_square_bracket", "edge('start', 1)", "Start edge one later"),
        _key("shrink-end", "left_curly_bracket", "edge('end', -1)", "End edge one earlier"),
        _key("grow-end", "right_curly_bracket", "edge('end', 1)", "End edge one later"),
        _key("word-mode", "w", "toggle_words", "Snap to words / characters"),
        _key("clear", "escape", "clear", "Clear the selection"),
        _key("undo", "ctrl+z", "undo", "Undo the last decision here", "Undo"),
        _key("redo", "ctrl+y", "redo", "Redo the decision undone here"),
        _key("view", "v", "switch_view(1)", "Next view: all, gold, each annotator", "View"),
        _key("view-back", "V", "switch_view(-1)", "Previous view"),
        _key("next-doc", "n", "go(1)", "Next document"),
        _key("previous-doc", "p", "go(-1)", "Previous document"),
        _key("next-conflict", "c", "conflicts(1)", "Next document with conflicts", "Next conflict"),
        _key("previous-conflict", "C", "conflicts(-1)", "Previous document with conflicts"),
        _key("agreement", "s", "agreement", "Agreement figures", "Agreement"),
    ]

    def __init__(self, setup: ReviewSetup, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.setup = setup
        self.options = options or LayoutOptions()
        self.index = 0
        self.view_index = 0
        self.current: Candidate | None = None
        self.word_mode = True
        label_bindings = [
            Binding(
                label.key,
                f"label('{label.name}')",
                f"Label {label.name}",
                show=False,
                tooltip=f"{label.name}: relabel the candidate, or add the selection to gold",
                id=f"label.{label.name}",
            )
            for label in setup.labels
        ]
        for binding in Binding.make_bindings(label_bindings):
            self._bindings._add_binding(binding)
        self.label_bindings = label_bindings

    # -- state ------------------------------------------------------------------------------

    @property
    def review(self) -> DocReview:
        return self.setup.reviews[self.index]

    @property
    def views(self) -> list[str]:
        return [ALL, GOLD_NAME, *self.setup.annotators]

    @property
    def view_name(self) -> str:
        return self.views[self.view_index]

    @property
    def article(self) -> ArticleView:
        return self.query_one("#review-article", ArticleView)

    @property
    def documents(self) -> DocumentList:
        return self.query_one("#review-docs", DocumentList)

    def visible(self) -> list[Candidate]:
        """The candidates the current view shows."""
        review, view = self.review, self.view_name
        if view == ALL:
            return list(review.candidates)
        if view == GOLD_NAME:
            return [c for c in review.candidates if review.decision(c.key()) == ACCEPTED]
        return [c for c in review.candidates if view in c.annotators]

    def display_span(self, candidate: Candidate) -> Span:
        """The candidate as the article shows it: its own offsets, label and text."""
        return Span(candidate.start, candidate.end, candidate.label, candidate.text)

    def style_of(self, span: Span) -> SpanStyle:
        """By state in the all view (grey once rejected), by label in the gold and
        per-annotator views."""
        if self.view_name == ALL:
            decided = self.review.decision(span.key())
            state = (
                REJECTED_STYLE if decided == REJECTED else self.review.candidate(span.key()).state
            )
            return SpanStyle(STATE_COLOURS[state])
        label = self.setup.labels.get(span.label)
        return SpanStyle(label.color if label else UNKNOWN_LABEL_COLOUR)

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield OneLine(id="review-header")
        with Horizontal(id="review-main"):
            with Vertical(id="review-reading"):
                yield ArticleView(
                    style_for=self.style_of, options=self.options, id="review-article"
                )
                yield OneLine(id="review-status")
            with Vertical(id="review-side"):
                yield Label(plain("Documents (conflicts left)"), classes="review-title")
                yield DocumentList(id="review-docs")
                yield StateLegend(id="review-legend")
                yield Label(plain("Candidates"), classes="review-title")
                yield CandidateList(id="review-candidates")
        yield Footer()

    def on_mount(self) -> None:
        for panel in ("#review-docs", "#review-candidates"):
            self.query_one(panel).can_focus = False
        self.documents.load(self.setup.reviews)
        self.open_document(0)
        self.article.focus()

    def open_document(self, index: int) -> None:
        self.index = index
        self.current = None
        self.article.set_document(self.review.text, [])
        self.show()

    def show(self) -> None:
        """Bring every panel up to date with the review."""
        visible = self.visible()
        if self.current is not None and self.current not in visible:
            self.current = None
        spans = [self.display_span(c) for c in visible]
        focused = self.display_span(self.current) if self.current is not None else None
        self.article.set_spans(spans, focused)
        self.query_one("#review-candidates", CandidateList).show(self.review, visible, self.current)
        self.documents.update(self.index, self.review)
        self._show_header()
        self._show_status()

    def _show_header(self) -> None:
        reviews = self.setup.reviews
        left_here = self.review.remaining_conflicts()
        left_all = sum(self.documents.left)
        view = self.view_name
        shown_view = {ALL: "all", GOLD_NAME: "gold so far"}.get(view, view)
        doc_id, reviewer = Doc(self.review.doc_id), Doc(self.setup.reviewer)
        number = f"{self.index + 1}/{len(reviews)}"
        here = (f"{left_here}", "bold" if left_here else "")
        # Fullest first; narrower terminals get shorter wording, never lose the reviewer.
        self.query_one("#review-header", OneLine).show_layouts(
            [
                (
                    ("Review ", "bold"),
                    doc_id,
                    f"  {number}  ·  view: ",
                    Doc(shown_view, "bold"),
                    "  ·  ",
                    here,
                    f" conflict(s) here, {left_all} in all  ·  reviewer: ",
                    reviewer,
                ),
                (
                    doc_id,
                    f"  {number} · view: ",
                    Doc(shown_view, "bold"),
                    " · ",
                    here,
                    f" here, {left_all} in all · reviewer: ",
                    reviewer,
                ),
                (
                    doc_id,
                    f" {number} · ",
                    Doc(shown_view, "bold"),
                    " · ",
                    here,
                    f"/{left_all} · ",
                    reviewer,
                ),
            ]
        )

    def _show_status(self) -> None:
        status = self.query_one("#review-status", OneLine)
        candidate = self.current
        selection = self.article.selection
        if candidate is None:
            if selection is not None:
                start, end = selection
                status.show(
                    f"selected [{start}, {end}) ",
                    Doc(self.review.text[start : min(end, start + DETAIL_CHARS)]),
                    " · a label key adds it to gold",
                )
            else:
                status.show("Tab: next candidate · A: accept all agreed · ?: help")
            return
        decision = self.review.decision(candidate.key())
        names = ", ".join(candidate.annotators) or "the reviewer"
        state = (
            f" {STATE_NAMES[candidate.state]} ",
            f"#1b1b1b on {STATE_COLOURS[candidate.state]}",
        )
        text = Doc(candidate.text[:DETAIL_CHARS])
        # Fullest first; a narrow terminal drops the offsets, then the names, never the text.
        status.show_layouts(
            [
                (
                    state,
                    f" {candidate.label} [{candidate.start}, {candidate.end}) ",
                    text,
                    " · ",
                    Doc(names),
                    f" · {decision}",
                ),
                (state, f" {candidate.label} ", text, " · ", Doc(names), f" · {decision}"),
                (state, f" {candidate.label} ", text, f" · {decision}"),
            ]
        )

    # -- candidates -------------------------------------------------------------------------

    def focus_candidate(self, candidate: Candidate | None) -> None:
        self.current = candidate
        if candidate is not None:
            self.article.move_to(candidate.start)
        self.show()

    def action_step(self, step: int) -> None:
        visible = self.visible()
        if not visible:
            self.notify("No candidates in this view.")
            return
        self.focus_candidate(step_through(visible, self.current, self.article.cursor, step))

    def on_article_view_moved(self, event: ArticleView.Moved) -> None:
        cursor = event.cursor
        current = self.current
        if current is None or not current.start <= cursor < current.end:
            covering = [c for c in self.visible() if c.start <= cursor < c.end]
            current = min(covering, key=lambda c: (c.end - c.start, c.key()), default=None)
        if current is not self.current:
            self.current = current
            self.show()
        else:
            self._show_status()

    def on_candidate_list_picked(self, event: CandidateList.Picked) -> None:
        self.focus_candidate(event.candidate)
        self.article.focus()

    def on_document_list_picked(self, event: DocumentList.Picked) -> None:
        self.open_document(event.index)
        self.article.focus()

    # -- decisions --------------------------------------------------------------------------

    def _decide(self, decision: Callable[[DocReview], T]) -> T | None:
        """Apply ``decision`` to this document's review and save gold before returning; None
        if it was refused or could not be saved (then it is taken back)."""
        try:
            result = self.setup.decide(self.review, decision)
        except EditRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
            return None
        except UserError as error:
            self.notify(f"NOT SAVED: {error}", severity="error", timeout=30, markup=False)
            return None
        finally:
            self.show()
        return result

    def _need_candidate(self) -> Candidate | None:
        if self.current is None:
            self.notify("Put the cursor on a candidate first: Tab, or click it.")
        return self.current

    def action_accept(self) -> None:
        candidate = self._need_candidate()
        if candidate is not None:
            self._decide(lambda r: r.accept(candidate.key()))

    def action_reject(self) -> None:
        candidate = self._need_candidate()
        if candidate is not None:
            self._decide(lambda r: r.reject(candidate.key()))

    def action_undecide(self) -> None:
        candidate = self._need_candidate()
        if candidate is not None:
            self._decide(lambda r: r.undecide(candidate.key()))

    def action_accept_agreed(self) -> None:
        accepted = self._decide(lambda r: r.accept_agreed())
        if accepted is not None:
            self.notify(f"Accepted {accepted} agreed span(s).")

    def action_undo(self) -> None:
        self._decide(DocReview.undo)

    def action_redo(self) -> None:
        self._decide(DocReview.redo)

    def action_label(self, name: str) -> None:
        selection = self.article.selection
        candidate = self.current
        if candidate is not None:
            start, end = selection if selection is not None else (candidate.start, candidate.end)
            new = self._decide(lambda r: r.edit(candidate.key(), start, end, name))
        else:
            target = selection or self.article.target()
            if target is None:
                self.notify("Select some text first (Shift+arrows or drag).")
                return
            new = self._decide(lambda r: r.add(target[0], target[1], name))
        if new is not None:
            self.article.clear_selection()
            self.focus_candidate(self.review.candidate(new))

    def action_edit(self) -> None:
        candidate = self._need_candidate()
        if candidate is not None:
            self.article.select(candidate.start, candidate.end)
            self.notify("Adjust the edges with [ ] { }, then a label key applies the edit.")

    def action_edge(self, edge: str, delta: int) -> None:
        if not self.article.adjust_selection(edge, delta):
            self.notify("That would leave nothing selected.", severity="warning")

    def action_toggle_words(self) -> None:
        self.word_mode = not self.word_mode
        self.article.snap_words = self.word_mode
        self.notify("Selections snap to words." if self.word_mode else "Character selection.")

    def action_clear(self) -> None:
        self.article.clear_selection()

    # -- views and documents ----------------------------------------------------------------

    def action_switch_view(self, step: int) -> None:
        self.view_index = (self.view_index + step) % len(self.views)
        self.show()

    def action_go(self, step: int) -> None:
        index = self.index + step
        if not 0 <= index < len(self.setup.reviews):
            self.notify("This is the last document." if step > 0 else "This is the first document.")
            return
        self.open_document(index)

    def action_conflicts(self, step: int) -> None:
        index = next_with_conflicts(self.setup.reviews, self.index, step)
        if index is None:
            left = self.review.remaining_conflicts()
            self.notify(f"No other document has conflicts left ({left} here).")
            return
        self.open_document(index)

    def action_agreement(self) -> None:
        setup = self.setup
        self.app.push_screen(AgreementScreen(setup.docs, setup.annotators, setup.problems))

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                [
                    ("Review", [b for b in self.BINDINGS if isinstance(b, Binding)]),
                    ("Labels", self.label_bindings),
                    ("Moving and selecting", list(ArticleView.BINDINGS)),
                    ("App", app_bindings(self.app)),
                ]
            )
        )
