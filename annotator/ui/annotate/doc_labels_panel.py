"""The document labels of the open document: one row per value, a digit (or Enter, or a
click) sets or clears it, Esc closes. A single-choice label's other value goes when one is
set (the session decides; annotator.session.editing)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotator.annotations.labels import LabelSet
from annotator.annotations.schema import doc_label_entry
from annotator.problems import printable
from annotator.ui.shared.bindings import digit_bindings, row_number
from annotator.ui.shared.visual import plain


class DocLabelsPanel(ModalScreen[None]):
    DEFAULT_CSS = """
    DocLabelsPanel { align: center bottom; background: transparent; }
    DocLabelsPanel #doc-labels-box {
        width: 100%; height: auto; max-height: 16; background: $surface;
        border: round $primary; padding: 0 1;
    }
    DocLabelsPanel OptionList { height: auto; max-height: 12; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="doc-labels.close"),
        *digit_bindings("doc-labels"),
    ]

    def __init__(
        self,
        labels: LabelSet,
        chosen: Callable[[], tuple[str, ...]],
        toggle: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self.rows = [(group.name, value) for group in labels.doc_labels for value in group.values]
        self.multiple = {group.name: group.multiple for group in labels.doc_labels}
        self.chosen = chosen
        self.toggle = toggle

    def compose(self) -> ComposeResult:
        with Vertical(id="doc-labels-box"):
            yield Label(plain("document labels: 1-9 or Enter set / clear, Esc close"))
            yield OptionList(id="doc-labels-options")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        chosen = set(self.chosen())
        options = self.query_one("#doc-labels-options", OptionList)
        highlighted = options.highlighted
        rows = []
        for i, (name, value) in enumerate(self.rows):
            on = doc_label_entry(name, value) in chosen
            mark = ("[x]" if on else "[ ]") if self.multiple[name] else ("(•)" if on else "( )")
            rows.append(
                Option(plain(f"{row_number(i)} {mark} {printable(name)}: {printable(value)}"))
            )
        options.set_options(rows)
        options.highlighted = highlighted if highlighted is not None else 0

    def action_number(self, index: int) -> None:
        if index < len(self.rows):
            self.query_one("#doc-labels-options", OptionList).highlighted = index
            self.toggle(*self.rows[index])
            self._show()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(*self.rows[event.option_index])
        self._show()

    def action_close(self) -> None:
        self.dismiss(None)
