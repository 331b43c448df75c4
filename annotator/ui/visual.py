"""Short strings of document text (span texts, notes, ids) in screen order.

Any text from a document is shown through the layout engine, so a span's Arabic text in a
side panel is shaped and ordered exactly as in the article, and never parsed as markup.
"""

from __future__ import annotations

from textual.content import Content

from annotator.layout.layout import layout_text

ELLIPSIS = "…"


def _render(text: str) -> tuple[str, int, bool]:
    """``text`` laid out on one row: (glyphs in visual order, cells used, right-to-left)."""
    layout = layout_text(text, max(len(text), 1) * 2 + 2)
    cells = [cell for line in layout.lines for cell in line.cells]
    rtl = bool(layout.lines) and layout.lines[0].rtl
    return "".join(cell.glyph for cell in cells), sum(cell.width for cell in cells), rtl


def visual_line(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` cells, shaped and in visual order.

    Line breaks become spaces; text that does not fit is cut in logical order (the end of
    the reading is dropped) and marked with an ellipsis on the reading-end side.
    """
    if width <= 0:
        return ""
    flat = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    shown, used, rtl = _render(flat)
    if used <= width:
        return shown
    lo, hi = 0, len(flat)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _render(flat[:mid].rstrip())[1] <= width - 1:
            lo = mid
        else:
            hi = mid - 1
    shown = _render(flat[:lo].rstrip())[0]
    return ELLIPSIS + shown if rtl else shown + ELLIPSIS


def plain(text: str) -> Content:
    """Content that is exactly ``text``: no markup is interpreted."""
    return Content(text)
