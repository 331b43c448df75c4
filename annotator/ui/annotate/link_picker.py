"""Linking a span to another: the allowed targets nearest first, then the relation type.

The picker sits at the bottom of the screen over a clear background, so the article stays in
sight: each target it steps to is focused there (``on_step``), highlighted like any focused
span. Tab / ↓ step on, Shift+Tab / ↑ step back, a digit picks that row, Enter picks the
highlighted one; when more than one relation type fits the two labels, the same list then
offers the types. Esc leaves without linking.

With the mouse: a click on a row picks it, and a click on the article (every allowed target
is underlined there) picks the target under the pointer (``span_at`` maps a screen cell to
the span it shows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.problems import printable
from annotator.ui.shared.bindings import digit_bindings, row_number
from annotator.ui.shared.visual import Doc, fit_row, option_width, plain

ROW_CHARS = 80

Picked = tuple[Span, str]


class LinkPicker(ModalScreen[Picked | None]):
    DEFAULT_CSS = """
    LinkPicker { align: center bottom; background: transparent; }
    LinkPicker #link-box {
        width: 100%; height: auto; max-height: 14; background: $surface;
        border: round $primary; padding: 0 1;
    }
    LinkPicker OptionList { height: auto; max-height: 10; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab,down", "step(1)", "Next target", id="link.next"),
        Binding("shift+tab,up", "step(-1)", "Previous target", id="link.previous"),
        Binding("enter", "pick", "Link", id="link.pick"),
        Binding("escape", "cancel", "Cancel", id="link.cancel"),
        *digit_bindings("link"),
    ]

    def __init__(
        self,
        head: Span,
        targets: Sequence[Span],
        types_of: Callable[[Span], tuple[str, ...]],
        labels: LabelSet,
        on_step: Callable[[Span], None],
        span_at: Callable[[int, int], Span | None] = lambda x, y: None,
        reveal: Callable[[Span, int], None] = lambda span, y: None,
    ) -> None:
        super().__init__()
        self.span_at = span_at
        self.reveal = reveal
        self.head = head
        self.targets = list(targets)
        self.types_of = types_of
        self.labels = labels
        self.on_step = on_step
        self.target: Span | None = None  # chosen; the types are listed then

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box"):
            yield Label(id="link-title")
            yield OptionList(id="link-options")

    @property
    def options(self) -> OptionList:
        return self.query_one("#link-options", OptionList)

    def on_mount(self) -> None:
        self.app.clear_notifications()
        self._list_targets()

    def _title(self, text: str) -> None:
        self.query_one("#link-title", Label).update(plain(text))

    def _list_targets(self) -> None:
        # Short enough for an 80-column box, so "Esc cancel" is never cut off.
        self._title(
            f"link {printable(self.head.label)} to: Tab/↑↓ step, 1-9/Enter/click pick, Esc cancel"
        )
        width = option_width(self.options) or ROW_CHARS
        self.options.set_options(
            Option(self._target_row(i, span, width)) for i, span in enumerate(self.targets)
        )
        self.options.highlighted = 0
        self._step_to(self.targets[0])

    def _step_to(self, span: Span) -> None:
        """Focus ``span`` on the article and, once the box is drawn, scroll the article so
        the span is above the box rather than hidden behind it."""
        self.on_step(span)
        self.call_after_refresh(lambda: self.reveal(span, self.query_one("#link-box").region.y))

    def _target_row(self, i: int, span: Span, width: int) -> Content:
        label = self.labels.get(span.label)
        colour = label.color if label else "#888888"
        return fit_row(
            width,
            (f"{row_number(i)} ", "bold"),
            (printable(span.label), f"#1b1b1b on {colour}"),
            " ",
            Doc(span.text[:ROW_CHARS]),
            (f" {span.start}–{span.end}", "dim"),
        )

    def _list_types(self, types: tuple[str, ...]) -> None:
        self._title("relation type: 1-9 or Enter pick, Esc cancel")
        self.options.set_options(
            Option(plain(f"{row_number(i)} {printable(kind)}")) for i, kind in enumerate(types)
        )
        self.options.highlighted = 0

    def action_step(self, step: int) -> None:
        count = self.options.option_count
        current = self.options.highlighted or 0
        self.options.highlighted = (current + step) % count
        if self.target is None:
            self._step_to(self.targets[self.options.highlighted])

    def action_number(self, index: int) -> None:
        if index < self.options.option_count:
            self.options.highlighted = index
            self.action_pick()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.options.highlighted = event.option_index
        self.action_pick()

    def action_pick(self) -> None:
        index = self.options.highlighted or 0
        if self.target is None:
            target = self.targets[index]
            types = self.types_of(target)
            if len(types) == 1:
                self.dismiss((target, types[0]))
                return
            self.target = target
            self._list_types(types)
            return
        self.dismiss((self.target, self.types_of(self.target)[index]))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_click(self, event: events.Click) -> None:
        """A click beside the box lands on the article behind it: the target there is picked
        (the types follow when more than one fits)."""
        if self.query_one("#link-box").region.contains(event.screen_x, event.screen_y):
            return
        event.stop()
        if self.target is not None:
            return
        span = self.span_at(event.screen_x, event.screen_y)
        if span is None or span not in self.targets:
            self.notify(
                "Not a target: click an underlined span (or a row below), Esc to cancel.",
                markup=False,
            )
            return
        self.options.highlighted = self.targets.index(span)
        self.on_step(span)
        self.action_pick()
