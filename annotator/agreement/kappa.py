"""Cohen's kappa for two coders, from the counts of (tag of a, tag of b) pairs.

kappa = 1 - n·(disagreements) / (n² - Σ_c rowₐ(c)·col_b(c)), which is (pₒ - pₑ) / (1 - pₑ)
written in integers so the undefined case is exact: when both coders used one and the same
category for every item, pₑ = 1 and kappa is undefined (``None``; scikit-learn returns nan
there). With no items at all it is undefined too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping


def cohen_kappa(pairs: Mapping[tuple[str, str], int]) -> float | None:
    n = sum(pairs.values())
    rows: Counter[str] = Counter()
    cols: Counter[str] = Counter()
    disagree = 0
    for (x, y), count in pairs.items():
        rows[x] += count
        cols[y] += count
        if x != y:
            disagree += count
    chance = n * n - sum(rows[c] * cols[c] for c in rows)
    if chance == 0:
        return None
    return 1 - n * disagree / chance


def cohen_kappa_of(y1: Iterable[str], y2: Iterable[str]) -> float | None:
    """Kappa of two equally long tag sequences."""
    return cohen_kappa(Counter(zip(y1, y2, strict=True)))
