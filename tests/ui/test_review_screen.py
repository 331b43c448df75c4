"""The review screen under Pilot on the fixture journals (tests/fixtures/review/README.md):
what it shows, and the gold.jsonl that accepting, rejecting and editing write."""

import dataclasses
import os
import sys

import orjson
import pytest

from annotator.agreement.background import AgreementJob
from annotator.agreement.sources import read_journals
from annotator.annotations.model import Span, text_hash
from annotator.session.review import ACCEPTED, PENDING, REJECTED, open_review
from annotator.team.postgres.reviewing import Arrived
from annotator.ui.review.app import ReviewApp, make_review_app
from annotator.ui.review.screen import ReviewScreen
from annotator.ui.review.widgets import STATE_COLOURS
from annotator.ui.shared.agreement_screen import AgreementScreen
from annotator.ui.shared.visual import visual_line
from tests.review_fixtures import (
    CAS_LONG,
    CAS_SHORT,
    CORPUS,
    DEIR,
    FIXTURES,
    FORCES,
    IRGC_ACTOR,
    IRGC_SITE,
    NETANYAHU,
    SITE,
    TWO,
)

SIZE = (120, 36)


def prepared(tmp_path):
    """amal and omar's journals reviewed by lina, gold in ``tmp_path``."""
    return open_review(
        CORPUS, TWO, reviewer="lina", annotations=FIXTURES, gold=tmp_path / "gold.jsonl"
    ).finish()


@pytest.fixture
def setup(tmp_path):
    opened = prepared(tmp_path)
    yield opened
    opened.journal.close()


def gold_lines(path):
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def drawn_row(widget) -> str:
    """What a one-row widget draws, as text."""
    return "".join(segment.text for segment in widget.render_line(0))


def help_rows(app) -> set[str]:
    """The rows of the help screen, white space squeezed."""
    text = "\n".join(str(w.render()) for w in app.screen.query(".help-keys"))
    return {" ".join(line.split()) for line in text.splitlines()}


def screen_of(app) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


async def test_the_screen_shows_every_candidate_by_state(setup):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        # Offsets, labels and texts are the candidates' own; the state is the drawn colour.
        state_of = {colour: state for state, colour in STATE_COLOURS.items()}
        drawn = [
            (s.start, s.end, s.label, state_of[screen.article.style_for(s).colour])
            for s in screen.article.spans
        ]
        assert drawn == [
            (29, 43, "ACTOR", "agreed"),
            (81, 89, "SITE", "agreed"),
            (95, 103, "SITE", "partial"),
            (1262, 1283, "ACTOR", "label_conflict"),
            (1262, 1283, "SITE", "label_conflict"),
            (1325, 1333, "CASUALTY_COUNT", "boundary_conflict"),
            (1325, 1343, "CASUALTY_COUNT", "boundary_conflict"),
            (1478, 1494, "SITE", "partial"),
            (2142, 2149, "ACTOR", "agreed"),
        ]
        assert all(s.text == screen.review.text[s.start : s.end] for s in screen.article.spans)
        header = str(screen.query_one("#review-header").render())
        assert "deir-ez-zor-strikes.txt  1/3" in header
        assert "6 conflict(s) here, 7 in all" in header
        docs = screen.query_one("#review-docs")
        assert [docs.row_text(i) for i in range(3)] == [
            "  6 deir-ez-zor-strikes.txt",
            "  ✓ note-agreed",
            "  1 note-partial",
        ]
        candidates = screen.query_one("#review-candidates")
        first = str(candidates.get_option_at_index(0).prompt)
        assert first.startswith("·  AGREE  ACTOR") and first.endswith("amal,omar")
        assert str(candidates.get_option_at_index(2).prompt).startswith("·  PART   SITE")
        assert str(candidates.get_option_at_index(3).prompt).startswith("·  LABEL  ACTOR")
        assert str(candidates.get_option_at_index(5).prompt).startswith("·  BOUND  CASUA")


