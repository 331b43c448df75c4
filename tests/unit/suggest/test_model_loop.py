"""The model in the app's loop, without a screen: what it learns from (blind by default), a
training another process runs is waited for and not repeated, trainings in a real child
process at the lowest priority, documents ranked by the model's uncertainty for routing."""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

import orjson
import pytest

from annotator.annotations.model import Span
from annotator.cli import main
from annotator.project.create import Team, create_project
from annotator.project.project import Project, open_project
from annotator.session.child import ChildFailed, call_in_child, packed
from annotator.session.learning import (
    Learner,
    Learning,
    Trained,
    rank_by_uncertainty,
    retrain,
)
from annotator.session.team import open_team
from annotator.store.journal import load_journal
from annotator.suggest.engine import Suggester, provenance
from annotator.suggest.model import Model
from annotator.suggest.model_store import current_version, train_after, train_version
from annotator.team.files import FilesTeamStore
from annotator.team.settings import RoutingSettings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLITICS = FIXTURES / "model" / "clitics.jsonl"


def fixture_lines() -> list[dict]:
    return [orjson.loads(line) for line in CLITICS.read_bytes().splitlines()]


def write_journal(path: Path, lines: list[dict], annotator: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as f:
        for line in lines:
            f.write(orjson.dumps({**line, "annotator": annotator}) + b"\n")


def docs():
    return Learner(FIXTURES / "model", "clitics").examples()


def make_project(tmp_path: Path, overlap: str, **settings: str) -> Project:
    corpus = tmp_path / "corpus"
    corpus.mkdir(parents=True)
    for line in fixture_lines():
        (corpus / f"{line['id']}.txt").write_text(line["text"], encoding="utf-8")
    project = create_project(tmp_path / "proj", corpus, Team(("amal", "omar"), ("lina",), overlap))
    text = project.file.read_text(encoding="utf-8")
    for key, value in settings.items():
        text = text.replace(f"\n{key} = ", f"\n{key} = {value}\n# was: ", 1)
    project.file.write_text(text, encoding="utf-8")
    return open_project(project.root)


# -- what it learns from ----------------------------------------------------------------------


def test_blind_learns_only_from_the_annotators_own_journal_and_gold_of_finished_documents(
    tmp_path,
):
    project = make_project(tmp_path, "2")
    lines = fixture_lines()
    ann = project.annotations
    write_journal(ann / "amal.jsonl", lines[:4], "amal")
    # omar's labels on amal's documents, and on others
    write_journal(ann / "omar.jsonl", lines[2:8], "omar")
    # gold of a document amal finished, of one she still works on, and of one she never had
    unfinished = {**lines[3], "status": "in_progress"}
    write_journal(ann / "amal.jsonl", [unfinished], "amal")
    write_journal(ann / "gold.jsonl", [lines[0], lines[3], lines[9]], "lina")

    blind = Learner.for_project(project, "amal")
    assert blind.blind and blind.name == "crf-amal"
    assert blind.folder == ann / "models" / "crf-amal"
    records = blind.records()
    assert set(records) == {"clitics-01", "clitics-02", "clitics-03", "clitics-04", "clitics-10"}
    assert {r.annotator for r in records.values()} == {"amal", "lina"}
    assert records["clitics-01"].annotator == "lina"  # gold wins on a finished document
    assert records["clitics-04"].annotator == "amal"  # never gold while she is on it
    learned = {doc.text for doc in blind.examples()}
    assert lines[3]["text"] not in learned  # hers is not accepted yet, gold is not taken

    seeing = make_project(tmp_path / "open", "2", blind="false")
    for name in ("amal", "omar", "gold"):
        (seeing.annotations / f"{name}.jsonl").write_bytes((ann / f"{name}.jsonl").read_bytes())
    team_model = Learner.for_project(seeing, "amal")
    assert not team_model.blind and team_model.name == "crf"
    assert "omar" in {r.annotator for r in team_model.records().values()}


def test_gold_of_a_document_routed_to_the_annotator_and_not_done_is_never_learned(tmp_path):
    project = make_project(tmp_path, "2")
    lines = fixture_lines()
    team = FilesTeamStore.open(
        project.annotations,
        project.annotations,
        project.routing,
        [f"{line['id']}.txt" for line in lines],
        lambda: 1e6,
    )
    held = team.claim_next("amal")
    team.close()
    assert held is not None
    gold = [{**line, "id": f"{line['id']}.txt"} for line in lines[:3]]
    write_journal(project.annotations / "gold.jsonl", gold, "lina")
    learned = set(Learner.for_project(project, "amal").records())
    assert held not in learned
    assert learned == {line["id"] for line in gold} - {held}


def test_without_overlap_the_team_shares_one_model(tmp_path):
    project = make_project(tmp_path, "1")
    learner = Learner.for_project(project, "omar")
    assert not learner.blind and learner.name == "crf"
    assert learner.retrain_every == 5


# -- trainings --------------------------------------------------------------------------------


def test_a_training_running_elsewhere_is_waited_for_and_its_version_taken(tmp_path):
    folder = tmp_path / "models" / "crf"
    asked: list[bool] = []
    answer: list[tuple] = []

    def second() -> None:
        answer.append(train_after(folder, None, lambda: asked.append(True) or docs()))

    waiting = threading.Thread(target=second)

    def progress(what: str, done: float) -> None:
        # The first training holds the lock: the second starts now and must wait.
        if not waiting.is_alive() and not answer:
            waiting.start()

    version, _ = train_version(folder, docs(), progress)
    waiting.join(timeout=120)
    ((got, meta, trained),) = answer
    assert (got, trained, asked) == (version, False, [])
    assert meta["version"] == 1 and meta["documents"] == 12
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith("v")) == ["v1"]
    # With nothing newer than what the caller has, it trains.
    got, meta, trained = train_after(folder, version, docs)
    assert trained and got.name == "v2" and current_version(folder) == got


