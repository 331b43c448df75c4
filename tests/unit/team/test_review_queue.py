"""The review of a team's work: documents the annotators finished come first, each annotator's
status and note travel with the document, gold marks it reviewed, and the reviewer's place is
kept when review is reopened."""

from __future__ import annotations

import itertools
from pathlib import Path

from annotator.annotations.model import DocRecord, Span
from annotator.session.review import open_review
from annotator.team.files import FilesTeamStore
from annotator.team.settings import RoutingSettings
from annotator.team.store import DONE

TEXTS = {f"d{n}.txt": f"قال الناطق إن {n} قتلوا" for n in range(4)}
TEAM = RoutingSettings(annotators=("amal", "omar"), leads=("lina",), overlap=2)


def project(tmp_path: Path) -> tuple[Path, Path, FilesTeamStore]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc_id, text in TEXTS.items():
        (corpus / doc_id).write_text(text, encoding="utf-8")
    annotations = tmp_path / "annotations"
    team = FilesTeamStore.open(
        annotations, annotations, TEAM, list(TEXTS), itertools.count(5000).__next__
    )
    # amal finishes every document; omar finishes d2, then d0 (flagged), and is on d1.
    for doc_id, text in TEXTS.items():
        assert team.claim_next("amal") == doc_id
        team.write(DocRecord(doc_id, text, [Span.of(text, 0, 3, "QUOTE")], "accepted", "amal"))
    for doc_id, status, note in (
        ("d2.txt", "accepted", ""),
        ("d0.txt", "flagged", "is 0 a count?"),
        ("d1.txt", "in_progress", ""),
    ):
        team.claim_next("omar")
        text = TEXTS[doc_id]
        record = DocRecord(doc_id, text, [Span.of(text, 0, 3, "QUOTE")], status, "omar", note=note)
        team.write(record)
    return corpus, annotations, team


def test_ready_documents_first_with_each_annotators_word_and_the_place_kept(tmp_path):
    corpus, annotations, team = project(tmp_path)
    assert team.review_queue() == ("d2.txt", "d0.txt")
    gold = annotations / "gold.jsonl"
    setup = open_review(
        corpus, ["amal", "omar"], reviewer="lina", annotations=annotations, gold=gold
    ).finish()
    setup.on_saved = lambda r: r.status in DONE and team.mark_reviewed("lina", r.id)
    setup.serve_first(team.review_queue())
    assert [r.doc_id for r in setup.reviews] == ["d2.txt", "d0.txt", "d1.txt", "d3.txt"]
    assert [(v.annotator, v.status, v.note) for v in setup.verdicts["d0.txt"]] == [
        ("amal", "accepted", ""),
        ("omar", "flagged", "is 0 a count?"),
    ]
    assert [v.annotator for v in setup.verdicts["d3.txt"]] == ["amal"]
    first = setup.reviews[0]
    setup.decide(first, lambda r: r.accept_agreed())
    assert team.review_queue() == ("d0.txt",)  # d2 has its gold
    setup.remember(1)
    setup.journal.close()

    again = open_review(
        corpus, ["amal", "omar"], reviewer="lina", annotations=annotations, gold=gold
    ).finish()
    try:
        assert again.reviews[again.start].doc_id == "d0.txt"  # where lina was
        again.serve_first(team.review_queue())
        assert [r.doc_id for r in again.reviews][:1] == ["d0.txt"]
        assert again.reviews[again.start].doc_id == "d0.txt"
    finally:
        again.journal.close()
    team.close()
