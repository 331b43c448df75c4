"""Precision and recall of suggestions against the hand-annotated gold (docs/suggest.md).

``annotator agreement`` prints the same figures for the rules (see docs/suggest.md); these
tests keep the documented numbers honest.
"""

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span
from annotator.cli import main
from annotator.suggest import Gazetteer, Suggester

GOLD = DocRecord.from_json(
    orjson.loads(
        (Path(__file__).resolve().parents[3] / "tests/fixtures/deir-ez-zor-gold.jsonl").read_bytes()
    )
)
LABELS = ("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE")


def counts(gold: list[Span], found: list[Span], label: str) -> tuple[int, int, int]:
    """(gold spans, suggested spans, exact matches) for one label."""
    truth = {s.key() for s in gold if s.label == label}
    guess = {s.key() for s in found if s.label == label}
    return len(truth), len(guess), len(truth & guess)


def test_the_built_in_rules_on_the_sample():
    found = Suggester().for_document(GOLD.text)
    assert {label: counts(GOLD.spans, found, label) for label in LABELS} == {
        "ACTOR": (36, 0, 0),
        "SITE": (36, 0, 0),
        "CASUALTY_COUNT": (5, 5, 5),
        "QUOTE": (4, 4, 4),
    }


def test_a_gazetteer_learned_from_the_first_eight_paragraphs_on_the_rest():
    cut = GOLD.text.index("وأشارت إلى أن الغارات استهدفت")
    gazetteer = Gazetteer()
    gazetteer.learn_records(
        [DocRecord(GOLD.id, GOLD.text, [s for s in GOLD.spans if s.end <= cut])]
    )
    assert len([s for s in GOLD.spans if s.end <= cut]) == 37
    found = [s for s in Suggester(gazetteer=gazetteer).for_document(GOLD.text) if s.start >= cut]
    rest = [s for s in GOLD.spans if s.start >= cut]
    assert {label: counts(rest, found, label) for label in LABELS} == {
        "ACTOR": (13, 5, 5),
        "SITE": (27, 6, 5),
        "CASUALTY_COUNT": (0, 0, 0),
        "QUOTE": (4, 4, 4),
    }
    # The one wrong site: "ديرالزور" learned alone, found inside "مطار ديرالزور".
    [wrong] = [s for s in found if s.label == "SITE" and s.key() not in {g.key() for g in rest}]
    assert GOLD.text[wrong.start - 5 : wrong.end] == "مطار ديرالزور"


def test_the_gazetteer_reproduces_the_gold_on_its_own_document():
    """Learned from all 81 spans, the gazetteer and the rules give back exactly the gold:
    the proclitic and overlap handling agree with the gold's boundary decisions."""
    gazetteer = Gazetteer()
    gazetteer.learn_records([GOLD])
    found = Suggester(gazetteer=gazetteer).for_document(GOLD.text)
    assert [s.key() for s in found] == [s.key() for s in sorted(GOLD.spans)]


def test_annotator_agreement_prints_the_rules_precision_and_recall(tmp_path, capsys):
    """The proof the issue asks for: the suggest journal against the gold, through
    ``annotator agreement``."""
    root = Path(__file__).resolve().parents[3]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / GOLD.id).write_text(GOLD.text, encoding="utf-8")
    annotations = tmp_path / "annotations"
    annotations.mkdir()
    gold_journal = annotations / "gold-fixture.jsonl"
    gold_journal.write_bytes((root / "tests/fixtures/deir-ez-zor-gold.jsonl").read_bytes())
    out = str(annotations / "suggest.jsonl")
    assert main(["suggest", str(corpus), "--out", out]) == 0
    capsys.readouterr()
    args = ["agreement", str(corpus), "--annotators", "gold-fixture,suggest"]
    assert main([*args, "--annotations", str(annotations), "--json"]) == 0
    [pair] = orjson.loads(capsys.readouterr().out)["pairs"]
    exact = {label: figures["exact"] for label, figures in pair["per_label"].items()}
    assert {label: (f["precision"], f["recall"]) for label, f in exact.items()} == {
        "ACTOR": (None, 0.0),
        "SITE": (None, 0.0),
        "CASUALTY_COUNT": (1.0, 1.0),
        "QUOTE": (1.0, 1.0),
    }
