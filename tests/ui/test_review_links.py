"""The review screen settles relations, attributes and document labels from the keyboard:
`l` steps through them, `t` takes a version into gold, `d` rejects one, `k` cycles to the next, `A`
takes the agreed ones with the agreed spans; the gold records written are checked line by
line, and a relation to a rejected span is shown as never in gold and refused."""

import orjson

from annotator.session.review import open_review
from annotator.ui.review.app import ReviewApp
from annotator.ui.review.links import NEVER, LinkList
from annotator.ui.review.screen import ReviewScreen
from tests.review_fixtures import (
    ARMY,
    CORPUS,
    QUOTE_3,
    TWO,
    relation_journals,
)

SIZE = (140, 44)


def notices(app) -> list[str]:
    return [n.message for n in app.notices]


def last_gold(path) -> dict:
    return orjson.loads(path.read_bytes().splitlines()[-1])


def link_rows(screen) -> list[str]:
    links = screen.query_one(LinkList)
    return [str(links.get_option_at_index(i).prompt) for i in range(links.option_count)]


async def test_the_lead_settles_links_and_gold_names_the_gold_spans(tmp_path):
    annotations = relation_journals(tmp_path / "ann")
    gold = tmp_path / "gold.jsonl"
    setup = open_review(CORPUS, TWO, reviewer="lina", annotations=annotations, gold=gold).finish()
    app = ReviewApp(setup)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            assert len(link_rows(screen)) == 10

            await pilot.press("A")  # 7 agreed spans, then the 3 agreed links between them
            assert notices(app)[-1] == "Accepted 10 agreed span(s) and link(s)."
            saved = last_gold(gold)
            assert [(r["head"], r["tail"]) for r in saved["relations"]] == [
                ("amal.q1", "amal.full")
            ]

            await pilot.press("l", "l", "l", "t")  # the second quote: amal's speaker
            assert [(r["id"], r["head"], r["tail"]) for r in last_gold(gold)["relations"]] == [
                ("amal.r0", "amal.q1", "amal.full"),
                ("amal.r1", "amal.q2", "amal.short"),
            ]

            await pilot.press("l", "t")  # the third quote's speaker is amal's ARMY, undecided
            assert "ACTOR [2635, 2651) is not in gold yet: accept it first" in notices(app)[-1]
            assert screen.current is not None and screen.current.key() == QUOTE_3
            await pilot.press("shift+tab", "x")  # ARMY rejected
            assert screen.current is not None and screen.current.key() == ARMY
            await pilot.press("t")
            assert "can never be" in notices(app)[-1]
            assert NEVER in link_rows(screen)[3]

            await pilot.press("l", "l", "k")  # the 50's kind: omar's version first
            assert last_gold(gold)["attributes"]["amal.c50"] == {"kind": "killed"}
            await pilot.press("k")  # then amal's
            assert last_gold(gold)["attributes"]["amal.c50"] == {"kind": "wounded"}

            await pilot.press("l", "l", "d", "l", "t")  # relevant: not no, yes
            await pilot.press("ctrl+z")
            assert last_gold(gold)["doc_labels"] == ["event=airstrike"]
            await pilot.press("ctrl+y")
    finally:
        setup.journal.close()

    final = last_gold(gold)
    assert final["status"] == "accepted"
    assert final["relations"] == [
        {"id": "amal.r0", "type": "SPEAKER", "head": "amal.q1", "tail": "amal.full"},
        {"id": "amal.r1", "type": "SPEAKER", "head": "amal.q2", "tail": "amal.short"},
    ]
    assert final["attributes"] == {
        "amal.c38": {"kind": "killed"},
        "amal.c50": {"kind": "wounded"},
    }
    assert final["doc_labels"] == ["event=airstrike", "relevant=yes"]
    assert [span["id"] for span in final["spans"]] == [
        "amal.c38",
        "amal.c50",
        "amal.full",
        "amal.q1",
        "amal.short",
        "amal.q2",
        "amal.q3",
    ]
    assert final["rejected"] == [list(ARMY)]
    assert final["rejected_links"] == [
        ["relation", "SPEAKER", [2327, 2542, "QUOTE"], [2134, 2149, "ACTOR"], ""],
        ["attribute", "kind", [1433, 1445, "CASUALTY_COUNT"], None, "killed"],
        ["doc_label", "relevant", None, None, "no"],
    ]
