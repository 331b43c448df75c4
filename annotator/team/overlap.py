"""How many annotators a document needs, and where a seeded shuffle puts it: pure functions of
the settings and the document id, so every backend and every process agrees without asking."""

from __future__ import annotations

import hashlib
import math
from typing import Literal

Overlap = int | float | Literal["all"]


def _draw(seed: int, purpose: str, doc_id: str) -> int:
    """A 64-bit number fixed by (seed, purpose, id): the same on every machine and run."""
    key = f"{seed}\x00{purpose}\x00{doc_id}".encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "big")


def need(doc_id: str, overlap: Overlap, team_size: int, seed: int) -> int:
    """Annotators ``doc_id`` needs: ``overlap`` when whole, everyone for ``"all"``; for a
    fraction such as 1.2, one annotator and a second for a seeded 20% of documents. Never
    more than the team (a team of one cannot give a document to two people)."""
    if overlap == "all":
        wanted = team_size
    elif isinstance(overlap, int):
        wanted = overlap
    else:
        whole = math.floor(overlap)
        share = overlap - whole
        wanted = whole + (1 if _draw(seed, "overlap", doc_id) < share * 2**64 else 0)
    return max(1, min(wanted, team_size))


def shuffle_rank(doc_id: str, seed: int) -> int:
    """The place of ``doc_id`` in the seeded shuffle (``order = "shuffle"``), as a signed 63-bit
    number so a database integer column holds it."""
    return _draw(seed, "shuffle", doc_id) >> 1
