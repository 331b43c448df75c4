"""The review's first screen while the journals are read: the document the reviewer will most
likely work on, to read and move through, and how far the reading has got in the header.

Reading three journals of 20,000 records and comparing every document takes seconds, so a
thread worker does it (``ReviewOpening.finish``) while this screen answers keys. No decision
can be taken meanwhile (there are no candidates yet, and a decision made on nothing would be
saved over gold), so every key of the review screen is refused with a notice saying why,
never applied later; the arrows, the mouse, Esc and `q` work as always. Once everything is
read the app switches to the review screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Label
from textual.worker import get_current_worker

from annotator.annotations.labels import LabelSet
from annotator.layout.layout import LayoutOptions
from annotator.problems import UserError
from annotator.session.review import ReviewOpening, ReviewSetup
from annotator.ui.annotate.loading import refusing
from annotator.ui.review.screen import review_label_bindings
from annotator.ui.shared.article_view import ArticleView, reading_layout
from annotator.ui.shared.beside_the_screen import reading_beside_the_screen
from annotator.ui.shared.bindings import bindings_of, with_bindings
from annotator.ui.shared.steady_footer import SteadyFooter
from annotator.ui.shared.visual import Doc, OneLine, plain

LOADING = "reading the journals…"
REFUSED = (
    "The annotators' journals are still being read: nothing was decided. Read and move "
    "meanwhile; every key works once they are read (the header says how far it has got)."
)
# Keys of the review screen that only move or clear the selection: they work here too.
KEPT = {"review.clear"}


class LoadingHeader(OneLine):
    """The document shown, how far the reading has got, and the reviewer."""

    progress: reactive[str] = reactive(LOADING)

    def __init__(self, doc_id: str, reviewer: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.doc_id = doc_id
        self.reviewer = reviewer

    def watch_progress(self, progress: str) -> None:
        doc_id, reviewer = Doc(self.doc_id), Doc(self.reviewer)
        self.show_layouts(
            [
                (
                    ("Review ", "bold"),
                    doc_id,
                    "  ·  ",
                    (progress, "bold"),
                    "  ·  reviewer: ",
                    reviewer,
                ),
                (doc_id, " · ", (progress, "bold"), " · ", reviewer),
                ((progress, "bold"),),
            ]
        )


class ReviewLoadingScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *refusing([b for b in bindings_of("review") if b.id not in KEPT]),
        *[b for b in bindings_of("review") if b.id in KEPT],
    ]

    class Loaded(Message):
        def __init__(self, setup: ReviewSetup) -> None:
            super().__init__()
            self.setup = setup

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class Progressed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    @classmethod
    def for_labels(cls, labels: LabelSet) -> type[ReviewLoadingScreen]:
        """This screen with each label's key (refusing) bound."""
        return with_bindings(cls, refusing(review_label_bindings(labels)))

    def __init__(self, opening: ReviewOpening, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.opening = opening
        self.options = options or LayoutOptions()
        self.doc_id = opening.first_document()

    @property
    def article(self) -> ArticleView:
        return self.query_one("#review-article", ArticleView)

    @property
    def header(self) -> LoadingHeader:
        return self.query_one("#review-header", LoadingHeader)

    def compose(self) -> ComposeResult:
        yield from reading_layout(
            "review-",
            LoadingHeader(self.doc_id, self.opening.reviewer, id="review-header"),
            ArticleView(options=self.options, id="review-article"),
            Label(plain(LOADING), id="review-status"),
            [Label(plain(f"Candidates: {LOADING}"), classes="review-title")],
        )
        yield SteadyFooter()

    def on_mount(self) -> None:
        try:
            text = self.opening.corpus.text(self.doc_id)
        except UserError:
            text = ""  # said once the review opens, with the corpus's other problems
        self.article.set_document(text, [])
        self.article.focus()
        self._load()

    @work(thread=True, exclusive=True, description=LOADING)
    def _load(self) -> None:
        worker = get_current_worker()

        def progress(what: str, done: int, total: int) -> None:
            self.post_message(self.Progressed(f"{what} ({done:,} of {total:,})…"))

        try:
            with reading_beside_the_screen():
                setup = self.opening.finish(lambda: worker.is_cancelled, progress)
        except UserError as error:
            self.post_message(self.Failed(str(error)))
            return
        if setup is not None:
            self.post_message(self.Loaded(setup))

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        self.header.progress = message.text

    def action_clear(self) -> None:
        self.article.clear_selection()

    def action_refuse(self) -> None:
        self.notify(REFUSED, title="Loading", severity="warning", timeout=6)
