"""Terminal escapes and bidi controls in every string a file can bring (document ids and
file names, labels, notes, annotator names, meta, label descriptions, bad lines) never
reach the terminal as controls: the apps are driven through their screens and everything
drawn is searched for the hostile sequences."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import orjson
from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot

from annotator.annotations.labels import Label, LabelSet, default_labels
from annotator.annotations.model import DocRecord, Span
from annotator.session.review import open_review
from annotator.store.journal import Journal, journal_path
from annotator.ui.annotate.app import make_app
from annotator.ui.review.app import ReviewApp

OSC_TITLE = "T\x1b]0;PWNED\x1b\\"
OSC_CLIPBOARD = "C\x1b]52;c;cHduZWQ=\x07"
CSI_CLEAR = "E\x1b[2J\x1b[5;5HINJECTED"
DCS = "D\x1bPq#0;2;0;0;0\x1b\\"
C1 = "K\x9b31m\x9d0;x\x9c\x85"
BIDI_ID = "a\u202eb.txt"
HOSTILE = [OSC_TITLE, OSC_CLIPBOARD, CSI_CLEAR, DCS, C1]
# What must never be drawn: ESC (starts OSC, CSI, DCS), the C1 controls, BEL, and the
# bidi override (an id with it must be printed escaped, not reordered).
FORBIDDEN = re.compile("[\x1b\x07\x80-\x9f\u202e]")
TEXT = "قال نتنياهو إن إسرائيل شنت 50 غارة على البوكمال."
SIZE = (120, 40)
POLLS, POLL_SECONDS = 500, 0.01


def frozen_clock() -> float:
    return 0.0


def drawn(app: App[None]) -> str:
    """Everything on screen: the exported screenshot and each widget's rendered rows (the
    screenshot drops BEL, the rows keep it)."""
    rows = []
    for widget in [app.screen, *app.screen.walk_children()]:
        width, height = widget.size
        if width and height:
            rows += [
                "".join(s.text for s in strip)
                for strip in widget.render_lines(Region(0, 0, width, height))
            ]
    return app.export_screenshot() + "\n".join(rows)


def assert_clean(app: App[None], where: str) -> None:
    found = FORBIDDEN.findall(drawn(app))
    assert not found, f"{where}: drawn {found!r}"


def hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    docs = [{"id": BIDI_ID, "text": TEXT, "meta": {"source": OSC_TITLE}}]
    docs += [
        {"id": f"{hostile}-{n}", "text": TEXT, "meta": {"source": hostile}}
        for n, hostile in enumerate(HOSTILE)
    ]
    lines = [orjson.dumps(doc) for doc in docs]
    lines.append(f'{{"id": "{CSI_CLEAR}" broken'.encode())  # a bad line, quoted in a notice
    (folder / "news.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    (folder / f"{OSC_TITLE}.txt").write_text(TEXT, encoding="utf-8")  # the id is the name
    return folder


def hostile_record(doc_id: str, annotator: str) -> DocRecord:
    spans = [
        Span.of(TEXT, 4, 11, OSC_CLIPBOARD),
        Span.of(TEXT, 0, 3, CSI_CLEAR),
        Span.of(TEXT, 23, 30, "ACTOR"),
    ]
    return DocRecord(
        doc_id,
        TEXT,
        spans,
        "flagged",
        annotator,
        note=f"{DCS} {C1} {BIDI_ID}",
        meta={"x": OSC_TITLE},
    )


def write_journal(folder: Path, name: str, doc_ids: list[str], annotator: str) -> None:
    journal = Journal.open(journal_path(folder, name))
    try:
        for doc_id in doc_ids:
            journal.append(hostile_record(doc_id, annotator))
    finally:
        journal.close()


async def until_options(pilot: Pilot[None]) -> None:
    """Wait for the command palette to list something."""
    from textual.command import CommandList

    hits = pilot.app.screen.query_one(CommandList)
    for _ in range(POLLS):
        if hits.option_count:
            return
        await pilot.pause(POLL_SECONDS)


def test_the_annotate_app_draws_no_control_from_a_file(tmp_path):
    folder = hostile_corpus(tmp_path)
    out = tmp_path / "ann"
    ids = [BIDI_ID, *(f"{hostile}-{n}" for n, hostile in enumerate(HOSTILE))]
    write_journal(out, "tester", ids, annotator=OSC_TITLE)
    labels = LabelSet(
        [*default_labels(), Label("EVENT", "5", "#c678dd", f"{CSI_CLEAR} {OSC_CLIPBOARD}")]
    )
    app = make_app(
        folder, annotator="tester", labels=labels, out=out, clock=frozen_clock, suggest=False
    )

    async def scenario() -> str:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert app.problems  # the bad line is in the notice on screen
            assert_clean(app, "opening")
            header = "".join(s.text for s in app.screen.query_one("#doc-title").render_line(0))
            for step in ("tab", "tab", "tab"):  # each span: its label in the status line
                await pilot.press(step)
                await pilot.pause()
                assert_clean(app, f"focused span {app.screen.span_focus}")
            await pilot.press("f")
            await pilot.pause()
            assert_clean(app, "flag box holding the note")
            await pilot.press("escape", "ctrl+p")
            await until_options(pilot)
            assert_clean(app, "command palette")
            await pilot.press("escape", "question_mark")
            await pilot.pause()
            assert_clean(app, "help")
            await pilot.press("escape", "i")
            await pilot.pause()
            assert_clean(app, "guidelines")
            await pilot.press("escape")
            for _ in ids:
                await pilot.press("n")
                await pilot.pause()
                assert_clean(app, f"document {app.screen.session.doc_id!r}")
            return header

    header = asyncio.run(scenario())
    # The override is printed escaped, in typing order: never reordered to "atxt.b".
    assert "a\\u202eb.txt" in header and "atxt.b" not in header
    assert "\\x1bPq" in header  # the note, escaped


def test_the_review_app_draws_no_control_from_a_file(tmp_path):
    folder = hostile_corpus(tmp_path)
    annotations = tmp_path / "ann"
    ids = [BIDI_ID, *(f"{hostile}-{n}" for n, hostile in enumerate(HOSTILE))]
    for name in ("amal", "omar"):
        write_journal(annotations, name, ids, annotator=C1)
    setup = open_review(
        folder,
        ["amal", "omar"],
        reviewer="lina",
        annotations=annotations,
        gold=annotations / "gold.jsonl",
    ).finish()
    app = ReviewApp(setup)

    async def scenario() -> None:
        try:
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                assert_clean(app, "opening")
                for key in ("tab", "tab", "v", "v", "n", "question_mark"):
                    await pilot.press(key)
                    await pilot.pause()
                    assert_clean(app, f"after {key}")
        finally:
            setup.journal.close()

    asyncio.run(scenario())
