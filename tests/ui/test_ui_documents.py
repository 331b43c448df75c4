"""Moving through a corpus: status keys, progress, jump, flag notes, resume after reopening,
the command palette and the CLI's refusals."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from annotator.annotations.labels import Label, LabelSet
from annotator.problems import UserError
from annotator.store.journal import Journal
from annotator.ui.annotate.app import make_app, remappable
from annotator.ui.annotate.doc_header import DocHeader
from annotator.ui.shared.article_view import ArticleView
from annotator.ui.shared.keymap import check_label_keys
from tests.sample_corpus import SAMPLE, sample_corpus

SIZE = (100, 30)


def corpus(tmp_path: Path) -> Path:
    folder = sample_corpus(tmp_path / "corpus", "a-sample.txt")
    (folder / "b-short.txt").write_text("قال نتنياهو إن إسرائيل شنت 50 غارة.", encoding="utf-8")
    (folder / "c-last.txt").write_text("في البوكمال (شرق سوريا).", encoding="utf-8")
    return folder


def records(out: Path) -> list[dict]:
    return [orjson.loads(line) for line in (out / "tester.jsonl").read_bytes().splitlines()]


def spans_of(line: dict) -> list[tuple[int, int, str, str]]:
    return [(s["start"], s["end"], s["label"], s["text"]) for s in line["spans"]]


def header_text(app) -> str:
    facts = app.screen.query_one(DocHeader).facts
    return f"{facts.number} {facts.title} {facts.status} {facts.done}/{facts.total}"


async def test_status_keys_progress_jump_flag_and_resume(tmp_path, frozen_clock):
    folder = corpus(tmp_path)
    out = tmp_path / "ann"
    app = make_app(folder, annotator="tester", clock=frozen_clock, out=out)
    async with app.run_test(size=SIZE) as pilot:
        assert header_text(app) == "1 a-sample.txt new 0/3"
        await pilot.press("a", "a")  # accept (again past the suggestions left): on to the next
        assert header_text(app) == "2 b-short.txt new 1/3"
        await pilot.press("1")  # the word under the cursor: "قال"
        await pilot.press("f")
        await pilot.press(*"quasi-duplicate", "enter")  # letters that are also app keys
        await pilot.pause()
        assert header_text(app) == "2 b-short.txt flagged 1/3"
        await pilot.press("ctrl+z")
        assert app.screen.header.status == "in_progress"
        await pilot.press("ctrl+y")
        await pilot.press("u")  # next not done: c-last.txt
        assert header_text(app) == "3 c-last.txt new 1/3"
        await pilot.press("r")
        assert header_text(app) == "3 c-last.txt rejected 2/3"
        await pilot.press("n")  # no next document: stays
        assert header_text(app) == "3 c-last.txt rejected 2/3"
        await pilot.press("g", "2", "enter")
        await pilot.pause()
        assert header_text(app).startswith("2 b-short.txt flagged")
        await pilot.press("p")
        assert app.screen.query_one(ArticleView).text == SAMPLE.read_text(encoding="utf-8")
    lines = records(out)
    assert [(r["id"], r["status"]) for r in lines] == [
        ("a-sample.txt", "accepted"),
        ("b-short.txt", "in_progress"),
        ("b-short.txt", "flagged"),
        ("b-short.txt", "in_progress"),
        ("b-short.txt", "flagged"),
        ("c-last.txt", "rejected"),
    ]
    assert lines[2]["note"] == "quasi-duplicate"
    assert spans_of(lines[1]) == [(0, 3, "ACTOR", "قال")]

    again = make_app(folder, annotator="tester", clock=frozen_clock, out=out)
    async with again.run_test(size=SIZE) as pilot:
        assert header_text(again) == "1 a-sample.txt accepted 2/3"
        await pilot.press("n")
        view = again.screen.query_one(ArticleView)
        assert [s.text for s in view.spans] == ["قال"]
        assert again.screen.session.note == "quasi-duplicate"


async def test_command_palette_opens_a_document_by_name(tmp_path, frozen_clock, palette_hits):
    app = make_app(corpus(tmp_path), annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"c-last")
        assert any("c-last.txt" in hit for hit in await palette_hits(pilot))
        await pilot.press("enter")
        await pilot.pause()
        assert header_text(app).startswith("3 c-last.txt")


async def test_a_change_that_cannot_be_saved_is_taken_back(tmp_path, frozen_clock):
    app = make_app(corpus(tmp_path), annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        app.workspace.journal.close()  # any write now fails, as with a vanished disk
        await pilot.press("1")
        assert app.screen.session.spans == ()
        assert any("NOT SAVED" in str(n.message) for n in app.notices)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, TERM="dumb")
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_cli_refuses_a_journal_held_by_another_process(tmp_path):
    folder = corpus(tmp_path)
    out = tmp_path / "ann"
    with Journal.open(out / "tester.jsonl"):
        result = run_cli(
            "annotate", str(folder), "--annotator", "tester", "--out", str(out), cwd=tmp_path
        )
    assert result.returncode == 2
    assert result.stderr.startswith("annotator: ")
    assert "Traceback" not in result.stderr


def test_cli_names_the_line_of_a_bad_labels_file(tmp_path):
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = "ACTOR"\nkey = "1"\ncolor = "yellow"\n', encoding="utf-8")
    result = run_cli("annotate", str(corpus(tmp_path)), "--labels", str(labels), cwd=tmp_path)
    assert result.returncode == 2
    assert "labels.toml line 4" in result.stderr and "color" in result.stderr


async def test_resize_lays_out_again_and_keeps_the_cursor(tmp_path, frozen_clock):
    app = make_app(corpus(tmp_path), annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        view = app.screen.query_one(ArticleView)
        await pilot.press("ctrl+left", "ctrl+left")
        cursor = view.cursor
        wide = view.text_layout.width
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.text_layout.width < wide
        assert view.cursor == cursor
        assert max(
            line.indent + sum(c.width for c in line.cells) for line in view.text_layout.lines
        ) <= (view.text_layout.width)


async def test_skipped_input_is_reported_in_the_app_and_on_stderr(tmp_path, frozen_clock):
    folder = corpus(tmp_path)
    (folder / "broken.txt").write_bytes(b"\xff\xfe bad")
    app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    assert any("broken.txt" in str(p) for p in app.problems)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("broken.txt" in str(n.message) for n in app.notices)


def test_cli_refuses_a_label_key_the_app_already_uses(tmp_path):
    labels = tmp_path / "labels.toml"
    labels.write_text('[[label]]\nname = "ACTOR"\nkey = "a"\ncolor = "#e5c07b"\n', encoding="utf-8")
    result = run_cli("annotate", str(corpus(tmp_path)), "--labels", str(labels), cwd=tmp_path)
    assert result.returncode == 2
    assert "label ACTOR: key 'a'" in result.stderr and "Accept" in result.stderr


def test_labels_from_a_file_drive_keys_and_legend(tmp_path, frozen_clock):
    labels = tmp_path / "labels.toml"
    labels.write_text(
        '[[label]]\nname = "PLACE"\nkey = "7"\ncolor = "#61afef"\ndescription = "مكان"\n',
        encoding="utf-8",
    )
    out = tmp_path / "ann"
    app = make_app(corpus(tmp_path), annotator="tester", labels=labels, clock=frozen_clock, out=out)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("1", "7")
            assert [e.label.name for e in app.screen.query("LegendEntry")] == ["PLACE"]

    asyncio.run(scenario())
    assert spans_of(records(out)[-1]) == [(0, 4, "PLACE", "كشفت")]


def test_palette_shows_label_descriptions_exactly_never_as_markup(
    tmp_path, frozen_clock, palette_hits
):
    tricky = "Not markup: \\[x] [bold red]y[/] $var a\\ (البوكمال)"
    labels = LabelSet((Label("PLACE", "7", "#61afef", tricky),))
    app = make_app(corpus(tmp_path), annotator="tester", labels=labels, clock=frozen_clock,
                   out=tmp_path / "ann", suggest=False)  # fmt: skip

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("ctrl+p", *"PLACE")
            shown = await palette_hits(pilot)
            expected = "Not markup: \\[x] [bold red]y[/] $var a\\ (ﻝﺎﻤﻛﻮﺒﻟﺍ)"
            assert "Label: PLACE (7)\n" + expected in shown

    asyncio.run(scenario())


def test_a_keymap_file_remaps_keys_by_binding_id(tmp_path, frozen_clock):
    keymap = tmp_path / "keys.toml"
    keymap.write_text(
        '[keys]\n"annotate.accept" = "ctrl+a"\n"label.ACTOR" = "j"\n', encoding="utf-8"
    )
    out = tmp_path / "ann"
    app = make_app(corpus(tmp_path), annotator="tester", keymap=keymap, clock=frozen_clock, out=out)

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("j", "ctrl+a")  # suggestions are left: the remapped key asks
            assert "Press ^a again" in str(app.notices[-1].message)
            await pilot.press("ctrl+a")
            await pilot.pause()

    asyncio.run(scenario())
    lines = records(out)
    assert spans_of(lines[0]) == [(0, 4, "ACTOR", "كشفت")]
    assert (lines[1]["id"], lines[1]["status"]) == ("a-sample.txt", "accepted")


def test_a_keymap_naming_an_unknown_binding_is_refused(tmp_path):
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[keys]\n"annotate.acept" = "ctrl+a"\n', encoding="utf-8")
    result = run_cli("annotate", str(corpus(tmp_path)), "--keymap", str(keymap), cwd=tmp_path)
    assert result.returncode == 2
    assert "keys.toml line 2: unknown binding id 'annotate.acept'" in result.stderr


async def test_side_panel_gives_way_on_narrow_terminals_and_toggles(tmp_path, frozen_clock):
    app = make_app(corpus(tmp_path), annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        side = app.screen.query_one("#side")
        view = app.screen.query_one(ArticleView)
        assert not side.display
        assert view.text_layout.width >= 50
        await pilot.press("l")
        assert side.display
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert side.display


def test_label_keys_are_compared_as_keys_not_characters():
    bracket = LabelSet([Label("ACTOR", "[", "#e5c07b")])
    with pytest.raises(UserError, match="Start edge one earlier"):
        check_label_keys(remappable(bracket), {}, None)
    check_label_keys(remappable(LabelSet([Label("ACTOR", "9", "#e5c07b")])), {}, None)


async def test_goto_with_an_ambiguous_query_lists_the_candidates(tmp_path, frozen_clock):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("doc-001.txt", "doc-002.txt", "doc-100.txt", "other.txt"):
        (folder / name).write_text("نص قصير.", encoding="utf-8")
    app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "0", "0", "enter")
        await pilot.pause()
        (notice,) = app.notices
        assert notice.title.startswith("3 documents match")
        assert notice.message.splitlines() == ["1: doc-001.txt", "2: doc-002.txt", "3: doc-100.txt"]
        assert header_text(app).startswith("1 doc-001.txt")  # nowhere else yet
        await pilot.press("g", *"100", "enter")  # a number too large: part of an id
        await pilot.pause()
        assert header_text(app).startswith("3 doc-100.txt")


async def test_the_palette_lists_a_large_corpus_by_what_is_typed_not_all_of_it(
    tmp_path, frozen_clock, palette_hits
):
    from annotator.ui.annotate.palette import MAX_DOCUMENTS

    folder = tmp_path / "corpus"
    folder.mkdir()
    lines = [orjson.dumps({"id": f"doc-{n:04d}", "text": "نص قصير."}) for n in range(150)]
    (folder / "many.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    app = make_app(folder, annotator="tester", clock=frozen_clock, out=tmp_path / "ann")

    async def listed(pilot, query: str) -> list[str]:
        await pilot.press("ctrl+p", *query)
        shown = await palette_hits(pilot)
        await pilot.press("escape")
        return [row for row in shown if row.startswith("Document ")]

    async with app.run_test(size=SIZE) as pilot:
        assert len(await listed(pilot, "doc-0")) == MAX_DOCUMENTS
        assert [row.split("\n")[0] for row in await listed(pilot, "doc-0149")] == [
            "Document 150: doc-0149"
        ]
