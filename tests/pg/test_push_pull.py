"""A files project's journals pushed onto the server and pulled back: the same records."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.problems import UserError
from annotator.store.journal import Journal, load_journal
from annotator.team.postgres.connection import connect
from annotator.team.postgres.transfer import pull, push
from tests.three_documents import labelled


def latest(path: Path) -> dict[str, object]:
    """A journal's latest records as JSON values."""
    records = load_journal(path).records
    return {doc: orjson.loads(orjson.dumps(r.to_json())) for doc, r in records.items()}


def test_push_then_pull_gives_the_same_records(server: str, tmp_path: Path) -> None:
    files = tmp_path / "project" / "annotations"
    with Journal.open(files / "amal.jsonl") as journal:
        journal.append(labelled("n1", "البوكمال"))
        journal.append(labelled("n2", "دير الزور", status="accepted"))
        drifted = labelled("n1", "البوكمال", status="flagged")
        drifted.text = "نص قديم عن البوكمال"  # a record made before the corpus text changed
        drifted.spans = []
        drifted.note = "the text changed"
        journal.append(drifted)
    with Journal.open(files / "omar.jsonl") as journal:
        journal.append(labelled("n3", "الميادين", annotator="omar", status="accepted"))
    gold = labelled("n2", "دير الزور", annotator="lina", status="accepted")
    gold.extra["reviewer"] = "lina"
    with Journal.open(files / "gold.jsonl") as journal:
        journal.append(gold)
    with connect(server) as conn:
        pushed = push(conn, files)
        assert [(p.journal, p.lines.stored) for p in pushed] == [
            ("amal", 3), ("gold", 1), ("omar", 1)
        ]  # fmt: skip
        assert all(p.lines.stored == 0 for p in push(conn, files))  # stored once
        back = tmp_path / "backup"
        assert pull(conn, back) == [("amal", 2), ("gold", 1), ("omar", 1)]
        for name in ("amal", "omar", "gold"):
            assert latest(back / f"{name}.jsonl") == latest(files / f"{name}.jsonl")
        with pytest.raises(UserError, match="pull writes new journals"):
            pull(conn, back)
