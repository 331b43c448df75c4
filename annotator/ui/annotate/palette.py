"""Command palette entries: every key of the annotate screen (labels, documents, spans,
suggestions) under its description with the key in force, and one entry per document.

The palette parses a hit's ``help`` string as markup, and Textual's escaping does not round
trip every backslash (``\\[`` loses its backslash, a trailing ``\\`` is doubled). So help
is never passed as a string: it is a second line of the hit's ``Content``, shown exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from annotator.problems import printable
from annotator.ui.annotate.screen import AnnotateScreen
from annotator.ui.shared.bindings import keys_in_force
from annotator.ui.shared.visual import Doc, fit_row

# The palette is as wide as the screen less its rows' padding (2 each side) and scrollbar.
PALETTE_MARGIN_CELLS = 6
# A query lists at most this many documents (type more of an id to find the others).
MAX_DOCUMENTS = 100
DOCUMENT_SCORE = 0.5
# Keys that only open the palette or help are left out of the palette itself.
NOT_COMMANDS = frozenset({"annotate.help"})

Command = tuple[str, Callable[[], object], str]


def _shown(text: str, help_text: str, width: int, matcher: Matcher | None = None) -> Content:
    """``text`` (matched letters highlighted) over its help, Arabic shown as it reads;
    neither is ever markup. A command naming an Arabic document is shown as it reads, so
    its matched letters are not highlighted (their offsets are those of the typed order)."""
    visual = fit_row(width, Doc(text))
    content = visual
    if matcher is not None and visual.plain == text:
        content = matcher.highlight(text)
    if not help_text:
        return content
    return Content.assemble(content, "\n", fit_row(width, Doc(help_text, "dim")))


def key_commands(screen: AnnotateScreen) -> list[Command]:
    """One command per key of the screen, labels first, named by what the key does and
    followed by the keys that do it now (a keymap file's, not the declared ones)."""
    in_force = keys_in_force(screen)
    commands: list[Command] = []
    for label in screen.labels:
        keys = ", ".join(in_force.get(f"label.{label.name}", []))
        commands.append(
            (
                f"Label: {label.name} ({keys})" if keys else f"Label: {label.name}",
                partial(screen.run_action, f"label('{label.name}')"),
                printable(label.description),
            )
        )
    for binding in AnnotateScreen.BINDINGS:
        if not isinstance(binding, Binding) or binding.id in NOT_COMMANDS:
            continue
        commands.append(
            (
                binding.tooltip or binding.description,
                partial(screen.run_action, binding.action),
                ", ".join(in_force.get(binding.id or "", [])),
            )
        )
    return commands


def document_commands(screen: AnnotateScreen, query: str = "") -> list[Command]:
    """The documents whose entry holds ``query`` (any case), at most MAX_DOCUMENTS of
    them in corpus order: a corpus of 100,000 articles must not make 100,000 entries (each
    laid out for Arabic, each fuzzily matched) on every key typed in the palette."""
    workspace = screen.workspace
    wanted = query.strip().lower()
    found: list[Command] = []
    for number, doc_id in enumerate(workspace.ids, 1):
        entry = f"Document {number}: {printable(doc_id)}"
        if wanted in entry.lower():
            status = workspace.status_of(doc_id).replace("_", " ")
            found.append((entry, partial(screen.go_to_document, doc_id), status))
            if len(found) == MAX_DOCUMENTS:
                break
    return found


class AnnotatorCommands(Provider):
    def _screen(self) -> AnnotateScreen | None:
        stack = reversed(self.app.screen_stack)
        return next((s for s in stack if isinstance(s, AnnotateScreen)), None)

    def _width(self) -> int:
        return max(self.app.size.width - PALETTE_MARGIN_CELLS, 1)

    async def discover(self) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        width = self._width()
        for text, command, help_text in [*key_commands(screen), *document_commands(screen)]:
            yield DiscoveryHit(_shown(text, help_text, width), command, text=text)

    async def search(self, query: str) -> Hits:
        screen = self._screen()
        if screen is None:
            return
        matcher = self.matcher(query)
        width = self._width()
        for text, command, help_text in key_commands(screen):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _shown(text, help_text, width, matcher), command, text=text)
        # Documents by what their entry holds, below any key that matches as well.
        for text, command, help_text in document_commands(screen, query):
            yield Hit(DOCUMENT_SCORE, _shown(text, help_text, width), command, text=text)
