"""The display lines of one paragraph, or of one piece of a long paragraph.

Shape into clusters (shaping.py), resolve bidi levels once for the whole paragraph (bidi.py),
break lines in logical order, then reorder each line with L1-L4 using the paragraph's levels.
Every cell carries the document range [start, end) it shows. See docs/layout.md.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

from annotator.layout.bidi import line_levels, resolve_levels, visual_order
from annotator.layout.bidi_tables import MIRRORS
from annotator.layout.shaping import Shaped, shape_parts

DIRECTIONS = {"auto": None, "rtl": 1, "ltr": 0}
MODES = ("app", "terminal")

# Lines break next to these (never at a no-break space).
_BREAK_SPACES = frozenset(
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)
_MIRROR_CHARS = {chr(a): chr(b) for a, b in MIRRORS.items()}
_MIRROR_KEYS = frozenset(_MIRROR_CHARS)


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    # "auto": each paragraph's first strong letter (P2/P3 with HL1: LRM, RLM, ALM skipped),
    # else the previous paragraph's direction; or "rtl" / "ltr".
    direction: str = "auto"
    show_invisibles: bool = False
    # Markers for embeddings, overrides and isolates, so that no line can read as different
    # text than it is (they are still applied); False hides them like other invisibles.
    show_bidi_controls: bool = True
    mode: str = "app"  # "app": shaping and bidi here; "terminal": logical order, unshaped


class Cell(NamedTuple):
    """One screen cell (two columns when `width` is 2). A named tuple rather than a frozen
    dataclass: a layout makes one per character and tuple construction is several times
    cheaper (see bench/layout.py)."""

    glyph: str
    start: int  # the document range [start, end) this cell shows
    end: int
    width: int


_new_cell = tuple.__new__


@dataclass(frozen=True, slots=True)
class DisplayLine:
    paragraph: int
    start: int  # document range covered by the line, trailing spaces included
    end: int
    rtl: bool  # the paragraph's base direction
    indent: int  # blank columns before the first cell (right alignment of RTL paragraphs)
    cells: tuple[Cell, ...]  # visual order, left to right


def lay_paragraph(
    paragraph: str, offset: int, index: int, para: int, width: int, options: LayoutOptions
) -> list[DisplayLine]:
    """The display lines of `paragraph` (no line break in it), which starts at document
    offset `offset`, is paragraph number `index` and has the paragraph level `para`."""
    app = options.mode == "app"
    shaped = shape_parts(
        paragraph,
        show_invisibles=options.show_invisibles,
        show_bidi_controls=options.show_bidi_controls,
        reshape=app,
    )
    if paragraph and not shaped[1]:
        # Only invisible characters: show their markers, so that they have cells.
        shaped = shape_parts(paragraph, show_invisibles=True, reshape=app)
    resolved = None
    if app:
        classes, levels, para = resolve_levels(paragraph, para)
        resolved = (classes, levels)
    return _lay_paragraph(index, offset, paragraph, shaped, resolved, para, width)


def _lay_paragraph(
    index: int,
    offset: int,
    paragraph: str,
    shaped: Shaped,
    resolved: tuple[list[str], list[int]] | None,
    para: int,
    width: int,
) -> list[DisplayLine]:
    """The display lines of one paragraph; `resolved` (bidi classes and levels) None means
    logical order."""
    rtl = bool(para & 1)
    glyphs, bases, wide = shaped
    if not bases:
        indent = width if rtl and resolved is not None else 0
        return [DisplayLine(index, offset, offset, rtl, indent, ())]
    lines: list[DisplayLine] = []
    # Cluster k covers [bases[k], bases[k + 1]) of the paragraph, the first from its start;
    # its cell, with document offsets, is built straight from those lists.
    starts = [b + offset for b in bases]
    starts[0] = offset
    ends = starts[1:]
    ends.append(len(paragraph) + offset)
    widths = [1] * len(bases)
    for k in wide:
        widths[k] = 2
    cells = list(map(_new_cell, repeat(Cell), zip(glyphs, starts, ends, widths, strict=True)))
    mirrors = _mirror_candidates(paragraph) if resolved is not None else []
    for first, last in _break(paragraph, bases, widths, width):
        line_cells = cells[first:last]
        start = starts[first]
        end = ends[last - 1]
        if resolved is not None:
            classes, levels = resolved
            line_start = bases[first]
            line_end = bases[last - 1]
            # L1 on the line's characters; a cluster is placed by its base character's level.
            char_start = start - offset
            char_levels = line_levels(classes, levels, para, char_start, end - offset)
            cluster_levels = [char_levels[b - char_start] for b in bases[first:last]]
            for m in range(bisect_left(mirrors, line_start), bisect_right(mirrors, line_end)):
                i = mirrors[m]
                k = bisect_left(bases, i, first, last)
                if k < last and bases[k] == i and cluster_levels[k - first] & 1:
                    ch = paragraph[i]
                    cell = line_cells[k - first]
                    if cell.glyph[:1] == ch:
                        glyph = _MIRROR_CHARS[ch] + cell.glyph[1:]
                        line_cells[k - first] = _new_cell(Cell, (glyph, *cell[1:]))
            line_cells = [line_cells[k] for k in visual_order(cluster_levels)]
        used = sum(widths[first:last])
        indent = max(width - used, 0) if rtl and resolved is not None else 0
        lines.append(DisplayLine(index, start, end, rtl, indent, tuple(line_cells)))
    return lines


def _mirror_candidates(paragraph: str) -> list[int]:
    """L4 candidates: sorted indices of characters with a mirrored glyph (brackets, « »)."""
    found = []
    for ch in _MIRROR_KEYS.intersection(paragraph):
        i = paragraph.find(ch)
        while i >= 0:
            found.append(i)
            i = paragraph.find(ch, i + 1)
    found.sort()
    return found


def _break(
    paragraph: str, bases: list[int], widths: list[int], width: int
) -> list[tuple[int, int]]:
    """(first, last) cluster ranges of the lines: as many clusters as fit, ending next to a
    space where possible, mid-word only when a word is wider than the line."""
    n = len(widths)
    total = sum(widths)
    if total <= width:
        return [(0, n)]
    uniform = widths.count(1) == n  # every cluster one cell wide: a line is `width` clusters
    ranges = []
    first = 0
    while first < n:
        if uniform:
            last = min(first + width, n)
        else:
            used = 0
            last = first
            while last < n:
                used += widths[last]
                if used > width and last > first:
                    break
                last += 1
        if last < n:
            last = _break_point(paragraph, bases, first, last)
        ranges.append((first, last))
        first = last
    return ranges


def _break_point(paragraph: str, bases: list[int], first: int, last: int) -> int:
    """Where to end a line whose clusters [first, last) fit and cluster `last` does not.

    After the last space that follows a word; else before the space that did not fit; else
    after the line's leading spaces, so that a word no wider than a line is never split;
    else mid-word (a word wider than the line).
    """
    spaces = _BREAK_SPACES
    lead = first
    while lead < last and paragraph[bases[lead]] in spaces:
        lead += 1
    for k in range(last, lead + 1, -1):
        if paragraph[bases[k - 1]] in spaces:
            return k
    if paragraph[bases[last]] in spaces or not first < lead < last:
        return last
    return lead