async def test_accept_reject_edit_write_the_expected_gold(setup, tmp_path):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("tab", "a")  # القوات الروسية
        assert screen.current.key() == FORCES
        await pilot.press("tab", "x", "u")  # البوكمال: rejected, then undecided again
        await pilot.press("tab", "x")  # ديرالزور, omar's alone
        await pilot.press("tab", "a")  # الحرس الثوري الإيراني as ACTOR: SITE is rejected
        await pilot.press("tab", "tab", "tab")
        assert screen.current.key() == CAS_LONG
        await pilot.press("a")  # 38 عنصرا على الأقل: 38 عنصرا is rejected
        await pilot.press("tab", "e")
        assert screen.article.selection == (1478, 1494)
        await pilot.press(*["left_curly_bracket"] * 4, "2")  # قاعدة الإمام, the reviewer's own
        await pilot.press("A")  # البوكمال and نتنياهو
        await pilot.pause()
        review = screen.review
        assert review.remaining_conflicts() == 0
        assert "0 conflict(s) here, 1 in all" in str(screen.query_one("#review-header").render())
    lines = gold_lines(tmp_path / "gold.jsonl")
    assert len(lines) == 8  # one line per change, none for a key that changed nothing
    final = lines[-1]
    text = (CORPUS / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
    # The first line carries the text; the later ones name it (record schema v2).
    assert lines[0]["text"] == text and not any("text" in line for line in lines[1:])
    assert final.pop("text_hash") == text_hash(text) and final.pop("length") == len(text)
    assert final.pop("updated_at").endswith("+00:00")
    assert final.pop("change")
    for span in final["spans"]:
        assert span.pop("id")
    assert final == {
        "v": 2,
        "id": "deir-ez-zor-strikes.txt",
        "spans": [
            {"start": 29, "end": 43, "label": "ACTOR", "text": "القوات الروسية",
             "annotators": ["amal", "omar"]},
            {"start": 81, "end": 89, "label": "SITE", "text": "البوكمال",
             "annotators": ["amal", "omar"]},
            {"start": 1262, "end": 1283, "label": "ACTOR", "text": "الحرس الثوري الإيراني",
             "annotators": ["amal"]},
            {"start": 1325, "end": 1343, "label": "CASUALTY_COUNT",
             "text": "38 عنصرا على الأقل", "annotators": ["omar"]},
            {"start": 1478, "end": 1490, "label": "SITE", "text": "قاعدة الإمام"},
            {"start": 2142, "end": 2149, "label": "ACTOR", "text": "نتنياهو",
             "annotators": ["amal", "omar"]},
        ],
        "status": "accepted",
        "annotator": "lina",
        "seconds": 0.0,
        "reviewer": "lina",
        "annotators": ["amal", "omar"],
        "rejected": [[95, 103, "SITE"], [1262, 1283, "SITE"], [1325, 1333, "CASUALTY_COUNT"],
                     [1478, 1494, "SITE"]],
    }  # fmt: skip
    assert [line["spans"][0]["start"] for line in lines[:1]] == [29]
    assert lines[1]["rejected"] == [[81, 89, "SITE"]]
    assert lines[2]["rejected"] == []


async def test_undo_views_and_the_next_document_with_conflicts(setup, tmp_path):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("tab", "tab", "tab", "tab", "a")  # the ACTOR side of the label conflict
        assert screen.review.decision(IRGC_SITE) == REJECTED
        await pilot.press("ctrl+z")
        assert screen.review.decision(IRGC_ACTOR) == PENDING
        assert screen.review.decision(IRGC_SITE) == PENDING
        await pilot.press("A")
        await pilot.press("v")  # gold so far: by label
        assert [(s.start, s.label) for s in screen.article.spans] == [
            (29, "ACTOR"),
            (81, "SITE"),
            (2142, "ACTOR"),
        ]
        await pilot.press("v")
        assert screen.view_name == "amal"
        await pilot.press("v")  # omar's spans alone
        assert screen.view_name == "omar"
        assert [s.key() for s in screen.article.spans] == [
            FORCES, SITE, DEIR, IRGC_SITE, CAS_LONG, NETANYAHU,
        ]  # fmt: skip
        await pilot.press("v")  # back to all
        assert screen.view_name == "all"
        await pilot.press("c")
        assert screen.review.doc_id == "note-partial"
        await pilot.press("c")
        assert screen.review.doc_id == "deir-ez-zor-strikes.txt"
        await pilot.press("n")
        assert screen.review.doc_id == "note-agreed"
    lines = gold_lines(tmp_path / "gold.jsonl")
    assert [len(line["spans"]) for line in lines] == [1, 0, 3]


async def test_a_decision_that_cannot_be_saved_is_taken_back(setup, tmp_path):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("tab")
        setup.journal.close()
        await pilot.press("a")
        await pilot.pause()
        assert screen.review.decision(FORCES) == PENDING
        assert any("NOT SAVED" in str(n.message) for n in app.notices)
    assert not (tmp_path / "gold.jsonl").read_bytes()


async def test_reopening_restores_the_decisions(setup, tmp_path):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "x", "A")
    setup.journal.close()
    again = prepared(tmp_path)
    try:
        review = again.reviews[0]
        assert review.decision(FORCES) == REJECTED
        assert review.decision(SITE) == ACCEPTED
        assert review.decision(NETANYAHU) == ACCEPTED
    finally:
        again.journal.close()


