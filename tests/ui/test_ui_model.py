"""The learned model in the app: loaded after the first screen, trained again in a child process
once enough documents are accepted while keys go on being answered, swapped in and said in the
status line; its suggestions drawn by confidence and, once taken, written with their source
and confidence."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.project.create import Team, create_project
from annotator.project.project import Project, open_project
from annotator.session.learning import Learner
from annotator.store.locking import FileLock
from annotator.suggest.model_store import train_version
from annotator.ui.annotate.app import make_app
from annotator.ui.annotate.doc_header import DocHeader
from annotator.ui.annotate.span_list import SpanList

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CLITICS = FIXTURES / "model" / "clitics.jsonl"
SIZE = (110, 30)
# No built-in rule and no word a colleague marked is in the first; the second has names the
# model learned from a colleague's journal (which amal's gazetteer never read).
POEM = "كتب الشاعر قصيدة عن المطر."
NEWS = "وصلت القوات الحكومية إلى البوكمال وبحمص."


def project_with(tmp_path: Path, retrain_every: int, overlap: str = "1") -> Project:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a-poem.txt").write_text(POEM, encoding="utf-8")
    (corpus / "b-news.txt").write_text(NEWS, encoding="utf-8")
    project = create_project(tmp_path / "proj", corpus, Team(("amal", "omar"), (), overlap))
    text = project.file.read_text(encoding="utf-8")
    text = text.replace("retrain_every = 5", f"retrain_every = {retrain_every}")
    # The model is sure of these names: only the very surest is drawn underlined, and the
    # least sure (حمص, 0.96) is not offered.
    text = text.replace("dim_below = 0.8", "dim_below = 0.99")
    project.file.write_text(text.replace("model = 0.5", "model = 0.97"), encoding="utf-8")
    # omar's accepted documents: what the team's model learns from (overlap 1: not blind).
    omar = [orjson.loads(line) for line in CLITICS.read_bytes().splitlines()]
    with open(project.annotations / "omar.jsonl", "wb") as f:
        f.writelines(orjson.dumps({**line, "annotator": "omar"}) + b"\n" for line in omar)
    return open_project(project.root)


def app_for(project: Project, clock):
    settings = project.suggest
    return make_app(
        project.corpus,
        annotator="amal",
        out=project.annotations,
        clock=clock,
        learner=Learner.for_project(project, "amal"),
        thresholds=settings.thresholds,
        faint_below=settings.dim_below,
    )


def records(project: Project) -> list[dict]:
    lines = (project.annotations / "amal.jsonl").read_bytes().splitlines()
    return [orjson.loads(line) for line in lines]


def opened(app) -> str:
    return app.screen.query_one(DocHeader).facts.title


async def test_keys_are_answered_while_the_model_trains_and_its_suggestions_are_taken(
    tmp_path, frozen_clock, pause_until
):
    project = project_with(tmp_path, retrain_every=1)
    learner = Learner.for_project(project, "amal")
    assert (learner.name, learner.blind) == ("crf", False)
    # Another process is training this model: the app's training waits for it.
    learner.folder.mkdir(parents=True)
    elsewhere = FileLock.acquire(learner.folder / "training")
    app = app_for(project, frozen_clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert opened(app) == "a-poem.txt"
            assert screen.learning == "" and not app.workspace.suggester.models
            await pilot.press("a")  # accepted: one document, and retrain_every is 1
            assert records(project)[-1]["status"] == "accepted"
            assert app.learning.training and screen.learning == "training crf…"
            assert opened(app) == "b-news.txt"
            # A key while the training runs: answered, its record on disk.
            await pilot.press("2")
            news = records(project)[-1]
            assert news["id"] == "b-news.txt"
            assert [(s["text"], s["label"]) for s in news["spans"]] == [("وصلت", "SITE")]
            assert app.learning.training
            await pilot.press("ctrl+z")
            assert records(project)[-1]["spans"] == []
            elsewhere.release()
            await pause_until(pilot, lambda: screen.learning == "model crf v1", "the new model")
            assert [n.message for n in app.notices if n.message.startswith("Model")] == [
                "Model crf v1 trained on 13 documents: its suggestions are in use."
            ]
            suggested = app.workspace.suggestions()
            assert {s.source for s in suggested} == {"model:crf"}
            assert [(s.text, s.label) for s in suggested] == [
                ("القوات الحكومية", "ACTOR"),
                ("البوكمال", "SITE"),
            ]
            (model,) = app.workspace.suggester.models
            unsure = [(NEWS[a:b], c) for a, b, _, _, c in model.predict(NEWS) if c < 0.97]
            assert [text for text, _ in unsure] == ["حمص"]  # below [suggest.thresholds]
            # Drawn by confidence: a sure one underlined, one under dim_below only dim.
            styles = {s.text: screen.style_of(s) for s in suggested}
            assert {s.text for s in suggested if s.confidence >= 0.99} == {"البوكمال"}
            assert [text for text, style in styles.items() if style.underline] == ["البوكمال"]
            assert all(style.dim and not style.fill for style in styles.values())
            # The span list shows how sure the model is of each suggestion.
            await pilot.pause()
            listed = screen.query_one(SpanList)
            rows = [listed.row_content(i).plain for i in range(len(listed.rows))]
            assert [row.split()[-1] for row in rows] == [f"{s.confidence:.0%}" for s in suggested]
            await pilot.press("y")
            taken = records(project)[-1]["spans"]
            assert [(s["text"], s["label"], s["source"]) for s in taken] == [
                ("القوات الحكومية", "ACTOR", "model:crf")
            ]
            assert taken[0]["confidence"] == suggested[0].confidence
            assert 0.5 <= taken[0]["confidence"] <= 1
            app.screen.view.move_to(NEWS.index("البوكمال"))
            await pilot.pause()
            assert screen.detail == (
                f"suggested SITE y/d [25, 33) model:crf {suggested[1].confidence:.0%}"
            )
    finally:
        elsewhere.release()


async def test_the_model_is_loaded_after_the_first_screen(tmp_path, frozen_clock, pause_until):
    project = project_with(tmp_path, retrain_every=0)
    learner = Learner.for_project(project, "amal")
    train_version(learner.folder, learner.examples())
    app = app_for(project, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pause_until(pilot, lambda: app.screen.learning == "model crf v1", "the model")
        await pilot.press("n")
        assert opened(app) == "b-news.txt"
        assert {s.source for s in app.workspace.suggestions()} == {"model:crf"}
        await pilot.press("a", "a")  # retrain_every = 0: accepting never trains
        assert not app.learning.training


async def test_with_overlap_the_app_never_learns_a_colleagues_labels(
    tmp_path, frozen_clock, pause_until
):
    project = project_with(tmp_path, retrain_every=1, overlap="2")
    learner = Learner.for_project(project, "amal")
    assert (learner.name, learner.blind) == ("crf-amal", True)
    app = app_for(project, frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        shown: list[str] = []  # every state of the learning line, however short it lasts
        app.screen.watch(app.screen, "learning", lambda line: shown.append(line))
        await pilot.press("a")  # accepted: a training of amal's own model starts
        await pause_until(pilot, lambda: not app.learning.training, "the training")
        assert "training crf-amal…" in shown
        # omar's twelve accepted documents are not hers to learn from: nothing to learn.
        said = [n.message for n in app.notices if n.message.startswith("The model")]
        assert said == [
            "The model was not trained: nothing to learn from: no accepted document has a span"
        ]
        assert app.screen.learning == "" and not app.workspace.suggester.models
    assert not (project.annotations / "models" / "crf").exists()