def test_the_app_side_counts_accepted_documents_and_trains_in_a_child(tmp_path):
    ann = tmp_path / "ann"
    write_journal(ann / "amal.jsonl", fixture_lines(), "amal")
    learning = Learning(Learner(ann, "amal", retrain_every=2))
    assert learning.load() is None
    record = load_journal(ann / "amal.jsonl").records["clitics-01"]
    assert not learning.saved(record)
    assert not learning.saved(record)  # the same document twice counts once
    assert learning.saved(load_journal(ann / "amal.jsonl").records["clitics-02"])
    job = learning.job()
    assert learning.training and learning.line == "training crf…"
    assert not learning.saved(record)  # one training at a time
    done = call_in_child(job, lambda: False)
    assert done is not None
    trained = done[0]
    assert isinstance(trained, Trained) and trained.trained
    said = learning.finished(trained)
    assert said == "Model crf v1 trained on 12 documents: its suggestions are in use."
    model = learning.load()
    assert model is not None and model.folder == ann / "models" / "crf" / "v1"
    learning.loaded(model)
    assert learning.line == "model crf v1" and not learning.training


def test_a_failed_training_is_said_and_the_model_in_use_stays(tmp_path):
    learning = Learning(Learner(tmp_path / "ann", "amal", retrain_every=1))
    with pytest.raises(ChildFailed) as failure:
        call_in_child(learning.job(), lambda: False)
    said = learning.failed(str(failure.value))
    assert said == (
        "The model was not trained: nothing to learn from: no accepted document has a span"
    )
    assert not learning.training and learning.line == ""


# -- using the model ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Model:
    folder, _ = train_version(tmp_path_factory.mktemp("m") / "crf", docs())
    return Model(folder, "crf")


def test_a_model_travels_to_a_child_process_by_its_folder(model):
    text = "وصلت القوات الحكومية إلى البوكمال وبحمص."
    again = pickle.loads(pickle.dumps(model))
    assert again.folder == model.folder and again.predict(text) == model.predict(text)
    assert model.predict(text)