async def test_agreement_screen_inside_the_app(setup, pause_until):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        await pause_until(pilot, lambda: screen.report is not None, "the agreement report")
        assert not screen.has_class("-computing")
        report = str(screen.query_one("#review-agreement-report").render())
        assert "amal / omar  exact    (all)            7   3   4" in report
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


# A stand-in for the agreement child that says where it is and never answers.
HELD = (
    "import os, sys, time\n"
    "open(sys.argv[1], 'w').write(str(os.getpid()))\n"
    'print(\'{"step": "held by the test"}\', flush=True)\n'
    "time.sleep(600)\n"
)


async def test_keys_are_answered_while_the_agreement_is_computed(setup, tmp_path, pause_until):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        review_screen = screen_of(app)
        pid_file = tmp_path / "child.pid"
        held = AgreementScreen(setup.agreement, [sys.executable, "-c", HELD, str(pid_file)])
        await app.push_screen(held)
        # The worker runs and its child has started.
        await pause_until(pilot, lambda: held.step == "held by the test", "the held child")
        assert held.has_class("-computing")
        assert held.query_one("#agreement-progress").display
        await pilot.press("escape")  # answered at once: the computation goes on elsewhere
        assert app.screen is review_screen
        await pilot.press("tab")
        assert review_screen.current.key() == FORCES
        # Closing the screen gave the computation up: its child is terminated.
        pid = int(pid_file.read_text())
        await pause_until(pilot, lambda: not pid_alive(pid), "the held child to be stopped")


