"""Opening a review: the threshold merge, gold locking, clear errors."""

from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.problems import UserError
from annotator.session import review
from annotator.session.review import ACCEPTED, PENDING

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "review"
CORPUS = ROOT / "corpora"
THREE = ["amal", "omar", "sami"]


def open_review(out, annotators=THREE, **kwargs):
    return review.open_review(
        CORPUS, annotators, reviewer="lina", annotations=FIXTURES, gold=out / "gold.jsonl", **kwargs
    ).finish()


def test_threshold_merges_and_saves_at_once(tmp_path):
    setup = open_review(tmp_path, threshold=2)
    try:
        sample, agreed_note, partial_note = setup.reviews
        assert sample.decision((1262, 1283, "ACTOR")) == ACCEPTED  # amal and sami
        assert sample.decision((1262, 1283, "SITE")) == PENDING  # omar's rival stays
        assert sample.decision((1478, 1494, "SITE")) == PENDING  # amal alone
        assert agreed_note.undecided() == 0  # amal and omar; sami is missing there
        assert partial_note.decision((25, 28, "SITE")) == ACCEPTED
    finally:
        setup.journal.close()
    lines = [orjson.loads(x) for x in (tmp_path / "gold.jsonl").read_bytes().splitlines()]
    assert [(x["id"], len(x["spans"]), x["status"]) for x in lines] == [
        ("deir-ez-zor-strikes.txt", 5, "in_progress"),
        ("note-agreed", 3, "accepted"),
        ("note-partial", 1, "in_progress"),
    ]
    assert lines[0]["annotators"] == THREE


def test_threshold_out_of_range(tmp_path):
    with pytest.raises(UserError, match="--threshold must be between 1 and 3"):
        open_review(tmp_path, threshold=4)


def test_a_second_reviewer_on_the_same_gold_is_refused(tmp_path):
    first = open_review(tmp_path)
    try:
        with pytest.raises(UserError, match=r"gold\.jsonl is in use by process \d+"):
            open_review(tmp_path)
    finally:
        first.journal.close()


def test_nothing_to_review_is_a_clear_error(tmp_path):
    (tmp_path / "zed.jsonl").write_bytes(b"")
    with pytest.raises(UserError, match="none of zed has a record"):
        review.open_review(
            CORPUS, ["zed"], reviewer="lina", annotations=tmp_path, gold=tmp_path / "gold.jsonl"
        ).finish()


def test_command_line_errors_never_trace(tmp_path, capsys):
    args = ["review", str(CORPUS), "--annotations", str(FIXTURES), "--out", str(tmp_path)]
    assert main([*args, "--annotators", "amal,ghost"]) == 2
    assert "ghost.jsonl: no journal for annotator 'ghost'" in capsys.readouterr().err
    assert main([*args, "--annotators", "amal,omar", "--threshold", "0"]) == 2
    assert "--threshold must be between 1 and 2" in capsys.readouterr().err
    keymap = tmp_path / "keys.toml"
    keymap.write_text('[keys]\n"review.nope" = "y"\n', encoding="utf-8")
    assert main([*args, "--annotators", "amal,omar", "--keymap", str(keymap)]) == 2
    assert f"{keymap} line 2: unknown binding id 'review.nope'" in capsys.readouterr().err


def test_the_conflicts_counted_where_the_review_was_read_are_dropped_once_one_is_decided(
    tmp_path,
):
    """The screen takes the counts made in the worker only while nothing changed them."""
    setup = open_review(tmp_path)
    try:
        counted = setup.left_when_read
        assert counted == setup.conflicts_left() and counted[0] > 0
        sample = setup.reviews[0]
        setup.decide(sample, lambda r: r.reject((1262, 1283, "SITE")))
        assert setup.left_when_read == ()
        assert setup.conflicts_left()[0] == counted[0] - 1
    finally:
        setup.journal.close()
