"""The Unicode Bidirectional Algorithm (UAX #9) for one paragraph, in pure Python.

`resolve_levels` runs P2-P3, X1-X10, W1-W7, N0-N2 and I1-I2 and gives an embedding level
per character; `line_levels` applies L1 to one display line; `visual_order` is L2 as an index
map; `mirrored` is L4. L3 needs nothing here: combining marks travel inside their base
letter's cluster. Conformance is checked against BidiCharacterTest.txt
(tests/unit/layout/test_bidi_conformance.py).

Bidi classes are Python's `unicodedata` corrected by the generated `CLASS_OVERRIDES`, so the
classes are those of Unicode `bidi_tables.UNICODE_VERSION` whatever Python's own version is.
"""

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from unicodedata import bidirectional

from annotator.layout.bidi_tables import BRACKETS, CLASS_OVERRIDES, MIRRORS

MAX_DEPTH = 125
MAX_BRACKET_PAIRS = 63  # BD16's stack size

# Removed by X9: they get no level of their own in the algorithm.
REMOVED = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "BN"})
EXPLICIT = frozenset({"RLE", "LRE", "RLO", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})
ISOLATE_INITIATORS = frozenset({"RLI", "LRI", "FSI"})
_ISOLATE_CONTROLS = ISOLATE_INITIATORS | {"PDI"}
_NEUTRAL_OR_ISOLATE = frozenset({"B", "S", "WS", "ON", "RLI", "LRI", "FSI", "PDI"})
# L1: reset to the paragraph level when they trail a line or precede S/B.
TRAILING_RESET = frozenset({"WS", "RLI", "LRI", "FSI", "PDI"}) | REMOVED
# Direction N0/N1 read from a resolved type: EN and AN count as R.
_STRONG_DIR = {"L": "L", "R": "R", "EN": "R", "AN": "R"}
_ALL_CLASSES = (
    EXPLICIT | _NEUTRAL_OR_ISOLATE | {"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN"}
)
_W3 = {cls: "R" if cls == "AL" else cls for cls in _ALL_CLASSES}
_NEUTRAL_TO = {
    direction: {cls: direction if cls in _NEUTRAL_OR_ISOLATE else cls for cls in _ALL_CLASSES}
    for direction in ("L", "R")
}
# I1/I2: the level of each resolved type in a sequence at level 0 / level 1.
_EVEN_LEVEL = {"L": 0, "R": 1, "EN": 2, "AN": 2}
_ODD_LEVEL = {"L": 2, "R": 1, "EN": 2, "AN": 2}
# U+2329/U+232A are canonically equivalent to U+3008/U+3009 and must pair with them.
_CANONICAL_BRACKET = {0x2329: 0x3008, 0x232A: 0x3009}

_OVERRIDE_STARTS = [first for first, _, _ in CLASS_OVERRIDES]


def _lookup_class(ch: str) -> str:
    cp = ord(ch)
    k = bisect_right(_OVERRIDE_STARTS, cp) - 1
    if k >= 0 and cp <= CLASS_OVERRIDES[k][1]:
        return CLASS_OVERRIDES[k][2]
    cls: str = bidirectional(ch)
    return cls or "L"


class _ClassTable(dict[str, str]):
    """Character -> Bidi_Class, filled on first sight, so text maps to classes at C speed."""

    def __missing__(self, ch: str) -> str:
        cls = self[ch] = _lookup_class(ch)
        return cls


_CLASSES = _ClassTable()


def bidi_class(ch: str) -> str:
    """The Bidi_Class of one character (unassigned code points get their default class)."""
    return _CLASSES[ch]


def bidi_classes(text: str) -> list[str]:
    return list(map(_CLASSES.__getitem__, text))


def mirrored(ch: str) -> str:
    """L4: the Bidi_Mirroring_Glyph of `ch`, or `ch` itself."""
    cp = MIRRORS.get(ord(ch))
    return ch if cp is None else chr(cp)