async def test_an_agreement_that_cannot_be_computed_closes_its_screen(setup, tmp_path, pause_until):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        review_screen = screen_of(app)
        job = AgreementJob(CORPUS, tmp_path, tuple(TWO))
        await app.push_screen(AgreementScreen(job))
        await pause_until(pilot, lambda: app.screen is review_screen, "the screen to close")


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_clicking_a_candidate_or_a_document_and_the_help(setup):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.click("#review-candidates", offset=(10, 5))
        await pilot.pause()
        assert screen.current.key() == CAS_SHORT
        assert screen.article.cursor == CAS_SHORT[0]
        await pilot.press("a")
        assert screen.review.decision(CAS_LONG) == REJECTED
        await pilot.click("#review-docs", offset=(10, 2))
        await pilot.pause()
        assert screen.review.doc_id == "note-partial"
        docs = screen.query_one("#review-docs")
        assert docs.row_text(0) == "  4 deir-ez-zor-strikes.txt"
        await pilot.press("question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen is screen


def test_the_agreement_report_is_laid_out_left_to_right_with_arabic_runs_in_visual_order():
    from annotator.agreement.render import isolated
    from annotator.ui.shared.agreement_screen import visual_report

    assert visual_report("  doc-1  0.500\nabc") == "  doc-1  0.500\nabc"
    # Without isolation UAX #9 pulls the number into the Arabic run (W2, N1): it would show
    # left of the id. Isolated, the id is one right-to-left run and the row stays a table row.
    shown = visual_report(f"  {isolated('حلب')}  0.500")
    assert shown.endswith("  0.500")
    assert len(shown) == len("  حلب  0.500")  # the isolates take no cell
    assert shown[2:5] != "حلب"  # shaped and reordered, not the logical string


@pytest.mark.parametrize("width", [100, 80])
async def test_header_keeps_the_reviewer_and_document_at_narrow_widths(setup, width):
    app = ReviewApp(setup)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        header = screen_of(app).query_one("#review-header")
        drawn = drawn_row(header).rstrip()
        assert drawn.endswith("lina")
        assert "deir-ez-zor-strikes.txt" in drawn
        assert "1/3" in drawn and "6" in drawn and "7" in drawn
        if width == 100:
            assert "reviewer: lina" in drawn


async def test_help_lists_quit_and_the_command_palette(setup):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert "^p Command palette: labels, navigation, every document" in rows
        assert "q Quit (review-app.quit)" in rows


@pytest.mark.parametrize("width", [120, 80])
async def test_status_line_keeps_the_candidate_text_at_narrow_widths(setup, width):
    app = ReviewApp(setup)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        screen = screen_of(app)
        status = screen.query_one("#review-status")
        drawn = drawn_row(status).rstrip()
        assert screen.current is not None
        shaped = visual_line(screen.current.text, len(screen.current.text))
        assert shaped.strip() in drawn  # the whole text, shaped, not cut to nothing
        if width == 120:
            assert "amal" in drawn


async def test_at_80_columns_a_selection_keeps_its_range_and_text_and_every_cut_shows(setup):
    app = ReviewApp(setup)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        status = screen.query_one("#review-status")

        def drawn() -> str:
            return drawn_row(status).rstrip()

        await pilot.pause()
        assert drawn() == "Tab: next · A: all agreed · ?: help"  # the short hint, whole
        rows = []
        for _ in range(len(screen.article.spans)):
            await pilot.press("tab", "e", "left_curly_bracket")
            await pilot.pause()
            rows.append(drawn())
            await pilot.press("escape")
        await pilot.press("escape", "shift+right", "shift+right")  # no candidate
        await pilot.pause()
        start, end = screen.article.selection
        selected = screen.article.text[start:end]
        row = drawn()
        assert row.startswith(f"selected [{start}, {end}) ")
        assert visual_line(selected, len(selected)).strip() in row
        # What a row cannot hold is cut with an ellipsis, never dropped silently.
        for row in rows:
            assert len(row) <= status.size.width
            assert "[" in row and ")" in row


async def test_redo_brings_back_the_decision_undone(setup, tmp_path):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("tab", "a", "ctrl+z")
        assert screen.review.decision(FORCES) == PENDING
        await pilot.press("ctrl+y")
        assert screen.review.decision(FORCES) == ACCEPTED
        await pilot.press("ctrl+y")  # nothing left to redo: not written
    assert [len(line["spans"]) for line in gold_lines(tmp_path / "gold.jsonl")] == [1, 0, 1]


async def test_accepting_the_rejected_rival_boundary_leaves_one_span_in_gold(setup, tmp_path):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press(*["tab"] * 7, "a")  # 38 عنصرا على الأقل; 38 عنصرا is rejected
        assert screen.current.key() == CAS_LONG
        await pilot.press("shift+tab", "a")  # the rejected rival, accepted: it replaces
        assert screen.current.key() == CAS_SHORT
        await pilot.press("tab", "e", "left_curly_bracket", "3")  # edit the rejected one
        await pilot.pause()
    final = gold_lines(tmp_path / "gold.jsonl")[-1]
    counts = [(s["start"], s["end"]) for s in final["spans"] if s["label"] == "CASUALTY_COUNT"]
    assert counts == [(1325, 1342)]
    assert [1325, 1333, "CASUALTY_COUNT"] in final["rejected"]


async def test_keys_are_remapped_by_binding_id_and_help_shows_the_keys_in_force(setup, tmp_path):
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[keys]\n"review.accept" = "y"\n"label.SITE" = "j"\n', encoding="utf-8")
    app = make_review_app(setup, keymap)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        await pilot.press("tab", "a")
        assert screen.review.decision(FORCES) == PENDING
        await pilot.press("y")
        assert screen.review.decision(FORCES) == ACCEPTED
        await pilot.press("tab", "tab", "tab")
        assert screen.current.key() == IRGC_ACTOR
        await pilot.press("j")  # relabel: the SITE rival is accepted instead
        assert screen.review.decision(IRGC_SITE) == ACCEPTED
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        assert "y Accept the candidate into gold (review.accept)" in rows
        assert "j SITE: relabel the candidate, or add the selection to gold (label.SITE)" in rows


def test_every_review_key_has_an_id_a_keymap_can_name(setup):
    from annotator.annotations.labels import default_labels
    from annotator.ui.review.app import remappable

    ids = [binding.id for binding in remappable(default_labels())]
    assert None not in ids and len(ids) == len(set(ids))
    assert {"review.accept", "review.redo", "label.QUOTE", "review-app.quit"} <= set(ids)


async def test_the_status_line_shows_the_range_as_the_edges_move(setup):
    app = ReviewApp(setup)
    async with app.run_test(size=SIZE) as pilot:
        screen = screen_of(app)
        status = screen.query_one("#review-status")

        def drawn() -> str:
            return drawn_row(status)

        await pilot.press("tab")
        assert "ACTOR [29, 43) " in drawn()
        await pilot.press("e", "left_curly_bracket", "left_curly_bracket")
        await pilot.pause()
        assert "ACTOR [29, 43) → [29, 41) " in drawn()
        assert status.has_class("-selecting")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "→ [30, 41) " in drawn()
        await pilot.press("escape")
        await pilot.pause()
        assert "ACTOR [29, 43) " in drawn() and "→" not in drawn()
        assert not status.has_class("-selecting")


def omar_adds(doc_id: str, span: Span) -> Arrived:
    """What the server's watch hands over when omar saves ``span`` on the document (amal's
    work there unchanged)."""
    journals, _ = read_journals(FIXTURES, TWO)
    omar = journals["omar"][doc_id]
    work = {
        "amal": journals["amal"][doc_id],
        "omar": dataclasses.replace(omar, spans=[*omar.spans, span]),
    }
    return Arrived({doc_id: work}, queue=(), seen=1)


async def test_work_arriving_on_the_open_document_keeps_its_scroll_cursor_selection_and_undo(
    setup,
):
    """A long article scrolled down: omar's new span arrives while help is open (a team's
    server reads it; here it is handed to the app as the server's watch would), and nothing
    of the reviewer's place moves."""
    app = ReviewApp(setup)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        screen = screen_of(app)
        review = screen.review
        await pilot.press("tab", "a", "pagedown", "pagedown", "shift+right")
        article = screen.article
        place = (article.cursor, article.selection, article.scroll_offset)
        assert article.scroll_offset.y > 0 and article.selection is not None
        added = Span.of(review.text, 0, 4, "SITE")
        arrived = omar_adds(review.doc_id, added)
        await pilot.press("question_mark")  # help on top: the review screen takes it still
        app.take_arrived(arrived)
        await pilot.press("escape")
        assert screen_of(app) is screen
        assert screen.review is review and review.history.steps == 1
        assert (article.cursor, article.selection, article.scroll_offset) == place
        assert screen.news == f"omar saved {review.doc_id}: 1 span added"
        assert added.key() in [c.key() for c in review.candidates]


async def test_work_arriving_as_the_app_closes_is_taken_without_drawing(setup):
    """The server's watch hands work over from its own thread; it may land as the app closes
    and the screen's widgets are gone: the work is still taken, nothing is drawn, no fault."""
    app = ReviewApp(setup)
    async with app.run_test(size=(120, 24)):
        screen = screen_of(app)
    assert not screen.query("#review-docs")
    added = Span.of(screen.review.text, 0, 4, "SITE")
    assert screen.take_arrived(omar_adds(screen.review.doc_id, added)) == []
    assert added.key() in [c.key() for c in setup.reviews[screen.index].candidates]
