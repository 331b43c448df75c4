"""The side list of the document's spans in reading order; picking one jumps to it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from annotator.labels import LabelSet
from annotator.model import Span
from annotator.ui.visual import visual_line

TEXT_CELLS = 12


class SpanList(OptionList, can_focus=False):
    """Not in the focus chain: Tab steps through spans in the article instead."""

    class Picked(Message):
        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    def __init__(self, labels: LabelSet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.labels = labels
        self.spans: tuple[Span, ...] = ()
        # A span's line never changes; laying out its text once keeps labelling fast.
        self._prompts: dict[Span, Content] = {}

    def _prompt(self, span: Span) -> Content:
        label = self.labels.get(span.label)
        colour = label.color if label else "#888888"
        return Content.assemble(
            (f"{span.label[:4]:<4}", f"#1b1b1b on {colour}"),
            " ",
            visual_line(span.text, TEXT_CELLS),
            (f" {span.start}–{span.end}", "dim"),
        )

    def show(self, spans: Sequence[Span], focused: Span | None) -> None:
        if tuple(spans) != self.spans:
            self.spans = tuple(spans)
            self._prompts = {span: self._prompts.get(span) or self._prompt(span) for span in spans}
            self.set_options(Option(self._prompts[span]) for span in self.spans)
        if focused is not None and focused in self.spans:
            self.highlighted = self.spans.index(focused)
        else:
            self.highlighted = None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self.spans[event.option_index]))
