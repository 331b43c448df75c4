"""``annotator evaluate``: precision, recall and F1 per label and per source against gold."""

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main
from annotator.store.journal import Journal
from annotator.suggest.evaluation import evaluate

TEXT = "قصفت الطائرات الروسية البوكمال وقتل 3 مدنيين"


def span(text, label, source=""):
    start = TEXT.index(text)
    return Span.of(TEXT, start, start + len(text), label, source=source)


GOLD = DocRecord(
    "a",
    TEXT,
    [
        span("الطائرات الروسية", "ACTOR"),
        span("البوكمال", "SITE"),
        span("3 مدنيين", "CASUALTY_COUNT"),
    ],
    status="accepted",
)
SUGGESTED = DocRecord(
    "a",
    TEXT,
    [
        span("الطائرات", "ACTOR", "gazetteer"),  # wrong edge
        span("البوكمال", "SITE", "model:crf"),
        span("3 مدنيين", "CASUALTY_COUNT", "rule:casualty_count:harm_clause"),
    ],
    status="accepted",
)


def test_per_label_and_per_source():
    result = evaluate({"a": SUGGESTED}, {"a": GOLD})
    assert result.documents == 1
    actor, site = result.by_label["ACTOR"], result.by_label["SITE"]
    assert (actor.correct, actor.suggested, actor.gold, actor.f1) == (0, 1, 1, 0.0)
    assert (site.precision, site.recall, site.f1) == (1.0, 1.0, 1.0)
    assert set(result.by_source) == {"gazetteer", "model:crf", "rule"}
    rule = result.by_source["rule"]
    # Charged only with the label it suggests: one casualty count, found.
    assert (rule.correct, rule.suggested, rule.gold) == (1, 1, 1)
    assert (result.overall.correct, result.overall.suggested, result.overall.gold) == (2, 3, 3)


def test_sources_filter_and_unscored_documents():
    only_models = evaluate({"a": SUGGESTED}, {"a": GOLD}, ["model"])
    assert set(only_models.by_source) == {"model:crf"}
    assert only_models.overall.suggested == 1 and only_models.overall.gold == 3
    in_progress = DocRecord("a", TEXT, GOLD.spans, status="in_progress")
    assert evaluate({"a": SUGGESTED}, {"a": in_progress}).documents == 0
    changed = DocRecord("a", TEXT + ".", GOLD.spans, status="accepted")
    assert evaluate({"a": SUGGESTED}, {"a": changed}).documents == 0


@pytest.fixture
def journals(tmp_path):
    paths = {}
    for name, record in (("suggest", SUGGESTED), ("gold", GOLD)):
        paths[name] = tmp_path / f"{name}.jsonl"
        with Journal.open(paths[name]) as journal:
            journal.append(record)
    return paths


def test_the_command_prints_a_table_and_json(journals, capsys):
    assert main(["evaluate", str(journals["suggest"]), "--gold", str(journals["gold"])]) == 0
    out = capsys.readouterr().out
    assert "1 document(s) scored" in out
    assert "model:crf" in out and "gazetteer" in out
    args = ["evaluate", str(journals["suggest"]), "--gold", str(journals["gold"]), "--json"]
    assert main([*args, "--sources", "rule,gazetteer"]) == 0
    figures = orjson.loads(capsys.readouterr().out)
    assert set(figures["sources"]) == {"rule", "gazetteer"}
    assert figures["labels"]["CASUALTY_COUNT"]["f1"] == 1.0


def test_the_command_says_what_is_wrong(journals, tmp_path, capsys):
    args = ["evaluate", str(journals["suggest"]), "--gold"]
    assert main([*args, str(journals["gold"]), "--sources", "oracle"]) == 2
    assert "give kinds from rule, pattern" in capsys.readouterr().err
    assert main([*args, str(tmp_path / "none.jsonl")]) == 2
    assert "none.jsonl" in capsys.readouterr().err
    assert main([*args, str(journals["suggest"])]) == 0  # a journal scored against itself
    assert main(["evaluate", str(journals["gold"]), "--gold", str(journals["suggest"])]) == 0
