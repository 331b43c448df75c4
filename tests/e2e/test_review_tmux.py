"""End to end: the real ``annotator review`` command in a detached tmux session, driven by
keys, writing gold.jsonl into a temporary folder."""

import os
import shlex
import sys
from pathlib import Path

import orjson

from tests.review_fixtures import relation_journals

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "review"


def gold(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def review_in_tmux(tmux, session: str, annotations: Path, *extra: str, rows: int):
    """``annotator review`` of amal's and omar's journals in ``annotations`` as lina, in a
    detached tmux session of 120 columns; (the screen now, what a timeout says)."""
    command = " ".join(
        shlex.quote(part)
        for part in [
            str(Path(sys.executable).parent / "annotator"),
            "review",
            str(ROOT / "corpora"),
            "--annotators",
            "amal,omar",
            "--annotations",
            str(annotations),
            *extra,
            "--reviewer",
            "lina",
        ]
    )
    tmux("new-session", "-d", "-s", session, "-x", "120", "-y", str(rows), command)
    seen = [""]

    def screen() -> str:
        seen[0] = tmux("capture-pane", "-p", "-t", session)
        return seen[0]

    def waiting_for(what: str):  # a timeout shows the screen seen last
        return lambda: f"{what}: {seen[0]}"

    return screen, waiting_for


def test_review_in_tmux(tmp_path, tmux, wait_for):
    session = f"annotator-review-e2e-{os.getpid()}"
    screen, waiting_for = review_in_tmux(tmux, session, FIXTURES, "--out", str(tmp_path), rows=36)
    out = tmp_path / "gold.jsonl"

    wait_for(lambda: "6 conflict(s) here, 7 in all" in screen(), waiting_for("the review screen"))
    tmux("send-keys", "-t", session, "Tab", "a")  # القوات الروسية
    tmux("send-keys", "-t", session, "Tab", "Tab", "Tab", "a")  # الحرس الثوري as ACTOR
    wait_for(lambda: len(gold(out)) == 2, waiting_for("two gold lines"))
    tmux("send-keys", "-t", session, "A")  # البوكمال and نتنياهو
    tmux("send-keys", "-t", session, "c")  # next document with conflicts
    wait_for(lambda: "note-partial  3/3" in screen(), waiting_for("the next conflicted document"))
    tmux("send-keys", "-t", session, "Tab", "x")  # قافلة المساعدات
    wait_for(
        lambda: "0 conflict(s) here, 4 in all" in screen(), waiting_for("the conflict settled")
    )
    assert len(gold(out)) == 4
    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: not tmux.has_session(session), waiting_for("the app to quit"))
    lines = gold(out)
    sample = [line for line in lines if line["id"] == "deir-ez-zor-strikes.txt"][-1]
    assert [(s["start"], s["end"], s["label"], s.get("annotators")) for s in sample["spans"]] == [
        (29, 43, "ACTOR", ["amal", "omar"]),
        (81, 89, "SITE", ["amal", "omar"]),
        (1262, 1283, "ACTOR", ["amal"]),
        (2142, 2149, "ACTOR", ["amal", "omar"]),
    ]
    assert sample["rejected"] == [[1262, 1283, "SITE"]]
    assert (sample["annotator"], sample["reviewer"]) == ("lina", "lina")
    note = lines[-1]
    assert note["id"] == "note-partial"
    assert note["spans"] == []
    assert note["rejected"] == [[5, 20, "ACTOR"]]
    assert note["status"] == "in_progress"  # حلب, agreed, is still undecided


def test_review_settles_relations_attributes_and_doc_labels_in_tmux(tmp_path, tmux, wait_for):
    annotations = relation_journals(tmp_path / "ann")
    session = f"annotator-review-links-e2e-{os.getpid()}"
    screen, waiting_for = review_in_tmux(tmux, session, annotations, rows=40)
    out = annotations / "gold.jsonl"

    # 1 span (amal's ARMY) and 7 links (3 relations, 2 kinds, 2 relevant) are disputed.
    wait_for(lambda: "8 conflict(s) here, 8 in all" in screen(), waiting_for("the review"))
    tmux("send-keys", "-t", session, "A")  # 7 spans, then the 3 agreed links
    wait_for(lambda: len(gold(out)) == 1, waiting_for("the agreed ones in gold"))
    tmux("send-keys", "-t", session, "l", "l", "l", "t")  # the second quote: amal's speaker
    wait_for(lambda: len(gold(out)) == 2, waiting_for("the speaker taken"))
    tmux("send-keys", "-t", session, "l", "BTab", "x")  # the third quote's ARMY rejected
    wait_for(lambda: "✗ end not in gold" in screen(), waiting_for("the relation never in gold"))
    tmux("send-keys", "-t", session, "l", "l", "k", "k")  # the 50: killed, then wounded
    wait_for(lambda: len(gold(out)) == 5, waiting_for("the kind cycled"))
    tmux("send-keys", "-t", session, "l", "l", "d", "l", "t")  # relevant: not no, yes
    wait_for(lambda: "0 conflict(s) here, 0 in all" in screen(), waiting_for("all settled"))
    tmux("send-keys", "-t", session, "q")
    wait_for(lambda: not tmux.has_session(session), waiting_for("the app to quit"))
    final = gold(out)[-1]
    assert final["status"] == "accepted"
    assert [(r["type"], r["head"], r["tail"]) for r in final["relations"]] == [
        ("SPEAKER", "amal.q1", "amal.full"),
        ("SPEAKER", "amal.q2", "amal.short"),
    ]
    assert final["attributes"] == {"amal.c38": {"kind": "killed"}, "amal.c50": {"kind": "wounded"}}
    assert final["doc_labels"] == ["event=airstrike", "relevant=yes"]
