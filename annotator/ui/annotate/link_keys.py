"""The annotate screen's keys for relations, attributes and document labels.

``e`` links the focused span (a ``LinkPicker`` lists the allowed targets nearest first, the
suggested speaker first of all), ``E`` removes its relations, ``k`` steps its attribute to the
next value, ``J`` focuses the next span with an attribute not set, ``L`` / ``K`` accept /
reject the next relation or attribute suggestion (annotator.suggest.relations), ``D`` opens the
document labels (the keys are in ui/shared/keys.toml). Every change goes through the screen's
``_change``: saved before the next key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from textual.screen import Screen

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.problems import printable
from annotator.session.editing import DocumentSession
from annotator.suggest.relations import AttributeSuggestion, RelationSuggestion
from annotator.ui.annotate.doc_labels_panel import DocLabelsPanel
from annotator.ui.annotate.link_picker import LinkPicker, Picked
from annotator.ui.shared.bindings import key_named

if TYPE_CHECKING:
    from annotator.ui.shared.article_view import ArticleView

LinkSuggestion = RelationSuggestion | AttributeSuggestion


class LinkKeys(Screen[None]):
    """Mixed into AnnotateScreen, which provides what is declared below."""

    span_focus: Span | None
    labels: LabelSet
    # While the link picker is up: the spans it offers, underlined on the article.
    link_targets: frozenset[Span] = frozenset()

    if TYPE_CHECKING:

        @property
        def session(self) -> DocumentSession: ...

        def _change(self, change: Callable[[DocumentSession], object]) -> bool: ...

        def _focus_span(self, span: Span | None) -> None: ...

        @property
        def view(self) -> ArticleView: ...

    def _focused(self, what: str) -> Span | None:
        if self.span_focus is None:
            self.notify(f"Focus a span first (Tab), then {what}.", markup=False)
        return self.span_focus

    def action_link(self) -> None:
        head = self._focused("press the link key")
        if head is None:
            return
        session = self.session
        targets = session.link_targets(head)
        if not targets:
            self.notify(
                f"No relation of the label set goes from {printable(head.label)} to a span here.",
                markup=False,
            )
            return
        suggested = [s for s in session.link_suggestions()[0] if s.head == head]
        for suggestion in reversed(suggested):
            targets.remove(suggestion.tail)
            targets.insert(0, suggestion.tail)

        def linked(picked: Picked | None) -> None:
            self.link_targets = frozenset()
            self._focus_span(head)
            if picked is None:
                return
            target, kind = picked
            same = next((s for s in suggested if (s.tail, s.type) == (target, kind)), None)
            if same is not None:  # the suggestion taken: it keeps its source and confidence
                self._change(lambda s: s.accept_link(same))
            else:
                self._change(lambda s: s.link(head, target, kind))

        picker = LinkPicker(
            head,
            targets,
            lambda target: session.relation_types(head, target),
            self.labels,
            self._focus_span,
            self._span_at_cell,
            self._reveal_above,
        )
        self.link_targets = frozenset(targets)
        self.app.push_screen(picker, linked)

    def _reveal_above(self, span: Span, top: int) -> None:
        """Scroll the article so ``span``'s first row is drawn above screen row ``top`` (the
        picker's box), when it is not already."""
        view = self.view
        region = view.content_region
        rows = min(top, region.bottom) - region.y
        if rows <= 0 or not view.text_layout.lines:
            return
        row = view.text_layout.row_of(span.start)
        first = int(view.scroll_offset.y)
        if not first <= row < first + rows:
            view.scroll_to(y=max(row - rows // 2, 0), animate=False, immediate=True)

    def _span_at_cell(self, x: int, y: int) -> Span | None:
        """The innermost link target shown at screen cell (x, y) of the article, if any."""
        view = self.view
        region = view.content_region
        if not region.contains(x, y) or not view.text_layout.lines:
            return None
        row = y - region.y + int(view.scroll_offset.y)
        found = view.text_layout.cell_range_at(row, x - region.x + int(view.scroll_offset.x))
        if found is None:
            return None
        under = [s for s in self.link_targets if s.start <= found[0] < s.end]
        return min(under, key=lambda s: s.end - s.start, default=None)

    def action_unlink(self) -> None:
        span = self._focused("press the key that removes its relations")
        if span is not None:
            self._change(lambda s: s.unlink_span(span))

    def action_cycle_attribute(self) -> None:
        span = self._focused("press the attribute key")
        if span is not None and self._change(lambda s: s.cycle_attribute(span)):
            self._focus_span(self.session.span_by_id(span.id))

    def action_next_unset(self) -> None:
        spans = self.session.attributes_unset()
        if not spans:
            self.notify("Every attribute is set in this document.", markup=False)
            return
        after = self.span_focus.start if self.span_focus is not None else -1
        self._focus_span(next((s for s in spans if s.start > after), spans[0]))

    def _next_link_suggestion(self) -> LinkSuggestion | None:
        relations, attributes = self.session.link_suggestions()
        found: list[LinkSuggestion] = [*relations, *attributes]
        if not found:
            self.notify("No relation or attribute suggestion left in this document.")
            return None
        return min(
            found, key=lambda s: s.head.start if isinstance(s, RelationSuggestion) else s.span.start
        )

    def action_accept_link(self) -> None:
        suggestion = self._next_link_suggestion()
        if suggestion is not None and self._change(lambda s: s.accept_link(suggestion)):
            self._focus_span(
                suggestion.head if isinstance(suggestion, RelationSuggestion) else suggestion.span
            )

    def action_reject_link(self) -> None:
        suggestion = self._next_link_suggestion()
        if suggestion is not None:
            self._change(lambda s: s.reject_link(suggestion))

    def action_doc_labels(self) -> None:
        if not self.labels.doc_labels:
            self.notify("The label set has no document labels.", markup=False)
            return

        def toggle(name: str, value: str) -> None:
            self._change(lambda s: s.toggle_doc_label(name, value))

        self.app.push_screen(DocLabelsPanel(self.labels, lambda: self.session.doc_labels, toggle))


def link_hint(session: DocumentSession, span: Span, keys: Mapping[str, list[str]]) -> str:
    """What the relation and attribute keys do on ``span``, for the status line: the
    attribute key and the attribute it steps with its value now (``?`` when not set), the
    link key when a relation may start from it; each key as ``keys`` (binding id -> the keys
    in force) names it. Empty when neither applies."""
    parts = []
    attribute = next(iter(session.schema.attributes_of(span.label)), None)
    if attribute is not None:
        value = session.attributes_of(span).get(attribute.name)
        shown = "?" if value is None else printable(str(value))
        parts.append(f"{key_named(keys, 'annotate.attribute')} {printable(attribute.name)}={shown}")
    if any(span.label in r.head for r in session.schema.schema.relations):
        parts.append(f"{key_named(keys, 'annotate.link')} link")
    return " ".join(parts)


def link_notes(session: DocumentSession) -> dict[str, tuple[str, str]]:
    """What the span list shows after each span's text, as (what the label set names, the
    linked spans' text): the relations it heads (``← SPEAKER:``, ``نتنياهو``), those it is the
    tail of (``→ SPEAKER``) and its attributes (``kind=killed``)."""
    names: dict[str, list[str]] = {}
    texts: dict[str, list[str]] = {}
    for relation in session.relations:
        tail = session.span_by_id(relation.tail)
        if tail is not None:
            kind = printable(relation.type)
            names.setdefault(relation.head, []).append(f"← {kind}:")
            texts.setdefault(relation.head, []).append(tail.text)
            names.setdefault(relation.tail, []).append(f"→ {kind}")
    for span in session.spans:
        for name, value in session.attributes_of(span).items():
            names.setdefault(span.id, []).append(f"{printable(name)}={printable(str(value))}")
    return {
        span_id: (" ".join(parts), " / ".join(texts.get(span_id, [])))
        for span_id, parts in names.items()
    }
