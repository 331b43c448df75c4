"""The code points a set of regular expressions can tell apart, for sweeps over all of Unicode.

A pattern built only from character sets (``[...]`` classes, ``\\d``-style categories, literal
characters, ``.``) joined by concatenation, alternation, repetition, groups and lookarounds
decides every match from which of its sets each character belongs to: it reads nothing else
of a character. So two code points that belong to exactly the same sets of every pattern
compared (the same *signature*) behave the same in any text: swap one for the other anywhere
and every pattern finds the same matches at the same offsets. A claim "these patterns agree
on every code point in these contexts" is then proven for every code point by checking it for
one code point of each signature. ``character_sets`` refuses a pattern that reads more than
memberships (a backreference, an anchor or word boundary, case folding, inline flags), so
the argument cannot silently stop holding when a pattern changes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import pairwise
from re import _constants as sre
from re import _parser

CODE_POINTS = 0x110000
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_NOT_WORD: r"\W",
}
# What joins sets without reading a character itself.
_STRUCTURE = {
    sre.SUBPATTERN,
    sre.BRANCH,
    sre.MAX_REPEAT,
    sre.MIN_REPEAT,
    sre.POSSESSIVE_REPEAT,
    sre.ASSERT,
    sre.ASSERT_NOT,
    sre.ATOMIC_GROUP,
}


def _char(cp: int) -> str:
    return re.escape(chr(cp))


def _set_source(op: object, av: object) -> str:
    """One character set of a parsed pattern, written as a pattern of its own."""
    if op is sre.LITERAL:
        return _char(av)  # type: ignore[arg-type]
    if op is sre.NOT_LITERAL:
        return f"[^{_char(av)}]"  # type: ignore[arg-type]
    if op is sre.ANY:
        return "."
    if op is sre.CATEGORY:
        return _CATEGORIES[av]  # type: ignore[index]
    items = []
    for item_op, item_av in av:  # type: ignore[attr-defined]
        if item_op is sre.NEGATE:
            items.append("^")
        elif item_op is sre.LITERAL:
            items.append(_char(item_av))
        elif item_op is sre.RANGE:
            items.append(f"{_char(item_av[0])}-{_char(item_av[1])}")
        elif item_op is sre.CATEGORY:
            items.append(_CATEGORIES[item_av])
        else:
            raise AssertionError(f"a character set holds {item_op}, which the sweep cannot read")
    return "[" + "".join(items) + "]"


def _walk(data: Iterable[tuple[object, object]]) -> Iterator[str]:
    for op, av in data:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.CATEGORY, sre.IN):
            source = _set_source(op, av)
            # Written back faithfully, or the sweep would test other sets than the pattern's.
            assert _parser.parse(source).data == [(op, av)], source
            yield source
        elif op is sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av  # type: ignore[misc]
            assert not add_flags and not del_flags, "inline flags: memberships may not decide"
            yield from _walk(sub)
        elif op is sre.BRANCH:
            for sub in av[1]:  # type: ignore[index]
                yield from _walk(sub)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            yield from _walk(av[2])  # type: ignore[index]
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            yield from _walk(av[1])  # type: ignore[index]
        elif op is sre.ATOMIC_GROUP:
            yield from _walk(av)  # type: ignore[arg-type]
        else:
            raise AssertionError(
                f"the pattern uses {op}: its matches depend on more than which character sets "
                "each character is in, and a sweep by signatures would not cover it"
            )


def character_sets(pattern: str) -> list[str]:
    """Every character set ``pattern`` tests a character against, each written as a pattern
    of its own; AssertionError when the pattern reads anything else (see the module)."""
    parsed = _parser.parse(pattern)
    assert parsed.state.flags == re.UNICODE, f"flags {parsed.state.flags!r} change what sets mean"
    return list(dict.fromkeys(_walk(parsed.data)))


@cache
def _every_code_point() -> str:
    return "".join(map(chr, range(CODE_POINTS)))


def _runs(source: str) -> tuple[list[int], list[int]]:
    """Starts and (exclusive) ends of the runs of code points in the set ``source``, found
    by the engine itself in one pass over all of Unicode."""
    spans = [m.span() for m in re.finditer(f"(?:{source})+", _every_code_point())]
    if not spans:
        return [], []
    starts, ends = zip(*spans, strict=True)
    return list(starts), list(ends)


def signatures(patterns: Iterable[str]) -> dict[tuple[bool, ...], list[range]]:
    """For each signature (membership of every set the patterns test) the ranges of code
    points that have it, in order."""
    sources = list(dict.fromkeys(s for p in patterns for s in character_sets(p)))
    runs = [_runs(source) for source in sources]
    edges = sorted({0, CODE_POINTS, *(e for starts, ends in runs for e in (*starts, *ends))})
    out: dict[tuple[bool, ...], list[range]] = defaultdict(list)
    for first, stop in pairwise(edges):
        # Inside a set's run when the last run starting at or before `first` ends after it.
        key = tuple(
            (i := bisect_right(starts, first) - 1) >= 0 and ends[i] > first for starts, ends in runs
        )
        out[key].append(range(first, stop))
    return dict(out)


def representatives(groups: dict[tuple[bool, ...], list[range]], spread: int = 64) -> list[int]:
    """Code points standing for their signatures: every one of a signature that holds at most
    ``spread * 8`` code points, and otherwise the first and last of ``spread`` of its ranges
    chosen evenly (always its first and its last range)."""
    chosen: set[int] = set()
    for ranges in groups.values():
        if sum(map(len, ranges)) <= spread * 8:
            chosen.update(cp for r in ranges for cp in r)
            continue
        step = max(1, (len(ranges) - 1) / (spread - 1))
        picks = {ranges[round(i * step)] for i in range(spread) if round(i * step) < len(ranges)}
        for r in (*picks, ranges[-1]):
            chosen.update((r[0], r[-1]))
    return sorted(chosen)