def _matching_pdis(classes: list[str]) -> dict[int, int]:
    """BD9: isolate initiator index -> index of its matching PDI."""
    match: dict[int, int] = {}
    open_isolates: list[int] = []
    for i, cls in enumerate(classes):
        if cls in ISOLATE_INITIATORS:
            open_isolates.append(i)
        elif cls == "PDI" and open_isolates:
            match[open_isolates.pop()] = i
    return match


def _first_strong_level(
    classes: list[str],
    start: int,
    end: int,
    match: dict[int, int],
    default: int = 0,
    marks_of: str | None = None,
) -> int:
    """P2/P3 over classes[start:end], skipping isolates; `default` without a strong character.
    With `marks_of` (the text of `classes`), directional marks are skipped too (HL1)."""
    i = start
    while i < end:
        cls = classes[i]
        if cls == "L" or cls == "R" or cls == "AL":
            if marks_of is None or marks_of[i] not in DIRECTIONAL_MARKS:
                return 0 if cls == "L" else 1
        elif cls in ISOLATE_INITIATORS:
            i = match.get(i, end)
        i += 1
    return default


# LRM, RLM and ALM: strong for P2 but not letters. Scraped newswire often puts an LRM before
# every token, which would make every Arabic paragraph left-to-right.
DIRECTIONAL_MARKS = "\u200e\u200f\u061c"


def carries_directional_marks(text: str) -> bool:
    """Whether `text` holds LRM, RLM or ALM, which `paragraph_level(skip_marks=True)` skips (so a
    screen can say why the direction is not the first mark's)."""
    return any(mark in text for mark in DIRECTIONAL_MARKS)


def paragraph_level(text: str, default: int = 0, *, skip_marks: bool = False) -> int:
    """P2/P3: 1 when the first strong character outside isolates is R or AL, 0 when it is L,
    `default` when there is none. With `skip_marks`, the higher-level protocol HL1 that the
    layout uses: the first strong *letter* decides, directional marks (LRM, RLM, ALM) are
    skipped; pass the result as `base` to `resolve_levels`."""
    classes = bidi_classes(text)
    match = {} if EXPLICIT.isdisjoint(classes) else _matching_pdis(classes)
    marks_of = text if skip_marks else None
    return _first_strong_level(classes, 0, len(classes), match, default, marks_of)


def resolve_levels(
    text: str, base: int | None = None, default: int = 0
) -> tuple[list[str], list[int], int]:
    """Resolve one paragraph: (bidi classes, embedding level per character, paragraph level).

    `base` forces the paragraph level (0 LTR, 1 RTL); None applies P2/P3, with `default` as
    the level of a paragraph without strong characters (P3 says 0; HL1 lets a higher-level
    protocol choose, e.g. the previous paragraph's direction). Characters removed
    by X9 carry the level of the character before them (the paragraph level at the start) so
    that every index has a usable level; L1 resets them where they trail a line.
    """
    classes = bidi_classes(text)
    n = len(classes)
    if EXPLICIT.isdisjoint(classes):
        para = _first_strong_level(classes, 0, n, {}, default) if base is None else base
        seq = [i for i in range(n) if classes[i] != "BN"] if "BN" in classes else range(n)
        direction = "R" if para & 1 else "L"
        levels = [para] * n
        _resolve_sequence(text, seq, classes, levels, para, direction, direction)
        return classes, levels, para
    match = _matching_pdis(classes)
    para = _first_strong_level(classes, 0, n, match, default) if base is None else base
    types = classes.copy()
    xlevels = _explicit_levels(classes, types, para, match)
    levels = xlevels.copy()
    for seq in _isolating_run_sequences(classes, xlevels, match):
        first, last = seq[0], seq[-1]
        level = xlevels[first]
        before = _neighbour_level(classes, xlevels, first, -1, para)
        if classes[last] in ISOLATE_INITIATORS:
            after = para
        else:
            after = _neighbour_level(classes, xlevels, last, 1, para)
        sos = "R" if max(before, level) & 1 else "L"
        eos = "R" if max(after, level) & 1 else "L"
        _resolve_sequence(text, seq, types, levels, level, sos, eos)
    previous = para
    for i in range(n):
        if classes[i] in REMOVED:
            levels[i] = previous
        else:
            previous = levels[i]
    return classes, levels, para


