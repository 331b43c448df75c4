"""The app in a team project: n hands out the annotator's next document, p and g reach only
theirs (a lead goes anywhere), leaving an untouched document gives it back, and the team panel
shows their progress (and the team's to a lead)."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson

from annotator.store.paths import bundled_corpus
from annotator.team.files import FilesTeamStore
from annotator.team.routing import Routing
from annotator.team.settings import RoutingSettings
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.doc_header import DocHeader
from annotator.ui.annotate.team_panel import TeamPanel

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
SIZE = (110, 32)
SETTINGS = RoutingSettings(annotators=("amal", "omar"), leads=("lina",), overlap=1)


def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-first.txt").write_text("قال نتنياهو إن إسرائيل شنت 50 غارة.", encoding="utf-8")
    shutil.copy(SAMPLE, folder / "b-sample.txt")
    (folder / "c-last.txt").write_text("في البوكمال (شرق سوريا).", encoding="utf-8")
    (folder / "d-more.txt").write_text("قتل ثلاثة مدنيين.", encoding="utf-8")
    return folder


def team(tmp_path: Path) -> FilesTeamStore:
    ids = ["a-first.txt", "b-sample.txt", "c-last.txt", "d-more.txt"]
    return FilesTeamStore.open(tmp_path / "ann", tmp_path / "ann", SETTINGS, ids, lambda: 1e6)


def opened(app) -> str:
    return app.screen.query_one(DocHeader).facts.title


def lines(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def panel_text(app) -> str:
    panel = app.screen.query_one(TeamPanel)
    return " | ".join(str(label.render()) for label in panel.query("Label"))


async def test_an_annotator_is_routed_and_kept_to_their_documents(tmp_path, frozen_clock):
    folder, out = corpus(tmp_path), tmp_path / "ann"
    omar = Routing(team(tmp_path), "omar", lead=False)
    assert omar.first() == "a-first.txt"  # omar holds the first document
    amal = Routing(team(tmp_path), "amal", lead=False)
    app = make_app(folder, annotator="amal", clock=frozen_clock, out=out, routing=amal)
    async with app.run_test(size=SIZE) as pilot:
        assert opened(app) == "b-sample.txt"  # the first one not held by omar
        assert "amal: 0 of 2 done, 1 open" in panel_text(app)
        await pilot.press("a", "a")  # accept (past the suggestions left): the next for amal
        assert opened(app) == "c-last.txt"
        assert "amal: 1 of 2 done" in panel_text(app)
        await pilot.press("p")
        assert opened(app) == "b-sample.txt"  # hers: done by her
        await pilot.press("g", *"1", "enter")  # omar's
        assert opened(app) == "b-sample.txt"
        assert "not routed to you" in app.notices[-1].message
        await pilot.press("g", *"3", "enter")  # routed to her, untouched
        assert opened(app) == "c-last.txt"
        await pilot.press("n")  # moving on from an untouched document gives it back
        assert opened(app) == "d-more.txt"
        await pilot.press("q")
    saved = lines(out / "amal.jsonl")
    assert [(r["id"], r["status"]) for r in saved][-1] == ("b-sample.txt", "accepted")
    assert {r["id"] for r in saved} == {"b-sample.txt"}
    # c-last went back when she moved on, d-more when she quit: both are omar's to take.
    assert omar.next() == "c-last.txt"
    assert omar.next() == "d-more.txt"
    assert omar.team.progress().of("amal").done == 1


async def test_a_lead_goes_anywhere_and_sees_the_team(tmp_path, frozen_clock):
    folder, out = corpus(tmp_path), tmp_path / "ann"
    amal = Routing(team(tmp_path), "amal", lead=False)
    assert amal.first() == "a-first.txt"
    amal.saved("a-first.txt", "accepted", 30.0)
    lina = Routing(team(tmp_path), "lina", lead=True)
    app = make_app(folder, annotator="lina", clock=frozen_clock, out=out, routing=lina)
    async with app.run_test(size=SIZE) as pilot:
        text = panel_text(app)
        assert "lina: a lead (no documents routed)" in text
        assert "team: 1 of 4 complete" in text and "1 ready for review" in text
        assert "amal 1, omar 0" in text
        await pilot.press("g", *"3", "enter")
        assert opened(app) == "c-last.txt"
        await pilot.press("n")
        assert opened(app) == "d-more.txt"  # a lead only: n is the next in the corpus
        await pilot.press("q")
