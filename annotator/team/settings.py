"""How a team routes its documents, as the project file says: the one type the project reader
builds and every routing backend (files, PostgreSQL) takes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Order = Literal["corpus", "shuffle", "uncertain"]


@dataclass(frozen=True, slots=True)
class RoutingSettings:
    """Who annotates, how many of them see each document, and how long a hold lasts.

    ``overlap`` is a whole number of annotators per document, ``"all"`` for everyone, or a
    fraction above 1 (1.2: a seeded 20% of documents go to a second annotator).
    """

    annotators: tuple[str, ...]
    leads: tuple[str, ...] = ()
    overlap: int | float | Literal["all"] = 1
    lease_seconds: float = 30 * 60
    order: Order = "corpus"
    seed: int = 0
    quota: Mapping[str, int] = field(default_factory=dict)
