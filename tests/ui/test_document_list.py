"""The review's document list: thousands of documents, a row built only when it is drawn,
the current one highlighted and scrolled to, counts and order that change redrawn, a click
that picks a document."""

from __future__ import annotations

import html
import re

from textual.app import App, ComposeResult

from annotator.ui.review.widgets import DocumentList

IDS = [f"doc-{n:05d}" for n in range(20_000)]


class ListApp(App[None]):
    CSS = "DocumentList { height: 8; }"

    def __init__(self) -> None:
        super().__init__()
        self.picked: list[int] = []

    def compose(self) -> ComposeResult:
        yield DocumentList(list(IDS), id="docs")

    def on_document_list_picked(self, message: DocumentList.Picked) -> None:
        self.picked.append(message.index)


def drawn_rows(docs: DocumentList) -> list[str]:
    """The list's rows as the screen shows them now (what was drawn last, not built anew),
    read from the screenshot's text, one row per line of it."""
    lines: dict[str, str] = {}
    for y, text in re.findall(
        r'<text [^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', docs.app.export_screenshot()
    ):
        lines[y] = lines.get(y, "") + html.unescape(text).replace("\xa0", " ")
    return [" ".join(line.split()) for line in lines.values() if "doc-" in line]


async def test_twenty_thousand_documents_build_only_the_rows_drawn_and_follow_the_current():
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        docs = app.query_one(DocumentList)
        docs.left = tuple(n % 4 for n in range(len(IDS)))
        await pilot.pause()
        assert docs.row_count == 20_000
        assert drawn_rows(docs)[:3] == ["✓ doc-00000", "1 doc-00001", "2 doc-00002"]
        assert docs.rows_laid_out <= docs.size.height

        docs.index = 15_000
        await pilot.pause()
        assert docs.highlighted == 15_000
        rows = drawn_rows(docs)
        assert "✓ doc-15000" in rows  # scrolled to it
        assert docs.rows_laid_out <= 2 * docs.size.height

        # Work arrived: counts change, and the order moves with the counts unchanged.
        reordered = [IDS[15_001], IDS[15_000], *IDS[:15_000], *IDS[15_002:]]
        docs.show(reordered, docs.left, 0)
        await pilot.pause()
        assert docs.highlighted == 0 == docs.scroll_offset.y
        assert drawn_rows(docs)[:3] == ["✓ doc-15001", "1 doc-15000", "2 doc-00000"]
        # Only the order moves (counts and place the same): drawn again all the same.
        swapped = [reordered[0], reordered[2], reordered[1], *reordered[3:]]
        docs.show(swapped, docs.left, 0)
        await pilot.pause()
        assert drawn_rows(docs)[:3] == ["✓ doc-15001", "1 doc-00000", "2 doc-15000"]
        docs.show(reordered, (7, *docs.left[1:]), 0)
        await pilot.pause()
        assert drawn_rows(docs)[0] == "7 doc-15001"

        await pilot.click("#docs", offset=(5, 1))
        assert app.picked == [1]
