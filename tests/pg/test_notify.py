"""Progress notifications leave from a thread of their own: a claim or a change does not wait
for them, and what moves while one is on its way goes out in the next."""

from __future__ import annotations

from annotator.team.postgres.connection import connect
from annotator.team.postgres.notify import CHANNEL, Notifier


def test_every_document_told_is_notified_in_order_and_none_is_dropped_by_close(
    pg_url: str,
) -> None:
    told = [f"d{n}" for n in range(50)]
    with connect(pg_url) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        notifier = Notifier(pg_url)
        for doc_id in told:
            notifier.tell([doc_id, doc_id])  # the same document twice at once: once
        notifier.tell(["d0"])  # again later: heard again, unless the first still waited
        notifier.close()
        heard = [note.payload for note in listener.notifies(timeout=2.0)]
    assert set(heard) == set(told)
    assert all(heard.count(d) == 1 for d in told[1:])
    assert 1 <= heard.count("d0") <= 2
    assert heard.index("d0") < heard.index("d1") < heard.index("d49")  # the order they moved