def _explicit_levels(
    classes: list[str], types: list[str], para: int, match: dict[int, int]
) -> list[int]:
    """X1-X8: explicit embedding levels; applies directional overrides to `types` in place."""
    n = len(classes)
    levels = [para] * n
    stack: list[tuple[int, str | None, bool]] = [(para, None, False)]  # level, override, isolate
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i in range(n):
        cls = classes[i]
        level, override, _ = stack[-1]
        if cls in ("RLE", "LRE", "RLO", "LRO"):
            new = (level + 1) | 1 if cls[0] == "R" else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                stack.append((new, cls[0] if cls[2] == "O" else None, False))
            elif not overflow_isolates:
                overflow_embeddings += 1
            levels[i] = level
        elif cls in ISOLATE_INITIATORS:
            levels[i] = level
            if override:
                types[i] = override
            if cls == "FSI":
                rtl = _first_strong_level(classes, i + 1, match.get(i, n), match) == 1
            else:
                rtl = cls == "RLI"
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and not overflow_isolates and not overflow_embeddings:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif cls == "PDI":
            if overflow_isolates:
                overflow_isolates -= 1
            elif valid_isolates:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                types[i] = override
        elif cls == "PDF":
            if overflow_isolates:
                pass
            elif overflow_embeddings:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
            levels[i] = level
        elif cls == "B":
            levels[i] = para
        else:
            levels[i] = level
            if override and cls != "BN":
                types[i] = override
    return levels


def _isolating_run_sequences(
    classes: list[str], levels: list[int], match: dict[int, int]
) -> list[list[int]]:
    """BD13/X10: the isolating run sequences, as lists of indices of non-removed characters."""
    runs: list[list[int]] = []
    current: list[int] = []
    current_level = -1
    for i, cls in enumerate(classes):
        if cls in REMOVED:
            continue
        if levels[i] != current_level and current:
            runs.append(current)
            current = []
        current_level = levels[i]
        current.append(i)
    if current:
        runs.append(current)
    run_starting_at = {run[0]: run for run in runs}
    continuations = {pdi for opener, pdi in match.items() if classes[opener] in ISOLATE_INITIATORS}
    sequences = []
    for run in runs:
        if run[0] in continuations and classes[run[0]] == "PDI":
            continue
        seq = list(run)
        while classes[seq[-1]] in ISOLATE_INITIATORS and seq[-1] in match:
            following = run_starting_at.get(match[seq[-1]])
            if following is None:
                break
            seq.extend(following)
        sequences.append(seq)
    return sequences


def _neighbour_level(classes: list[str], levels: list[int], i: int, step: int, para: int) -> int:
    i += step
    while 0 <= i < len(classes):
        if classes[i] not in REMOVED:
            return levels[i]
        i += step
    return para


def _retype_numbers_after(types: list[str], sos: str, strong_type: str, becomes: str) -> None:
    """W2 and W7: each EN whose closest strong type before it (sos at the start) is
    `strong_type` becomes `becomes`."""
    strong = sos
    for k, cls in enumerate(types):
        if cls == "EN":
            if strong == strong_type:
                types[k] = becomes
        elif cls == "L" or cls == "R" or cls == "AL":
            strong = cls


def _positions(types: list[str], cls: str, start: int = 0) -> Iterator[int]:
    """Indices of `cls` in `types` from `start`, found by list.index (a C scan)."""
    index = types.index
    k = start - 1
    try:
        while True:
            k = index(cls, k + 1)
            yield k
    except ValueError:
        return


