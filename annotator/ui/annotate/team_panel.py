"""The team panel of a project: the annotator's own progress as a bar (documents finished of
their share), and for a lead the team's (documents complete, waiting for review)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.reactive import reactive
from textual.widgets import Label, ProgressBar

from annotator.problems import printable
from annotator.team.store import TeamProgress
from annotator.ui.shared.visual import plain


class TeamPanel(Vertical):
    progress: reactive[TeamProgress | None] = reactive(None)

    DEFAULT_CSS = """
    TeamPanel { height: auto; padding: 0 1; }
    TeamPanel ProgressBar { width: 100%; }
    /* The figures wrap in a narrow side panel rather than lose their end. */
    TeamPanel Label { width: 100%; }
    TeamPanel #team-bar { display: none; }
    TeamPanel.-lead #team-bar { display: block; }
    """

    def __init__(self, annotator: str, *, lead: bool, routed: bool, id: str | None = None):
        super().__init__(id=id)
        self.annotator = annotator
        self.lead = lead
        self.routed = routed
        self.set_class(lead, "-lead")

    def compose(self) -> ComposeResult:
        yield Label(id="own-figures", markup=False)
        yield ProgressBar(id="own-bar", show_eta=False)
        yield Label(id="team-figures", markup=False)
        yield ProgressBar(id="team-bar", show_eta=False)

    def watch_progress(self, progress: TeamProgress | None) -> None:
        if progress is None:
            return
        mine = progress.of(self.annotator)
        own = self.query_one("#own-figures", Label)
        own_bar = self.query_one("#own-bar", ProgressBar)
        if mine is not None and self.routed:
            share = progress.share(self.annotator)
            own.update(
                plain(
                    f"{printable(self.annotator)}: {mine.done} of {share} done, "
                    f"{mine.in_progress} open"
                )
            )
            own_bar.update(total=max(share, 1), progress=min(mine.done, share))
        else:
            own.update(plain(f"{printable(self.annotator)}: a lead (no documents routed)"))
            own_bar.display = False
        team = self.query_one("#team-figures", Label)
        team_bar = self.query_one("#team-bar", ProgressBar)
        if self.lead:
            people = ", ".join(f"{printable(a.name)} {a.done}" for a in progress.annotators)
            team.update(
                plain(
                    f"team: {progress.complete} of {progress.documents} complete, "
                    f"{progress.in_progress} in progress; {progress.ready_for_review} ready "
                    f"for review, {progress.reviews_done} reviewed; done: {people}"
                )
            )
            team_bar.update(total=max(progress.documents, 1), progress=progress.complete)
        else:
            team.update(
                plain(f"team: {progress.complete} of {progress.documents} documents complete")
            )
