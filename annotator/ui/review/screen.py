"""The review screen: every annotator's spans on one article, coloured by agreement state,
settled one key at a time into gold.

State lives in the review session (``ReviewSetup`` and each document's ``DocReview``): the
screen keeps which document, view and candidate are current, and after every change copies
what the panels show into its vars, which the widgets are bound to. Every
decision goes through ``_decide``: the session applies it and appends it to gold.jsonl
(flushed and fsynced) before the handler returns; if saving fails the decision is taken back
and the reviewer is told.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Label

from annotator.annotations.labels import LabelSet
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
    Verdict,
    next_with_conflicts,
)
from annotator.session.review_links import LinkCandidate
from annotator.store.journal import GOLD_NAME
from annotator.team.postgres.reviewing import Arrived
from annotator.ui.review.exporting import (
    GoldExported,
    GoldExportFailed,
    start_export,
    started,
)
from annotator.ui.review.links import LinkList, ShownLink
from annotator.ui.review.verdicts import VerdictList
from annotator.ui.review.widgets import (
    DETAIL_CHARS,
    REJECTED_STYLE,
    STATE_COLOURS,
    CandidateList,
    DocumentList,
    HeaderFacts,
    ReviewHeader,
    ReviewStatus,
    Shown,
    StateLegend,
    StatusFacts,
)
from annotator.ui.shared.agreement_screen import AgreementScreen
from annotator.ui.shared.article_view import (
    UNKNOWN_LABEL_COLOUR,
    ArticleView,
    SpanStyle,
    reading_layout,
)
from annotator.ui.shared.bindings import bindings_of, label_bindings, with_bindings
from annotator.ui.shared.help import HelpScreen, app_bindings
from annotator.ui.shared.steady_footer import SteadyFooter
from annotator.ui.shared.visual import plain

ALL = "all"
T = TypeVar("T")
EXPORT_RUNNING = "Gold is being exported already: its notice says when it is written."


def review_label_bindings(labels: LabelSet) -> list[Binding]:
    """One key per label, with the id ``label.<NAME>`` a keymap can remap."""
    return label_bindings(labels, "{name}: relabel the candidate, or add the selection to gold")


class ReviewScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_of("review")]

    # Which document, view and candidate are current, and the word-snapping mode. Vars, not
    # reactives: the screen draws nothing itself, so only the widgets bound to a value repaint.
    index: var[int] = var(0)
    view_index: var[int] = var(0)
    current: var[Candidate | None] = var(None)
    word_mode: var[bool] = var(True)
    # What the panels show, copied from the review session by ``_sync`` after every change.
    shown: var[tuple[Shown, ...]] = var(())
    left: var[tuple[int, ...]] = var(())
    header: var[HeaderFacts] = var(HeaderFacts)
    status: var[StatusFacts] = var(StatusFacts)
    verdicts: var[tuple[Verdict, ...]] = var(())
    # The current document's relations, attributes and document labels, and the one focused.
    links: var[tuple[ShownLink, ...]] = var(())
    current_link: var[LinkCandidate | None] = var(None)
    # What the team's work that last arrived changed, until another document opens.
    news: var[str] = var("")

    @classmethod
    def for_labels(cls, labels: LabelSet) -> type[ReviewScreen]:
        """This screen with ``labels``' keys bound (Textual reads keys from a class's
        ``BINDINGS``, and a label set's keys are known only once its file is read)."""
        return with_bindings(cls, review_label_bindings(labels))

    def __init__(self, setup: ReviewSetup, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.setup = setup
        self.options = options or LayoutOptions()
        # Counted where the review was read, unless something changed them since.
        left = setup.left_when_read
        if len(left) != len(setup.reviews):
            left = setup.conflicts_left()
        self.set_reactive(ReviewScreen.left, left)

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

    def candidates_in_view(self) -> list[Candidate]:
        """The candidates the current view shows."""
        review, view = self.review, self.view_name
        if view == ALL:
            return list(review.candidates)
        if view == GOLD_NAME:
            return [c for c in review.candidates if review.decision(c.key()) == ACCEPTED]
        return [c for c in review.candidates if view in c.annotators]

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
        yield from reading_layout(
            "review-",
            ReviewHeader(id="review-header").data_bind(facts=ReviewScreen.header),
            ArticleView(
                style_for=self.style_of, options=self.options, id="review-article"
            ).data_bind(snap_words=ReviewScreen.word_mode),
            ReviewStatus(id="review-status").data_bind(facts=ReviewScreen.status),
            [
                Label(plain("Documents (conflicts left)"), classes="review-title"),
                DocumentList([r.doc_id for r in self.setup.reviews], id="review-docs").data_bind(
                    ReviewScreen.left, ReviewScreen.index
                ),
                StateLegend(id="review-legend"),
                Label(plain("Annotators (status, note)"), classes="review-title"),
                VerdictList(id="review-verdicts").data_bind(ReviewScreen.verdicts),
                Label(plain("Candidates"), classes="review-title"),
                CandidateList(id="review-candidates").data_bind(
                    ReviewScreen.shown, ReviewScreen.current
                ),
                Label(plain("Relations, attributes, document labels"), classes="review-title"),
                LinkList(id="review-links").data_bind(
                    ReviewScreen.links, ReviewScreen.current_link
                ),
            ],
        )
        yield SteadyFooter()

    def on_mount(self) -> None:
        for panel in ("#review-docs", "#review-candidates", "#review-links"):
            self.query_one(panel).can_focus = False
        self._open(self.setup.start)
        self.article.focus()

    def take_arrived(self, arrived: Arrived) -> list[str]:
        """The team's work that reached the server: the queue and the figures move; the
        document open keeps its cursor, selection, scroll and undo, and if its work changed
        it is updated in place and the status line says what changed; the problems met."""
        before = self.review
        taken = self.setup.take_arrived(arrived, self.index)
        left = self.setup.conflicts_left()
        docs = next(self.query("#review-docs").results(DocumentList), None)
        if docs is None:  # not composed yet, or taken down as the app closes: nothing to draw
            return taken.problems
        docs.show([r.doc_id for r in self.setup.reviews], left, taken.index)
        self.left = left
        if taken.news:
            self.news = " · ".join(taken.news)
            self.notify(self.news, timeout=8, markup=False)
        if self.setup.reviews[taken.index] is not before:
            self._open(taken.index)  # the text it was on changed: a new review of it
            return taken.problems
        self.index = taken.index
        if before.doc_id in taken.changed:
            self.verdicts = tuple(self.setup.verdicts.get(before.doc_id, ()))
            self._take_current_by_key()
        self._sync()
        return taken.problems

    def _take_current_by_key(self) -> None:
        """The current candidate and link, as the review now holds them (their annotators
        and state may have moved; gone: none)."""
        current, link = self.current, self.current_link
        if current is not None:
            self.current = next(
                (c for c in self.review.candidates if c.key() == current.key()), None
            )
        if link is not None:
            self.current_link = next((k for k in self.review.links if k.key == link.key), None)

    def _open(self, index: int) -> None:
        self.index = index
        self.news = ""
        self.verdicts = tuple(self.setup.verdicts.get(self.review.doc_id, ()))
        self.setup.remember(index)
        self.current = None
        self.current_link = None
        self.article.set_document(self.review.text, [])
        self._sync()

    def _sync(self) -> None:
        """Copy what the panels show from the review session; the bound widgets redraw
        what changed."""
        review = self.review
        in_view = self.candidates_in_view()
        if self.current not in in_view:
            self.current = None
        self.shown = tuple((c, review.decision(c.key())) for c in in_view)
        links = self.links_in_view()
        if self.current_link not in links:
            self.current_link = None
        self.links = tuple(self._shown_link(link) for link in links)
        left = list(self.left)
        left[self.index] = review.remaining_conflicts()
        self.left = tuple(left)
        view = self.view_name
        self.header = HeaderFacts(
            doc_id=review.doc_id,
            number=self.index + 1,
            total=len(self.setup.reviews),
            view={ALL: "all", GOLD_NAME: "gold so far"}.get(view, view),
            left_here=left[self.index],
            left_all=sum(left),
            reviewer=self.setup.reviewer,
        )
        self._sync_status()
        self.article.set_spans(
            [self._display_span(c) for c in in_view],
            self._display_span(self.current) if self.current is not None else None,
        )

    def links_in_view(self) -> list[LinkCandidate]:
        """The links the current view shows: all, those in gold, or one annotator's."""
        review, view = self.review, self.view_name
        if view == ALL:
            return list(review.links)
        if view == GOLD_NAME:
            return [
                link
                for link in review.links
                if review.link_decision(link.key) == ACCEPTED and not review.link_blocked(link.key)
            ]
        return [link for link in review.links if view in link.annotators]

    def _shown_link(self, link: LinkCandidate) -> ShownLink:
        review, key = self.review, link.key
        blocked = review.link_blocked(key)
        return ShownLink(
            link,
            review.link_decision(key),
            review.text[key.head[0] : key.head[1]] if key.head else "",
            review.text[key.tail[0] : key.tail[1]] if key.tail else "",
            blocked,
            review.never_in_gold(key),
        )

    def _sync_status(self) -> None:
        current, selection = self.current, self.article.selection
        text = ""
        if selection is not None:
            text = self.review.text[selection[0] : min(selection[1], selection[0] + DETAIL_CHARS)]
        decision = self.review.decision(current.key()) if current is not None else ""
        self.status = StatusFacts(current, decision, selection, text, self.news)

    @staticmethod
    def _display_span(candidate: Candidate) -> Span:
        """The candidate as the article shows it: its own offsets, label and text."""
        return Span(candidate.start, candidate.end, candidate.label, candidate.text)

    # -- candidates -------------------------------------------------------------------------

    def _focus_candidate(self, candidate: Candidate | None) -> None:
        self.current = candidate
        if candidate is not None:
            self.article.move_to(candidate.start)
        self._sync()

    def action_step(self, step: int) -> None:
        in_view = self.candidates_in_view()
        if not in_view:
            self.notify("No candidates in this view.")
            return
        self._focus_candidate(step_through(in_view, self.current, self.article.cursor, step))

    @on(ArticleView.Moved)
    def _cursor_moved(self, event: ArticleView.Moved) -> None:
        cursor = event.cursor
        current = self.current
        if current is None or not current.start <= cursor < current.end:
            covering = [c for c in self.candidates_in_view() if c.start <= cursor < c.end]
            current = min(covering, key=lambda c: (c.end - c.start, c.key()), default=None)
        if current != self.current:
            self.current = current
            self._sync()
        else:
            self._sync_status()

    @on(CandidateList.Picked)
    def _candidate_picked(self, event: CandidateList.Picked) -> None:
        self._focus_candidate(event.candidate)
        self.article.focus()

    @on(DocumentList.Picked)
    def _document_picked(self, event: DocumentList.Picked) -> None:
        self._open(event.index)
        self.article.focus()

    # -- decisions --------------------------------------------------------------------------

    def _decide(self, decision: Callable[[DocReview], T]) -> T | None:
        """Apply ``decision`` to this document's review and save gold before returning; None
        if it was refused or could not be saved (then it is taken back)."""
        try:
            return self.setup.decide(self.review, decision)
        except EditRefused as refused:
            self.notify(str(refused), severity="warning", markup=False)
        except UserError as error:
            self.notify(f"NOT SAVED: {error}", severity="error", timeout=30, markup=False)
        finally:
            self._sync()
        return None

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
        accepted = self._decide(DocReview.accept_agreed)
        if accepted is not None:
            left = self.review.agreed_left()
            more = (
                f"; {left} left undecided: they would break the nesting rule, or a link's "
                "spans are not in gold"
                if left
                else ""
            )
            self.notify(f"Accepted {accepted} agreed span(s) and link(s){more}.")

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
            self._focus_candidate(self.review.candidate(new))

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
        self.notify("Selections snap to words." if self.word_mode else "Character selection.")

    def action_clear(self) -> None:
        self.article.clear_selection()

    # -- links: relations, attributes, document labels -------------------------------------

    def _focus_link(self, link: LinkCandidate) -> None:
        """Focus ``link`` and make the span it starts from the current candidate (now, not
        when the cursor's move is heard: the next key may act on it first)."""
        self.current_link = link
        head = link.key.head
        if head is not None:
            in_view = {c.key(): c for c in self.candidates_in_view()}
            self.current = in_view.get(head, self.current)
            self.article.move_to(head[0])
        self._sync()

    def action_step_link(self, step: int) -> None:
        links = self.links_in_view()
        if not links:
            self.notify("No relation, attribute or document label in this view.")
            return
        current = self.current_link
        index = links.index(current) + step if current in links else (0 if step > 0 else -1)
        self._focus_link(links[index % len(links)])

    def _need_link(self) -> LinkCandidate | None:
        if self.current_link is None:
            self.notify("Step to a relation, attribute or document label first: l, or click it.")
        return self.current_link

    def action_accept_link(self) -> None:
        link = self._need_link()
        if link is not None:
            self._decide(lambda r: r.accept_link(link.key))

    def action_reject_link(self) -> None:
        link = self._need_link()
        if link is not None:
            self._decide(lambda r: r.reject_link(link.key))

    def action_cycle_link(self) -> None:
        link = self._need_link()
        if link is not None:
            chosen = self._decide(lambda r: r.cycle_link(link.key))
            if chosen is not None:
                self._focus_link(self.review.link(chosen))

    @on(LinkList.Picked)
    def _link_picked(self, event: LinkList.Picked) -> None:
        self._focus_link(event.link)
        self.article.focus()

    # -- views and documents ----------------------------------------------------------------

    def action_switch_view(self, step: int) -> None:
        self.view_index = (self.view_index + step) % len(self.views)
        self._sync()

    def action_go(self, step: int) -> None:
        index = self.index + step
        if not 0 <= index < len(self.setup.reviews):
            self.notify("This is the last document." if step > 0 else "This is the first document.")
            return
        self._open(index)

    def action_conflicts(self, step: int) -> None:
        index = next_with_conflicts(self.setup.reviews, self.index, step)
        if index is None:
            left = self.review.remaining_conflicts()
            self.notify(f"No other document has conflicts left ({left} here).")
            return
        self._open(index)

    def action_agreement(self) -> None:
        self.app.push_screen(AgreementScreen(self.setup.agreement))

    def action_export(self) -> None:
        job = self.setup.export_job()
        if start_export(self, job):
            self.notify(started(job), markup=False)
        else:
            self.notify(EXPORT_RUNNING, severity="warning", markup=False)

    @on(GoldExported)
    def _gold_exported(self, message: GoldExported) -> None:
        self.notify(
            message.told,
            severity="information" if message.written else "warning",
            timeout=10,
            markup=False,
        )

    @on(GoldExportFailed)
    def _gold_export_failed(self, message: GoldExportFailed) -> None:
        self.notify(
            f"The export failed: {message.reason}", severity="error", timeout=12, markup=False
        )

    def action_help(self) -> None:
        self.app.push_screen(
            HelpScreen(
                [
                    ("Review", [b for b in ReviewScreen.BINDINGS if isinstance(b, Binding)]),
                    ("Labels", review_label_bindings(self.setup.labels)),
                    (
                        "Moving and selecting",
                        [b for b in ArticleView.BINDINGS if isinstance(b, Binding)],
                    ),
                    ("App", app_bindings(self.app)),
                ]
            )
        )