def test_a_new_version_replaces_the_old_and_confidence_decides_faint_and_offered(model, tmp_path):
    text = "وصلت القوات الحكومية إلى البوكمال وبحمص."
    suggester = Suggester(builtin=(), models=[model], faint_below=0.99)
    found = suggester.candidates(text)
    assert found and all(s.source == "model:crf" and s.confidence for s in found)
    assert all(suggester.faint(s) == (s.confidence < 0.99) for s in found)
    assert provenance(found[0]) == f"model:crf {found[0].confidence:.0%}"
    assert not suggester.faint(Span.of(text, 0, 4, "ACTOR", source="rule:x"))
    newer, _ = train_version(model.folder.parent, docs())
    suggester.use(Model(newer, "crf"))
    assert [m.folder.name for m in suggester.models] == ["v2"]
    lowest = min(s.confidence for s in found)
    strict = Suggester(builtin=(), models=[model], thresholds={"model": lowest + 1e-9})
    assert len(strict.candidates(text)) < len(found)


def test_documents_are_handed_out_least_sure_first(model, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = {
        "a.txt": "قصفت الطائرات الروسية مواقع في الميادين أمس.",  # a training sentence
        "b.txt": "وصلت القوات الحكومية إلى البوكمال صباحا.",
        "c.txt": "كتب الشاعر قصيدة عن الربيع والمطر في المساء البعيد.",
        "d.txt": "ودخل الزهراوي والقرطبي بقريتهم وبالسويداء.",
    }
    for name, text in texts.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = RoutingSettings(annotators=("amal",), order="uncertain")
    team = FilesTeamStore.open(tmp_path / "ann", tmp_path / "ann", settings, sorted(texts), time)
    team.report("amal", "a.txt", "accepted", 1.0)  # finished: not ranked
    assert rank_by_uncertainty(team, model, corpus) == 3
    unsure = {name: model.uncertainty(text) for name, text in texts.items() if name != "a.txt"}
    assert len(set(unsure.values())) == 3  # distinct, so the order below is the model's
    handed = [team.claim_next("amal") for _ in range(3)]
    assert handed == sorted(unsure, key=unsure.__getitem__, reverse=True)
    team.close()


def time() -> float:
    return 1e6


def assert_least_sure_first(project: Project, model: Model) -> None:
    """The next document handed out is the one ``model`` is least sure of."""
    texts = {f"{line['id']}.txt": line["text"] for line in fixture_lines()}
    unsure = {doc: model.uncertainty(text) for doc, text in texts.items()}
    team = open_team(project)
    try:
        first = team.claim_next("amal")
    finally:
        team.close()
    assert unsure[first] == max(unsure.values()) > min(unsure.values())


def test_a_training_in_the_background_ranks_the_projects_documents(tmp_path):
    project = make_project(tmp_path, "1", order='"uncertain"')
    assert project.routing.order == "uncertain"
    write_journal(project.annotations / "omar.jsonl", fixture_lines(), "omar")
    learner = Learner.for_project(project, "amal")
    done = call_in_child(packed(retrain, learner, None), lambda: False)
    assert done is not None
    trained = done[0]
    assert trained.trained and trained.ranked == 12  # nobody finished a routed document
    model = Model(trained.version, "crf")
    assert_least_sure_first(project, model)


def test_annotator_train_in_a_project_ranks_its_documents_by_uncertainty(
    tmp_path, monkeypatch, capsys
):
    project = make_project(tmp_path, "1", order='"uncertain"')
    write_journal(project.annotations / "omar.jsonl", fixture_lines(), "omar")
    monkeypatch.chdir(project.root)
    assert main(["train"]) == 0
    out = capsys.readouterr().out
    assert '12 unfinished documents ranked by its uncertainty (order = "uncertain")' in out
    model = Model(current_version(project.annotations / "models" / "crf"), "crf")
    assert_least_sure_first(project, model)
