"""Display lines of a document for a terminal of a given width, with exact offset maps, laid
out lazily: only the blocks of text that a caller asks about.

The text is cut into blocks of whole paragraphs of at most PIECE characters (a longer
paragraph is cut after a space into pieces, each laid out on its own). A block is laid out
(lines.py) the first time one of its rows or offsets is asked for; until then its row count
is an estimate. When a block's exact count differs from its estimate, the rows after it
move and `version` grows, so a view knows to size its scroll area again. Laid-out blocks
are kept up to CACHE_CELLS cells and the least recently used are dropped beyond (their exact
row counts stay). Every cell carries the document range [start, end) it shows, so
(row, col) -> offset and offset range -> cells are exact. See docs/layout.md.
"""

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from itertools import accumulate
from typing import overload

from annotator.layout.bidi import paragraph_level
from annotator.layout.lines import (
    DIRECTIONS,
    MODES,
    Cell,
    DisplayLine,
    LayoutOptions,
    lay_paragraph,
)

__all__ = ["DIRECTIONS", "Cell", "DisplayLine", "Layout", "LayoutOptions", "layout_text"]

# Characters per block. A paragraph longer than this is laid out in pieces that end after a
# space: lines never cross a piece's edge, and bidi resolution does not look across it.
PIECE = 4_096
# Laid-out cells kept in memory (about 100 bytes each).
CACHE_CELLS = 400_000
# How much of a paragraph's start is read at first to find its first strong letter.
_LEVEL_PREFIX = 4_096


class _Block:
    """The display lines of one laid-out block, with per-row maps built on first use."""

    __slots__ = ("cells", "columns", "lines", "offset_columns", "starts")

    def __init__(self, lines: list[DisplayLine]) -> None:
        self.lines = lines
        self.starts = [line.start for line in lines]
        self.columns: dict[int, list[int]] = {}
        self.offset_columns: dict[int, dict[int, int]] = {}
        self.cells = sum(len(line.cells) for line in lines) + len(lines)


class Lines(Sequence[DisplayLine]):
    """`layout.lines`: the rows as a sequence; indexing lays out only the row's block, and
    iterating lays out block after block."""

    def __init__(self, layout: "Layout") -> None:
        self._layout = layout

    def __len__(self) -> int:
        return self._layout.row_count

    @overload
    def __getitem__(self, row: int) -> DisplayLine: ...
    @overload
    def __getitem__(self, row: slice) -> Sequence[DisplayLine]: ...
    def __getitem__(self, row: int | slice) -> DisplayLine | Sequence[DisplayLine]:
        if isinstance(row, slice):
            return list(self)[row]
        line = self._layout.line(row if row >= 0 else row + len(self))
        if line is None:
            raise IndexError(f"row {row} outside the layout (0..{len(self) - 1})")
        return line

    def __iter__(self) -> Iterator[DisplayLine]:
        return self._layout.iter_lines()


