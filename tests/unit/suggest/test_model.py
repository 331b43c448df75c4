"""The learned model: trained for real (python-crfsuite) on the small fixtures, clitic spans
learned and predicted, invisible marks transparent, versions kept under a lock."""

from pathlib import Path

import pytest

from annotator.problems import UserError
from annotator.store.journal import load_journal
from annotator.store.locking import FileLock
from annotator.suggest.engine import Suggester
from annotator.suggest.model import Example, Model, examples, train
from annotator.suggest.model_features import bio_tags, tag_spans, units
from annotator.suggest.model_store import current_version, load_model, train_version

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CLITICS = FIXTURES / "model" / "clitics.jsonl"
LRM = "\u200e"


def clitic_examples():
    return examples(load_journal(CLITICS).records.values())


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    folder = tmp_path_factory.mktemp("model") / "v1"
    train(clitic_examples(), folder)
    return Model(folder, "crf")


def predicted(model, text):
    return [(text[s:e], label) for s, e, label, _, _ in model.predict(text)]


def test_the_fixture_spans_start_inside_whitespace_tokens():
    """The point of the fixture: و and ب glued to the names, outside their spans."""
    docs = clitic_examples()
    inside = [
        doc.text[s:e] for doc in docs for s, e, _ in doc.spans if s and doc.text[s - 1] in "وب"
    ]
    assert set(inside) == {"البوكمال", "الرقة", "حمص", "تدمر"}


def test_units_split_the_proclitics_and_every_fixture_span_is_learnable():
    assert [t.text for t in units("ودخلت القوات وبالرقة")] == [
        "و",
        "دخلت",
        "القوات",
        "و",
        "ب",
        "ال",
        "رقة",
    ]
    for doc in clitic_examples():
        tokens = units(doc.text)
        spans = tag_spans(bio_tags(tokens, doc.spans))
        got = {(tokens[a].start, tokens[b - 1].end, label) for a, b, label in spans}
        assert got == set(doc.spans), doc.text


def test_a_clitic_span_is_predicted_after_its_proclitic(model):
    text = "وقصفت الطائرات الروسية والميادين وبحمص."
    found = model.predict(text)
    assert ("الميادين", "SITE") in predicted(model, text)
    assert ("حمص", "SITE") in predicted(model, text)
    for start, _, _, source, confidence in found:
        assert text[start - 1] in "وب "
        assert source == "model:crf"
        assert 0 < confidence <= 1


def with_marks(text):
    """``text`` as scraped wire text carries it: an LRM before every word."""
    return " ".join(LRM + word for word in text.split(" "))


def moved(text, offset):
    """Where ``offset`` of ``text`` is in ``with_marks(text)``."""
    return offset + text[:offset].count(" ") + 1


def test_invisible_marks_before_every_token_change_nothing_but_offsets(model):
    plain = "وقصفت الطائرات الروسية والميادين وبحمص."
    marked = with_marks(plain)
    expected = [
        (moved(plain, s), moved(plain, e - 1) + 1, label)
        for s, e, label, *_ in model.predict(plain)
    ]
    assert expected
    assert [(s, e, label) for s, e, label, *_ in model.predict(marked)] == expected
    assert all(marked[s] != LRM and marked[e - 1] != LRM for s, e, _ in expected)


def test_a_model_trained_on_marked_text_is_the_same_model(tmp_path, model):
    docs = [
        Example(
            with_marks(doc.text),
            tuple(
                (moved(doc.text, s), moved(doc.text, e - 1) + 1, label) for s, e, label in doc.spans
            ),
        )
        for doc in clitic_examples()
    ]
    for doc in docs:
        assert all(doc.text[s] != LRM and doc.text[e - 1] != LRM for s, e, _ in doc.spans)
    train(docs, tmp_path / "m")
    marked_model = Model(tmp_path / "m", "crf")
    text = "قصف الجيش بالرقة وحمص"
    assert [(s, e, label) for s, e, label, *_ in marked_model.predict(text)] == [
        (s, e, label) for s, e, label, *_ in model.predict(text)
    ]


def test_suggester_offers_a_span_of_the_model_and_the_gazetteer_once(model):
    text = "وصلت القوات الحكومية إلى الميادين."
    suggester = Suggester(builtin=[], gazetteer=model.gazetteer, models=[model])
    spans = suggester.for_document(text)
    assert [(s.text, s.label) for s in spans] == [
        ("القوات الحكومية", "ACTOR"),
        ("الميادين", "SITE"),
    ]
    assert len(suggester.candidates(text)) > len(spans)  # both sources found them
    assert all(s.confidence is not None for s in spans)


def test_a_threshold_per_source_holds_back_unsure_model_offers(model):
    text = "وقصفت الطائرات الروسية والميادين وبحمص."
    everything = Suggester(builtin=[], models=[model], thresholds={"model": 0.0})
    nothing = Suggester(builtin=[], models=[model], thresholds={"model": 1.01})
    assert everything.for_document(text)
    assert nothing.for_document(text) == []


def test_nothing_to_learn_is_refused(tmp_path):
    with pytest.raises(UserError, match="nothing to learn"):
        train([Example("نص بلا أسماء", ())], tmp_path / "m")


def test_versions_current_and_the_lock(tmp_path):
    folder = tmp_path / "models" / "crf"
    assert current_version(folder) is None
    with pytest.raises(UserError, match="no trained model"):
        load_model(folder)
    first, meta = train_version(folder, clitic_examples())
    assert (first.name, meta["version"], meta["documents"]) == ("v1", 1, 12)
    second, _ = train_version(folder, clitic_examples())
    assert current_version(folder) == second == folder / "v2"
    assert load_model(folder).source == "model:crf"
    lock = FileLock.acquire(folder / "training")
    try:
        with pytest.raises(UserError, match="in use by process"):
            train_version(folder, clitic_examples())
    finally:
        lock.release()
    assert current_version(folder) == second
    (folder / "current").write_text("v9\n")
    with pytest.raises(UserError, match="not a version"):
        load_model(folder)