def _resolve_sequence(
    text: str,
    seq: Sequence[int],
    types: list[str],
    levels: list[int],
    level: int,
    sos: str,
    eos: str,
) -> None:
    """W1-W7, N0-N2 and I1-I2 on one isolating run sequence (indices `seq`).

    Most rules touch few characters (numbers, separators, marks): they find them with C
    scans instead of walking every character in Python.
    """
    n = len(seq)
    whole = n == len(types)  # the paragraph is one sequence: seq is range(n)
    seq_types = types.copy() if whole else [types[i] for i in seq]
    # W1: NSM takes the type of what precedes it (ON after an isolate control).
    nsm_at = list(_positions(seq_types, "NSM"))
    for k in nsm_at:
        previous = seq_types[k - 1] if k else sos
        seq_types[k] = "ON" if previous in _ISOLATE_CONTROLS else previous
    # W2 (EN after AL is AN) and W3 (AL is R).
    if "AL" in seq_types:
        if "L" in seq_types or "R" in seq_types:
            _retype_numbers_after(seq_types, sos, "AL", "AN")
        else:
            # AL is the only strong type: numbers after the first AL are Arabic numbers.
            for k in _positions(seq_types, "EN", seq_types.index("AL")):
                seq_types[k] = "AN"
        seq_types = list(map(_W3.__getitem__, seq_types))
    # W4: a single separator between two numbers of the same kind joins them.
    for separator in ("ES", "CS"):
        for k in _positions(seq_types, separator):
            if 0 < k < n - 1:
                left = seq_types[k - 1]
                if left == seq_types[k + 1] and (
                    left == "EN" or (left == "AN" and separator == "CS")
                ):
                    seq_types[k] = left
    has_en = "EN" in seq_types
    # W5: terminators next to European numbers become EN.
    if has_en and "ET" in seq_types:
        index = seq_types.index
        k = index("ET")
        while True:
            j = k + 1
            while j < n and seq_types[j] == "ET":
                j += 1
            if (k and seq_types[k - 1] == "EN") or (j < n and seq_types[j] == "EN"):
                seq_types[k:j] = ["EN"] * (j - k)
            try:
                k = index("ET", j)
            except ValueError:
                break
    # W6: remaining separators and terminators are neutral.
    for cls in ("ES", "ET", "CS"):
        for k in _positions(seq_types, cls):
            seq_types[k] = "ON"
    # W7: EN after L (or an L sos) is L.
    if has_en and (sos == "L" or "L" in seq_types):
        _retype_numbers_after(seq_types, sos, "L", "L")
    embedding = "R" if level & 1 else "L"
    if "ON" in seq_types:
        _resolve_brackets(text, seq, seq_types, embedding, sos, nsm_at)
    _resolve_neutrals(seq_types, embedding, sos, eos)
    # I1/I2.
    if level & 1:
        resolved = list(map(_ODD_LEVEL.__getitem__, seq_types))
    else:
        resolved = list(map(_EVEN_LEVEL.__getitem__, seq_types))
    if level > 1:
        base = level & ~1
        resolved = [base + r for r in resolved]
    if whole:
        levels[:] = resolved
    else:
        for k in range(n):
            levels[seq[k]] = resolved[k]


def _resolve_neutrals(seq_types: list[str], embedding: str, sos: str, eos: str) -> None:
    """N1/N2: runs of neutrals take the surrounding direction when both sides agree."""
    n = len(seq_types)
    opposite = "L" if embedding == "R" else "R"
    if opposite == "L":
        has_opposite = "L" in seq_types
        has_embedding = "R" in seq_types or "EN" in seq_types or "AN" in seq_types
    else:
        has_opposite = "R" in seq_types or "EN" in seq_types or "AN" in seq_types
        has_embedding = "L" in seq_types
    if not has_opposite and (has_embedding or sos != opposite or eos != opposite):
        # No neutral can sit between two characters of the opposite direction.
        seq_types[:] = map(_NEUTRAL_TO[embedding].__getitem__, seq_types)
        return
    k = 0
    while k < n:
        if seq_types[k] in _NEUTRAL_OR_ISOLATE:
            j = k + 1
            while j < n and seq_types[j] in _NEUTRAL_OR_ISOLATE:
                j += 1
            before = _STRONG_DIR[seq_types[k - 1]] if k else sos
            after = _STRONG_DIR[seq_types[j]] if j < n else eos
            seq_types[k:j] = [before if before == after else embedding] * (j - k)
            k = j
        else:
            k += 1


