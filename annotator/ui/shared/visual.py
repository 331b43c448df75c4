"""Short strings of document text (span texts, notes, ids) in screen order, and the one-row
lines that hold them.

Any text from a document is shown through the layout engine, so a span's Arabic text in a
side panel is shaped and ordered exactly as in the article, and never parsed as markup.
A text too long for its row is cut in logical order before it is laid out: the reading's
start is always shown and ``…`` stands where the reading goes on (for Arabic, at the left).
Cutting the drawn row instead (a widget clipping at its right edge) would drop the start of
an Arabic text, so every row that holds document text is built by ``fit_row`` to the
width it really has.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget
from textual.widgets import OptionList

from annotator.layout.layout import layout_text
from annotator.layout.shaping import shape

ELLIPSIS = "…"


def _flat(text: str) -> str:
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _render(text: str) -> tuple[str, int, bool]:
    """``text`` laid out on one row: (glyphs in visual order, cells used, right-to-left)."""
    if text.isascii() and text.isprintable():
        # Nothing to shape or reorder: one cell per character, in typing order. Most ids,
        # labels and numbers are so, and a list of thousands must not lay each one out.
        return text, len(text), False
    layout = layout_text(text, max(len(text), 1) * 2 + 2)
    cells = [cell for line in layout.lines for cell in line.cells]
    rtl = bool(layout.lines) and layout.lines[0].rtl
    return "".join(cell.glyph for cell in cells), sum(cell.width for cell in cells), rtl


def cells_of(text: str) -> int:
    """The cells ``text`` takes on one row, shaped."""
    return _render(_flat(text))[1]


def is_rtl(text: str) -> bool:
    """Whether ``text`` reads right to left (its first strong letter), so it is right-aligned."""
    return _render(_flat(text))[2]


def _cut_points(flat: str, words: bool) -> list[int]:
    """Where ``flat`` may be cut, ascending: the ends of its screen clusters (never between a
    letter and its marks, nor inside a lam-alef ligature); with ``words``, only the ends of
    words, unless no word end is there (one long word)."""
    ends = [cluster.end for cluster in shape(flat)]
    if words:
        at_words = [i for i in ends if i < len(flat) and flat[i].isspace() and i > 0]
        at_words = [i for i in at_words if not flat[i - 1].isspace()]
        if at_words:
            return at_words
    return ends


def visual_line(text: str, width: int, words: bool = False) -> str:
    """``text`` on one line of at most ``width`` cells, shaped and in visual order.

    Line breaks become spaces; text that does not fit is cut in logical order (the end of
    the reading is dropped) at a cluster's end (with ``words``, at a word's end when the
    first word fits) and marked with an ellipsis on the reading-end side.
    """
    if width <= 0:
        return ""
    flat = _flat(text)
    shown, used, rtl = _render(flat)
    if used <= width:
        return shown
    points = _cut_points(flat, words)
    if words and _render(flat[: points[0]].rstrip())[1] > width - 1:
        points = _cut_points(flat, False)  # not even the first word fits: cut inside it
    lo, hi = 0, len(points)  # the first ``lo`` points leave a text that fits
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _render(flat[: points[mid - 1]].rstrip())[1] <= width - 1:
            lo = mid
        else:
            hi = mid - 1
    shown = _render(flat[: points[lo - 1]].rstrip())[0] if lo else ""
    return ELLIPSIS + shown if rtl else shown + ELLIPSIS


def plain(text: str) -> Content:
    """Content that is exactly ``text``: no markup is interpreted."""
    return Content(text)


@dataclass(frozen=True, slots=True)
class Doc:
    """Text from a document (span text, id, name, note) in a row: shaped, and shortened
    when the row is too narrow; ``cells`` caps it even when there is room."""

    text: str
    style: str = ""
    cells: int | None = None
    # Cut at a word's end: for a name, where half a word would read as another word.
    words: bool = False


Part = str | tuple[str, str] | Doc


def fixed_cells(parts: tuple[Part, ...]) -> int:
    """The cells the parts that are not document text take (they are never shortened)."""
    return sum(
        cell_len(part if isinstance(part, str) else part[0])
        for part in parts
        if not isinstance(part, Doc)
    )


def fit_row(width: int, *parts: Part) -> Content:
    """``parts`` on one row of ``width`` cells: plain strings and (string, style) pairs as
    they are, each ``Doc`` shaped and cut in logical order to share the room left fairly
    (a short text takes what it needs, the longer ones split the rest)."""
    docs = [i for i, part in enumerate(parts) if isinstance(part, Doc)]
    needs = {}
    for i in docs:
        doc = parts[i]
        assert isinstance(doc, Doc)
        need = cells_of(doc.text)
        needs[i] = need if doc.cells is None else min(need, doc.cells)
    room = max(width - fixed_cells(parts), 0)
    given: dict[int, int] = {}
    waiting = sorted(docs, key=lambda i: needs[i])
    while waiting:
        share = room // len(waiting)
        i = waiting.pop(0)
        # A text with no room left still shows its ellipsis: a cut is never silent.
        given[i] = min(needs[i], max(share, 1))
        room -= given[i]
    out: list[str | tuple[str, str]] = []
    for i, part in enumerate(parts):
        if isinstance(part, Doc):
            out.append((visual_line(part.text, given[i], part.words), part.style))
        else:
            out.append(part)
    row = Content.assemble(*out)
    # Parts that are not document text (numbers, labels) wider than the row: cut where the
    # row ends, and say so, rather than let the widget's edge drop digits silently.
    return row.truncate(width, ellipsis=True) if row.cell_length > width else row


def first_fitting(width: int, layouts: list[tuple[Part, ...]], doc_cells: int = 8) -> Content:
    """The first of ``layouts`` (fullest first) in which every document text fits whole;
    failing that, the first that leaves each at least ``doc_cells`` cells; else the last."""
    for least in (None, doc_cells):
        for parts in layouts:
            needs = [cells_of(p.text) for p in parts if isinstance(p, Doc)]
            wanted = sum(need if least is None else min(least, need) for need in needs)
            if fixed_cells(parts) + wanted <= width:
                return fit_row(width, *parts)
    return fit_row(width, *layouts[-1])


def option_width(option_list: OptionList) -> int:
    """The cells one row of an ``OptionList`` has for its text."""
    padding = option_list.get_component_styles("option-list--option").padding
    width: int = option_list.scrollable_content_region.width - padding.width
    return max(width, 0)


class OneLine(Widget):
    """One row built by ``fit_row`` to the width the widget has when drawn (so a resize
    cuts document text again in logical order, never at the row's right edge)."""

    DEFAULT_CSS = """
    OneLine {
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._layouts: list[tuple[Part, ...]] = [()]

    def show(self, *parts: Part) -> None:
        self.show_layouts([parts])

    def show_layouts(self, layouts: list[tuple[Part, ...]]) -> None:
        """The fullest of ``layouts`` that fits (see ``first_fitting``)."""
        if layouts != self._layouts:
            self._layouts = layouts
            self.refresh()

    def render(self) -> Content:
        return first_fitting(self.size.width, self._layouts)