class Layout:
    """The display lines of `text` and the maps between screen cells and offsets."""

    def __init__(
        self,
        text: str,
        width: int,
        options: LayoutOptions,
        piece: int = PIECE,
        cache_cells: int = CACHE_CELLS,
    ) -> None:
        self.text = text
        self.width = width
        self.options = options
        self.lines = Lines(self)
        self.version = 0  # grows whenever rows move (an estimated block was laid out)
        self._starts, self._paragraphs = _blocks(text, piece)
        self._ends = [*self._starts[1:], len(text)]
        self._counts = [
            self._estimate(start, end) for start, end in zip(self._starts, self._ends, strict=True)
        ]
        self._row_starts: list[int] | None = None
        self._row_count = sum(self._counts)
        self._laid: OrderedDict[int, _Block] = OrderedDict()
        self._cells = 0
        self._cache_cells = cache_cells
        self._levels: dict[int, int] = {}  # paragraph start -> paragraph level

    @property
    def row_count(self) -> int:
        """Rows as far as known: exact for laid-out blocks, estimated for the others."""
        return self._row_count

    def iter_lines(self) -> Iterator[DisplayLine]:
        """Every row in order, laying out block after block."""
        for block in range(len(self._starts)):
            yield from self._block(block).lines

    # -- blocks -----------------------------------------------------------------------------

    def _estimate(self, start: int, end: int) -> int:
        paragraphs = self.text.count("\n", start, end)
        if end == len(self.text) or self.text[end - 1] != "\n":
            paragraphs += 1
        return paragraphs + (end - start) // self.width

    def _row_starts_list(self) -> list[int]:
        if self._row_starts is None:
            self._row_starts = list(accumulate(self._counts, initial=0))
        return self._row_starts

    def _row_start(self, block: int) -> int:
        return self._row_starts_list()[block]

    def _block(self, block: int) -> _Block:
        laid = self._laid.get(block)
        if laid is not None:
            self._laid.move_to_end(block)
            return laid
        laid = _Block(self._lay_block(block))
        count = len(laid.lines)
        if count != self._counts[block]:
            self._row_count += count - self._counts[block]
            self._counts[block] = count
            self._row_starts = None
            self.version += 1
        self._laid[block] = laid
        self._cells += laid.cells
        while self._cells > self._cache_cells and len(self._laid) > 1:
            _, dropped = self._laid.popitem(last=False)
            self._cells -= dropped.cells
        return laid

    def _lay_block(self, block: int) -> list[DisplayLine]:
        text = self.text
        start, end = self._starts[block], self._ends[block]
        if end > start and text[end - 1] == "\n":
            end -= 1  # the next paragraph starts in the next block
        index = self._paragraphs[block]
        lines: list[DisplayLine] = []
        offset = start
        while True:
            stop = text.find("\n", offset, end)
            last = stop < 0
            if last:
                stop = end
            # The CR of a CRLF line end belongs to the line break, like the LF.
            shown_end = stop
            if stop > offset and text[stop - 1] == "\r" and text[stop : stop + 1] == "\n":
                shown_end -= 1
            para = self._paragraph_level(text.rfind("\n", 0, offset) + 1)
            lines += lay_paragraph(
                text[offset:shown_end], offset, index, para, self.width, self.options
            )
            if last:
                return lines
            offset = stop + 1
            index += 1

    def _paragraph_level(self, start: int) -> int:
        """The level of the paragraph starting at `start`: forced, or its first strong letter
        (HL1), else the previous paragraph's (P3's 0 for the first)."""
        forced = DIRECTIONS[self.options.direction]
        if forced is not None:
            return forced
        pending: list[int] = []
        level = -1
        while level < 0:
            known = self._levels.get(start)
            if known is not None:
                level = known
                break
            level = self._first_letter_level(start)
            if level >= 0:
                self._levels[start] = level
            else:
                pending.append(start)
                if start == 0:
                    level = 0
                else:
                    start = self.text.rfind("\n", 0, start - 1) + 1
        for start in pending:
            self._levels[start] = level
        return level

    def _first_letter_level(self, start: int) -> int:
        """The level of the first strong letter of the paragraph at `start`; -1 if none.
        Read from a prefix that grows only while no letter is found outside isolates."""
        end = self.text.find("\n", start)
        if end < 0:
            end = len(self.text)
        size = _LEVEL_PREFIX
        while True:
            stop = min(start + size, end)
            level = paragraph_level(self.text[start:stop], -1, skip_marks=True)
            if level >= 0 or stop == end:
                return level
            size *= 16

    def _block_of(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    def _locate(self, row: int) -> tuple[int, _Block, int] | None:
        """(block, its lines, row within it) of `row`; None outside the layout."""
        while 0 <= row < self._row_count:
            block = bisect_right(self._row_starts_list(), row) - 1
            laid = self._block(block)
            local = row - self._row_start(block)
            if local < len(laid.lines):
                return block, laid, local
            # The block had fewer rows than estimated: the row is now in a later block.
        return None

    def lay_out_around(self, offset: int, rows: int) -> None:
        """Lay out the blocks within `rows` rows before and after `offset`'s block, so that
        showing them moves no row (a screen around the cursor, before scrolling to it)."""
        self._check_offset(offset)
        block = self._block_of(offset)
        self._block(block)
        before = after = 0
        earlier, later = block - 1, block + 1
        while earlier >= 0 and before < rows:
            before += len(self._block(earlier).lines)
            earlier -= 1
        while later < len(self._starts) and after < rows:
            after += len(self._block(later).lines)
            later += 1

    # -- rows and offsets ----------------------------------------------------------------

    def line(self, row: int) -> DisplayLine | None:
        """Row `row`, or None outside the layout (the row count can change as blocks are
        laid out)."""
        found = self._locate(row)
        return None if found is None else found[1].lines[found[2]]

    def _cell_at(self, row: int, col: int) -> Cell | None:
        found = self._locate(row)
        if found is None or col < 0:
            return None
        _, laid, local = found
        line = laid.lines[local]
        columns = laid.columns.get(local)
        if columns is None:
            columns = [-1] * line.indent
            for k, cell in enumerate(line.cells):
                columns.extend([k] * cell.width)
            laid.columns[local] = columns
        if col >= len(columns) or columns[col] < 0:
            return None
        return line.cells[columns[col]]

    def offset_at(self, row: int, col: int) -> int | None:
        """The first logical offset shown by the cell at (row, col); None for an empty cell."""
        cell = self._cell_at(row, col)
        return None if cell is None else cell.start

    def cell_range_at(self, row: int, col: int) -> tuple[int, int] | None:
        """The [start, end) shown by the cell at (row, col); None for an empty cell."""
        cell = self._cell_at(row, col)
        return None if cell is None else (cell.start, cell.end)

    def _find(self, offset: int) -> tuple[int, _Block, int]:
        self._check_offset(offset)
        block = self._block_of(offset)
        laid = self._block(block)
        return block, laid, max(bisect_right(laid.starts, offset) - 1, 0)

    def row_of(self, offset: int) -> int:
        """The row showing `offset`; a line break (LF, or CR LF) belongs to the last row of its
        paragraph."""
        block, _, local = self._find(offset)
        return self._row_start(block) + local

    def position_of(self, offset: int) -> tuple[int, int]:
        """(row, col) of the cell showing `offset`. An offset no cell shows (a newline, the
        end of the text) is placed just past the logical end of its row."""
        block, laid, local = self._find(offset)
        line = laid.lines[local]
        columns = laid.offset_columns.get(local)
        if columns is None:
            columns = {}
            col = line.indent
            for cell in line.cells:
                for o in range(cell.start, cell.end):
                    columns[o] = col
                col += cell.width
            laid.offset_columns[local] = columns
        found = columns.get(offset)
        if found is None:
            if line.rtl and self.options.mode == "app":
                found = max(line.indent - 1, 0)
            else:
                used = line.indent + sum(cell.width for cell in line.cells)
                found = min(used, self.width - 1)
        return self._row_start(block) + local, found

    def row_pieces(self, row: int, start: int, end: int) -> list[tuple[int, int]]:
        """(col_start, col_end) runs of adjacent cells of `row` showing any of [start, end)."""
        line = self.line(row)
        return [] if line is None else _runs(line, start, end)

    def pieces(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """(row, col_start, col_end) runs of adjacent cells showing any of [start, end)."""
        start = max(start, 0)
        end = min(end, len(self.text))
        if start >= end:
            return []
        out: list[tuple[int, int, int]] = []
        # Block by block: laying one out moves only the rows after it.
        for block in range(self._block_of(start), self._block_of(end - 1) + 1):
            laid = self._block(block)
            first = self._row_start(block)
            for local, line in enumerate(laid.lines):
                if line.start < end and line.end > start:
                    out.extend((first + local, a, b) for a, b in _runs(line, start, end))
        return out

    def _check_offset(self, offset: int) -> None:
        if not 0 <= offset <= len(self.text):
            raise IndexError(f"offset {offset} outside the text (0..{len(self.text)})")


def _runs(line: DisplayLine, start: int, end: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    col = line.indent
    run = -1
    for cell in line.cells:
        if cell.start < end and cell.end > start:
            if run < 0:
                run = col
        elif run >= 0:
            out.append((run, col))
            run = -1
        col += cell.width
    if run >= 0:
        out.append((run, col))
    return out


def _blocks(text: str, piece: int) -> tuple[list[int], list[int]]:
    """Block starts and the paragraph number each block starts in. A block ends after the
    last line break within `piece` characters, else (a longer paragraph) after the last
    space, else after `piece` characters. Text ending with a line break (or no text) ends
    with an empty block: the empty last paragraph."""
    starts: list[int] = []
    paragraphs: list[int] = []
    n = len(text)
    start = 0
    paragraph = 0
    while start < n:
        starts.append(start)
        paragraphs.append(paragraph)
        stop = text.rfind("\n", start, start + piece + 1)
        if stop >= 0:
            end = stop + 1
            paragraph += text.count("\n", start, end)
        elif start + piece >= n:
            end = n
        else:
            space = text.rfind(" ", start + 1, start + piece)
            end = space + 1 if space > start else start + piece
        start = end
    if not n or text[-1] == "\n":
        starts.append(n)
        paragraphs.append(paragraph)
    return starts, paragraphs


_DEFAULT_OPTIONS = LayoutOptions()


def layout_text(text: str, width: int, options: LayoutOptions = _DEFAULT_OPTIONS) -> Layout:
    """Lay `text` out in lines of at most `width` cells (a width below 1 counts as 1)."""
    if options.direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    if options.mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    return Layout(text, max(width, 1), options)
