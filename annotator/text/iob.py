"""IOB2 tags on tokens, and which of overlapping spans they can hold: shared by the token
formats (conll, hf) and token-level agreement, so both tag a document alike.

A span is given as a token range ``(first, last, label)`` (``last`` inclusive). A token
carries one tag, so spans sharing a token cannot all be tagged: they are placed in order of
the preferred labels (``prefer``; labels it does not name come after, as equals), then
longest first (most tokens), then earliest, then by label name, and a span sharing a token
with one already placed is left out. The result is always a valid IOB2 sequence.
"""

from __future__ import annotations

from collections.abc import Sequence

OUTSIDE = "O"

TokenRange = tuple[int, int, str]  # first token, last token (inclusive), label


def flat(
    ranges: Sequence[TokenRange], prefer: Sequence[str] = ()
) -> tuple[list[int], list[tuple[int, int]]]:
    """The indices of the ranges that can be tagged, in token order, and ``(index, index of
    the placed range it shares a token with)`` for each range left out, in placing order."""
    rank = {label: i for i, label in enumerate(prefer)}
    unranked = len(rank)

    def placing_order(i: int) -> tuple[int, int, int, str]:
        first, last, label = ranges[i]
        return rank.get(label, unranked), first - last, first, label

    owner: dict[int, int] = {}  # token -> index of the range tagging it
    kept: list[int] = []
    dropped: list[tuple[int, int]] = []
    for i in sorted(range(len(ranges)), key=placing_order):
        first, last, _ = ranges[i]
        clash = next((owner[k] for k in range(first, last + 1) if k in owner), None)
        if clash is None:
            kept.append(i)
            owner.update(dict.fromkeys(range(first, last + 1), i))
        else:
            dropped.append((i, clash))
    kept.sort(key=lambda i: ranges[i][0])
    return kept, dropped


def tags(n_tokens: int, ranges: Sequence[TokenRange]) -> list[str]:
    """IOB2 tags of ``n_tokens`` tokens for ranges that share no token."""
    out = [OUTSIDE] * n_tokens
    for first, last, label in ranges:
        out[first] = "B-" + label
        out[first + 1 : last + 1] = ["I-" + label] * (last - first)
    return out
