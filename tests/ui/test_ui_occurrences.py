"""Label all occurrences in the annotate app: `o` on a span previews every other occurrence of
its words (highlighted, counted in the status line), Enter labels them as one change, Esc
leaves them, one undo takes them all back; the next document gets them as suggestions only.

Each step is checked in the journal, line by line: exact offsets, labels, texts and sources.
"""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.occurrences import OccurrencePreview

SIZE = (100, 30)
FIRST = "قصفت الطائرات البوكمال. وفي البوكمال قتل خمسة، ثم انسحبت القوات من والبوكمال."
SECOND = "وصل الجيش إلى البوكمال أمس."
NAME = "البوكمال"


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(FIRST, encoding="utf-8")
    (folder / "b.txt").write_text(SECOND, encoding="utf-8")
    return folder


def lines(out: Path) -> list[dict]:
    return [orjson.loads(line) for line in (out / "tester.jsonl").read_bytes().splitlines()]


def spans(line: dict) -> list[tuple]:
    found = [(s["start"], s["end"], s["label"], s["text"], s.get("source")) for s in line["spans"]]
    return sorted(found)


def site(start: int, source: str | None = None) -> tuple:
    return (start, start + len(NAME), "SITE", NAME, source)


async def test_o_previews_enter_labels_all_esc_leaves_undo_takes_all_back(tmp_path, frozen_clock):
    out = tmp_path / "ann"
    app = make_app(corpus(tmp_path), annotator="tester", out=out, clock=frozen_clock)
    first = FIRST.index(NAME)
    others = [FIRST.index(NAME, first + 1), FIRST.index("والبوكمال") + 1]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        await pilot.press("ctrl+left", "ctrl+left")  # Arabic reads on: to البوكمال
        assert screen.view.cursor == first
        await pilot.press("2")
        assert spans(lines(out)[-1]) == [site(first)]

        # Previewed: drawn on the text, counted in the status line; nothing written yet.
        await pilot.press("o")
        assert isinstance(app.screen, OccurrencePreview)
        assert sorted(s.start for s in screen.previewed) == others
        assert screen.previewed <= set(screen.view.spans)
        shown = screen.style_of(next(iter(screen.previewed)))
        assert (shown.fill, shown.underline, shown.dim) == (False, True, False)
        assert screen.detail.startswith("2 more of SITE")
        assert len(lines(out)) == 1
        await pilot.press("escape")
        assert app.screen is screen and not screen.previewed
        assert len(lines(out)) == 1

        # Enter: one line with every occurrence, its proclitic و left outside.
        await pilot.press("o", "enter")
        assert app.screen is screen
        assert len(lines(out)) == 2
        assert spans(lines(out)[-1]) == [site(first)] + [site(s, "occurrence") for s in others]

        # One undo takes them all back, one redo brings them all.
        await pilot.press("ctrl+z")
        assert spans(lines(out)[-1]) == [site(first)]
        await pilot.press("ctrl+y")
        assert len(spans(lines(out)[-1])) == 3

        # Nothing left to offer: said, nothing written.
        await pilot.press("ctrl+home", "tab", "o")
        assert app.screen is screen
        assert len(lines(out)) == 4

        # The next document: a suggestion there, never an edit.
        await pilot.press("n")
        await pilot.pause()
        assert screen.session.doc_id == "b.txt"
        start = SECOND.index(NAME)
        assert [(s.start, s.end, s.label, s.source) for s in screen.workspace.suggestions()] == [
            (start, start + len(NAME), "SITE", "gazetteer")
        ]
    assert {line["id"] for line in lines(out)} == {"a.txt"}
