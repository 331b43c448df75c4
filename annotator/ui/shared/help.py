"""Every key of the app, read from the live bindings so a remapped key shows as it is."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from annotator.ui.shared.visual import plain


def key_table(
    app, sections: list[tuple[str, list[Binding]]]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys as shown, description and binding ids)]) with the keymap applied."""
    keymap = getattr(app, "_keymap", {}) or {}
    out = []
    for title, bindings in sections:
        rows: dict[str, tuple[list[str], list[str]]] = {}
        for binding in bindings:
            key = keymap.get(binding.id, binding.key) if binding.id else binding.key
            shown = ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in key.split(","))
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


def app_bindings(app) -> list[Binding]:
    """The app's own keys, with the command palette's (Textual binds it outside BINDINGS)."""
    bindings = [b for b in app.BINDINGS if isinstance(b, Binding)]
    if app.ENABLE_COMMAND_PALETTE:
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
    ("span in the list", "Focus that span"),
    ("footer key", "Do what it says"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close help", id="help.close"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Label(plain("Keys  (Esc closes)"), id="help-title")
            for title, rows in [*key_table(self.app, self.sections), ("Mouse", MOUSE)]:
                yield Label(plain(title), classes="help-section")
                width = max((len(keys) for keys, _ in rows), default=0)
                text = "\n".join(f"  {keys:<{width}}  {what}" for keys, what in rows)
                yield Static(plain(text), classes="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