def _bracket_pairs(text: str, seq: Sequence[int], seq_types: list[str]) -> list[tuple[int, int]]:
    """BD16: positions (in `seq`) of paired brackets, sorted by the opening bracket."""
    openers: list[tuple[int, int]] = []  # (canonical closing code point, position)
    pairs = []
    for k in range(len(seq)):
        if seq_types[k] != "ON":
            continue
        cp = ord(text[seq[k]])
        bracket = BRACKETS.get(cp)
        if bracket is None:
            continue
        other, kind = bracket
        if kind == "o":
            if len(openers) == MAX_BRACKET_PAIRS:
                break
            openers.append((_CANONICAL_BRACKET.get(other, other), k))
        else:
            closing = _CANONICAL_BRACKET.get(cp, cp)
            for depth in range(len(openers) - 1, -1, -1):
                if openers[depth][0] == closing:
                    pairs.append((openers[depth][1], k))
                    del openers[depth:]
                    break
    pairs.sort()
    return pairs


def _resolve_brackets(
    text: str, seq: Sequence[int], seq_types: list[str], embedding: str, sos: str, nsm_at: list[int]
) -> None:
    """N0: paired brackets take the direction of their content or context."""
    pairs = _bracket_pairs(text, seq, seq_types)
    if not pairs:
        return
    nsm = set(nsm_at)
    strong_dir = _STRONG_DIR.get
    for opening, closing in pairs:
        opposite_inside = False
        resolved = None
        for k in range(opening + 1, closing):
            direction = strong_dir(seq_types[k])
            if direction == embedding:
                resolved = embedding
                break
            if direction:
                opposite_inside = True
        if resolved is None:
            if not opposite_inside:
                continue
            resolved = sos
            for k in range(opening - 1, -1, -1):
                direction = strong_dir(seq_types[k])
                if direction:
                    resolved = direction
                    break
        for bracket in (opening, closing):
            seq_types[bracket] = resolved
            k = bracket + 1
            while k in nsm:
                seq_types[k] = resolved
                k += 1


def line_levels(
    classes: list[str], levels: list[int], para: int, start: int, end: int
) -> list[int]:
    """L1 for the line [start, end): the levels of that slice with separators and trailing
    whitespace (and isolate/removed controls among it) reset to the paragraph level."""
    out = levels[start:end]
    # Without a separator on the line only its tail can change: stop at the first character
    # that is not trailing whitespace (the usual line is never walked in Python).
    line = classes[start:end]
    separators = "S" in line or "B" in line
    trailing = True
    for i in range(end - 1, start - 1, -1):
        cls = classes[i]
        if cls == "S" or cls == "B":
            out[i - start] = para
            trailing = True
        elif cls in TRAILING_RESET:
            if trailing:
                out[i - start] = para
        elif separators:
            trailing = False
        else:
            break
    return out


def visual_order(levels: list[int]) -> list[int]:
    """L2: indices of `levels` in visual order (left to right)."""
    n = len(levels)
    order = list(range(n))
    if n < 2:
        return order
    highest = max(levels)
    lowest = min(levels)
    if highest == lowest:
        if highest & 1:
            order.reverse()
        return order
    # Reversals work on runs of equal level: (start, end, level), usually a handful per line.
    runs = []
    start = 0
    previous = levels[0]
    for i in range(1, n):
        level = levels[i]
        if level != previous:
            runs.append((start, i, previous))
            start = i
            previous = level
    runs.append((start, n, previous))
    count = len(runs)
    for level in range(highest, (lowest | 1) - 1, -1):
        k = 0
        while k < count:
            if runs[k][2] >= level:
                first = runs[k][0]
                while k < count and runs[k][2] >= level:
                    k += 1
                last = runs[k - 1][1]
                order[first:last] = order[first:last][::-1]
            else:
                k += 1
    return order
