"""Every key of the app as it is in force (a keymap file's keys, not the declared ones)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.ui.shared.bindings import keys_in_force
from annotator.ui.shared.visual import plain

# A binding the focused widget or the screen shadows has no key that reaches it.
NO_KEY = "—"

Sections = Sequence[tuple[str, Sequence[Binding]]]


def key_table(
    sections: Sections, in_force: Mapping[str, list[str]], app: App[object]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys in force, description and binding ids)]); bindings with the same
    description (one action under two ids) share a row."""
    out = []
    for title, bindings in sections:
        rows: dict[str, tuple[list[str], list[str]]] = {}
        for binding in bindings:
            if binding.id:
                shown = ", ".join(in_force.get(binding.id, [NO_KEY]))
            else:
                shown = app.get_key_display(binding)
            keys, ids = rows.setdefault(binding.tooltip or binding.description, ([], []))
            keys.append(shown)
            if binding.id:
                ids.append(binding.id)
        out.append(
            (
                title,
                [
                    (" / ".join(keys), f"{what}  ({', '.join(ids)})" if ids else what)
                    for what, (keys, ids) in rows.items()
                ],
            )
        )
    return out


def app_bindings(app: App[object]) -> list[Binding]:
    """The app's own keys, with the command palette's when the app does not declare it
    (Textual then binds it outside BINDINGS)."""
    bindings = [b for b in app.BINDINGS if isinstance(b, Binding)]
    declared = any(b.action == "command_palette" for b in bindings)
    if app.ENABLE_COMMAND_PALETTE and not declared:
        bindings.append(
            Binding(
                app.COMMAND_PALETTE_BINDING,
                "command_palette",
                "Command palette: labels, navigation, every document",
            )
        )
    return bindings


MOUSE = [
    ("drag", "Select (from the character pressed to the one released)"),
    ("double-click", "Select a word"),
    ("shift+click", "Extend the selection (for spans longer than the screen)"),
    ("click", "Put the cursor there; on a span, focus it"),
    ("wheel", "Scroll"),
    ("legend label", "Apply that label (or relabel the focused span)"),
    ("span in the list", "Focus that span (a relation's or attribute's row too)"),
    ("click while linking", "Link the underlined span clicked (or the picker's row)"),
    ("footer key", "Do what it says"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sections) -> None:
        super().__init__()
        # Read before this screen is pushed: once it is, only its own keys are in force.
        self.rows = key_table(sections, keys_in_force(self.app.screen), self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Label(plain("Keys  (Esc closes)"), id="help-title")
            for title, rows in [*self.rows, ("Mouse", MOUSE)]:
                yield Label(plain(title), classes="help-section")
                width = max((len(keys) for keys, _ in rows), default=0)
                text = "\n".join(f"  {keys:<{width}}  {what}" for keys, what in rows)
                yield Static(plain(text), classes="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
