"""Telling listeners (a lead's screen, ``db watch``) that progress moved, after the change
that moved it is committed, in a transaction of its own that does not wait for the disk.

A NOTIFY takes one lock for the whole cluster from before its transaction's commit is
written until the transaction ends: had it been sent inside the changes' durable
transactions, every one of them would commit after the other, each waiting for its own
flush. A notification is a hint to read the figures again (the figures themselves are
durable), so losing one in a crash costs nothing a new read would not mend.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import psycopg

CHANNEL = "annotator_progress"


def notify_progress(conn: psycopg.Connection[Any], doc_ids: Iterable[str]) -> None:
    """Notify CHANNEL once per document (one round trip: pipelined)."""
    moved = list(dict.fromkeys(doc_ids))
    if not moved:
        return
    with conn.pipeline(), conn.transaction():
        conn.execute("SET LOCAL synchronous_commit TO off")
        for doc_id in moved:
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, doc_id))
