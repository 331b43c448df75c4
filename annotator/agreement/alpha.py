"""Krippendorff's alpha, nominal level, for any number of coders with missing values.

Each unit (a token) holds the values of the coders who coded it. Units with fewer than two
values are not pairable and are ignored. With n pairable values in all, n_c of value c, and
per unit m_u values, n_uc of value c:

    alpha = 1 - (n - 1) · Σ_u (m_u² - Σ_c n_uc²) / (m_u - 1)  /  (n² - Σ_c n_c²)

which is 1 - Dₒ/Dₑ from the coincidence matrix. When every pairable value is the same (or
nothing is pairable), Dₑ = 0 and alpha is undefined: ``None`` (the ``krippendorff`` package
raises an error there).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping


def units_of(columns: Iterable[Iterable[str]]) -> Counter[tuple[str, ...]]:
    """Units as sorted value tuples with their multiplicity, from per-coder tag sequences of
    one document (only the coders who coded it); value order within a unit does not matter."""
    out: Counter[tuple[str, ...]] = Counter()
    # Counting raw tuples first keeps the per-token work in C; few distinct tuples get sorted.
    for unit, count in Counter(zip(*columns, strict=True)).items():
        out[tuple(sorted(unit))] += count
    return out


def nominal_alpha(units: Mapping[tuple[str, ...], int]) -> float | None:
    n = 0
    totals: Counter[str] = Counter()
    observed = 0.0
    for values, weight in units.items():
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        n += m * weight
        for value, count in counts.items():
            totals[value] += count * weight
        observed += weight * (m * m - sum(c * c for c in counts.values())) / (m - 1)
    expected = n * n - sum(c * c for c in totals.values())
    if expected == 0:
        return None
    return 1 - (n - 1) * observed / expected
