"""Command palette entries: apply a label, move between documents, open a document.

The palette parses a hit's ``help`` string as markup, and Textual's escaping does not round
trip every backslash (``\\[`` loses its backslash, a trailing ``\\`` is doubled). So help
is never passed as a string: it is a second line of the hit's ``Content``, shown exactly.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from annotator.ui.annotate.screen import AnnotateScreen
from annotator.ui.shared.visual import Doc, fit_row

# The palette is as wide as the screen less its rows' padding (2 each side) and scrollbar.
PALETTE_MARGIN_CELLS = 6


def _shown(text: str, help_text: str, width: int, matcher=None) -> Content:
    """``text`` (matched letters highlighted) over its help, Arabic shown as it reads;
    neither is ever markup. A command naming an Arabic document is shown as it reads, so
    its matched letters are not highlighted (their offsets are those of the typed order)."""
    visual = fit_row(width, Doc(text))
    content = Content(text) if visual.plain == text else visual
    if matcher is not None and visual.plain == text:
        for offset in matcher.fuzzy_search.match(matcher.query, text)[1]:
            content = content.stylize(matcher.match_style, offset, offset + 1)
    if not help_text:
        return content
    return Content.assemble(content, "\n", fit_row(width, Doc(help_text, "dim")))


class AnnotatorCommands(Provider):
    def _screen(self) -> AnnotateScreen | None:
        stack = reversed(self.app.screen_stack)
        return next((s for s in stack if isinstance(s, AnnotateScreen)), None)

    def _commands(self) -> list[tuple[str, object, str]]:
        screen = self._screen()
        if screen is None:
            return []
        run = screen.run_action
        commands: list[tuple[str, object, str]] = [
            (
                f"Label: {label.name} ({label.key})",
                partial(run, f"label('{label.name}')"),
                label.description,
            )
            for label in screen.labels
        ]
        commands += [
            ("Next document", partial(run, "go(1)"), "n"),
            ("Previous document", partial(run, "go(-1)"), "p"),
            ("Next document not done", partial(run, "next_not_done"), "u"),
            ("Go to document by id or number", partial(run, "goto"), "g"),
            ("Accept document and go to the next", partial(run, "status('accepted')"), "a"),
            ("Reject document", partial(run, "status('rejected')"), "r"),
            ("Skip document", partial(run, "status('skipped')"), "s"),
            ("Flag document with a note", partial(run, "flag"), "f"),
            ("Accept the suggestion at the cursor", partial(run, "accept_suggestion"), "y"),
            ("Reject the suggestion at the cursor", partial(run, "reject_suggestion"), "d"),
            ("Accept every suggestion here", partial(run, "accept_all_suggestions"), "Y"),
            ("Next suggestion", partial(run, "step_suggestion(1)"), "."),
            ("Agreement figures of the journals", partial(run, "agreement"), "A"),
            ("Undo", partial(run, "undo"), "ctrl+z"),
            ("Redo", partial(run, "redo"), "ctrl+y"),
            ("Toggle word / character selection", partial(run, "toggle_words"), "w"),
            ("Label guidelines", partial(run, "guidelines"), "i"),
            ("Help: every key", partial(run, "help"), "?"),
        ]
        workspace = screen.workspace
        for number, doc_id in enumerate(workspace.ids, 1):
            status = workspace.status_of(doc_id)
            commands.append(
                (
                    f"Document {number}: {doc_id}",
                    partial(screen.go_to_document, doc_id),
                    status.replace("_", " "),
                )
            )
        return commands

    def _width(self) -> int:
        return max(self.app.size.width - PALETTE_MARGIN_CELLS, 1)

    async def discover(self) -> Hits:
        width = self._width()
        for text, command, help_text in self._commands():
            yield DiscoveryHit(_shown(text, help_text, width), command, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        width = self._width()
        for text, command, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _shown(text, help_text, width, matcher), command, text=text)
