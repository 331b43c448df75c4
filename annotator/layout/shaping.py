"""Shaping one paragraph into screen clusters that know which logical characters they show.

arabic-reshaper supplies the presentation forms (its letter and lam-alef ligature tables);
the joining decisions are made here, following Unicode's ArabicShaping joining types, so
that every output glyph keeps the exact logical range it stands for. See docs/shaping.md.
"""

import unicodedata
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL
from arabic_reshaper.ligatures import LETTERS_LIGATURES

from annotator.layout.invisibles import (
    BIDI_CONTROLS,
    INVISIBLE_MARKERS,
    OTHER_INVISIBLE_MARKER,
    REPLACEMENT,
    TAB_GLYPH,
    TAB_MARKER,
    ZWJ,
    ZWNJ,
    control_picture,
    is_default_ignorable,
)


@dataclass(frozen=True, slots=True)
class Cluster:
    glyph: str  # what one screen cell shows (base glyph + attached marks); never raw controls
    start: int  # logical [start, end) offsets into the paragraph passed to shape()
    end: int
    base: int  # index of the character whose bidi level places this cluster
    width: int  # terminal cells: 1, or 2 for East Asian wide characters


DOTTED_CIRCLE = "\u25cc"
LAM = "\u0644"

# Joining types (Unicode ArabicShaping.txt); T (transparent) never enters the join state.
_JT_U, _JT_R, _JT_D, _JT_C = 0, 1, 2, 3

# Character kinds of the hot loop.
_PLAIN = 0  # its own cell, takes marks
_SPACE = 1  # its own cell, marks after it go on a dotted circle
_CONTROL = 2  # its own cell showing a picture, marks after it go on a dotted circle
_MARK = 3  # attaches to the current cluster
_INVISIBLE = 4  # attaches to a neighbour (or its own marker cell with show_invisibles)
_ARABIC = 5  # a letter with contextual forms
_TAB = 6

_LAM_ALEF_KEYS = {
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
}


def _lam_alef_ligatures() -> dict[str, tuple[str, str]]:
    """alef -> (isolated, final) ligature glyph of lam followed by that alef."""
    table = {}
    for key, (match, forms) in LETTERS_LIGATURES:
        if key in _LAM_ALEF_KEYS:
            table[match[1]] = (forms[ISOLATED], forms[FINAL])
    return table


LAM_ALEF = _lam_alef_ligatures()


def _arabic_letters() -> dict[str, tuple[int, str, str, str, str]]:
    """letter -> (joining type, isolated, final, initial, medial) from arabic-reshaper.

    The joining type is what the available forms allow (a letter Unicode calls dual-joining
    but with no medial form here is shown right-joining rather than with a form that does not
    exist). ZWJ, which the table lists as a letter, is handled as an invisible instead.
    """
    letters = {}
    for letter, forms in LETTERS_ARABIC.items():
        if letter == ZWJ:
            continue
        if forms[INITIAL] and forms[MEDIAL] and forms[FINAL]:
            jt = _JT_D
        elif forms[FINAL]:
            jt = _JT_R
        else:
            jt = _JT_U
        isolated = forms[ISOLATED] or letter
        letters[letter] = (
            jt,
            isolated,
            forms[FINAL] or isolated,
            forms[INITIAL] or isolated,
            forms[MEDIAL] or isolated,
        )
    return letters


_ARABIC_LETTERS = _arabic_letters()


# (kind, glyph, width, extra): extra is a letter's (joining type and its four forms), an
# invisible character's joining type, or None. Unpacked in the hot loop by kind, not checked.
_Kind = tuple[int, str, int, Any]


def _classify(ch: str) -> _Kind:
    """(kind, glyph, width, extra) of one character; extra is its joining data."""
    cp = ord(ch)
    if 0xD800 <= cp <= 0xDFFF:
        return (_CONTROL, REPLACEMENT, 1, None)
    if ch == "\t":
        return (_TAB, TAB_GLYPH, 1, None)
    category = unicodedata.category(ch)
    if (category == "Cc" and ch != "\r") or category in ("Zl", "Zp"):
        return (_CONTROL, control_picture(ch), 1, None)
    if ch == "\r" or category == "Cf" or is_default_ignorable(cp):
        if ch == ZWJ:
            jt = _JT_C
        elif ch == ZWNJ or category not in ("Cf", "Mn", "Me"):  # e.g. CR, Hangul fillers
            jt = _JT_U
        else:
            jt = None
        return (_INVISIBLE, INVISIBLE_MARKERS.get(ch, OTHER_INVISIBLE_MARKER), 1, jt)
    if category in ("Mn", "Me"):
        return (_MARK, ch, 0, None)
    width = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    if category == "Zs":
        return (_SPACE, ch, width, None)
    letter = _ARABIC_LETTERS.get(ch)
    if letter is not None:
        return (_ARABIC, ch, 1, letter)
    return (_PLAIN, ch, width, None)


# Character -> classification, filled on first sight of each character.
_KINDS: dict[str, _Kind] = {}

_NEW = object.__new__
_SETTERS = tuple(
    Cluster.__dict__[name].__set__ for name in ("glyph", "start", "end", "base", "width")
)


def _clusters(n: int, glyphs: list[str], bases: list[int], wide: list[int]) -> list[Cluster]:
    """Build the Cluster objects; cluster k covers [bases[k], bases[k+1]), the first from 0.

    A frozen dataclass's __init__ costs five Python-level setattr calls per object, which
    dominated shape(); filling each slot for all clusters with one C-level map is about twice
    as fast and yields the same frozen objects.
    """
    count = len(bases)
    starts = bases.copy()
    starts[0] = 0
    ends = bases[1:]
    ends.append(n)
    widths: Iterable[int]
    if wide:
        wide_widths = [1] * count
        for k in wide:
            wide_widths[k] = 2
        widths = wide_widths
    else:
        widths = repeat(1, count)
    clusters = list(map(_NEW, repeat(Cluster, count)))
    for setter, values in zip(_SETTERS, (glyphs, starts, ends, bases, widths), strict=True):
        deque(map(setter, clusters, values), 0)
    return clusters


def shape(
    text: str,
    *,
    show_invisibles: bool = False,
    show_bidi_controls: bool = False,
    reshape: bool = True,
) -> list[Cluster]:
    """Clusters of one paragraph (no newline) in logical order, tiling range(len(text)).

    Invisible characters get a marker cell with `show_invisibles`; the bidi controls that
    reorder text get one with `show_bidi_controls` too."""
    n = len(text)
    if not n:
        return []
    glyphs, bases, wide = shape_parts(
        text, show_invisibles=show_invisibles, show_bidi_controls=show_bidi_controls,
        reshape=reshape,
    )  # fmt: skip
    if not bases:
        # Only invisible characters: nothing to show, but the range must still be owned.
        return [Cluster("", 0, n, 0, 0)]
    return _clusters(n, glyphs, bases, wide)


# What `shape` makes its clusters of: each cluster's glyph, the index of its base character,
# and which clusters are two cells wide.
Shaped = tuple[list[str], list[int], list[int]]


def shape_parts(
    text: str,
    *,
    show_invisibles: bool = False,
    show_bidi_controls: bool = False,
    reshape: bool = True,
) -> Shaped:
    """The clusters of `shape` as lists, without building them (the layout makes its cells
    from these); no clusters at all when the text holds only invisible characters."""
    kinds = _KINDS.get
    lam_alef = LAM_ALEF
    bases: list[int] = []  # index of each cluster's base character
    glyphs: list[str] = []
    wide: list[int] = []  # clusters two cells wide
    add_base = bases.append
    add_glyph = glyphs.append
    takes_marks = False  # the current cluster's base accepts combining marks
    # Join state: can the previous non-transparent character join the next one; which
    # cluster holds a letter whose form changes if it does, and to what; a lam that may
    # still ligate with an alef (only marks since).
    prev_joins = False
    pending = -1
    pending_form = ""
    lam = -1
    lam_joins_prev = False
    for i, ch in enumerate(text):
        info = kinds(ch)
        if info is None:
            info = _KINDS[ch] = _classify(ch)
        kind, glyph, width, extra = info
        if kind == _ARABIC and reshape:
            jt, isolated, final, initial, medial = extra
            if prev_joins and jt:
                if lam >= 0 and ch in lam_alef:
                    # The alef (and the marks before it) belong to the lam's cluster.
                    glyphs[lam] = lam_alef[ch][lam_joins_prev] + glyphs[lam][1:]
                    prev_joins = False
                    pending = lam = -1
                    continue
                if pending >= 0:
                    glyphs[pending] = pending_form + glyphs[pending][1:]
                add_glyph(final)
                pending_form = medial
            else:
                add_glyph(isolated)
                pending_form = initial
            add_base(i)
            takes_marks = True
            if jt == _JT_D:
                lam_joins_prev = prev_joins
                prev_joins = True
                pending = len(glyphs) - 1
                lam = pending if ch == LAM else -1
            else:
                prev_joins = False
                pending = lam = -1
            continue
        if kind == _MARK:
            if takes_marks:
                glyphs[-1] += ch
            else:
                add_base(i)
                add_glyph(DOTTED_CIRCLE + ch)
                takes_marks = True
            continue
        if kind == _INVISIBLE:
            lam = -1
            if extra == _JT_C:
                if prev_joins and pending >= 0:
                    glyphs[pending] = pending_form + glyphs[pending][1:]
                prev_joins = True
                pending = -1
            elif extra == _JT_U:
                prev_joins = False
                pending = -1
            if show_invisibles or (show_bidi_controls and ch in BIDI_CONTROLS):
                add_base(i)
                add_glyph(glyph)
                takes_marks = False
            continue
        # Everything else has its own cell and breaks joining.
        prev_joins = False
        pending = lam = -1
        add_base(i)
        if kind == _TAB and show_invisibles:
            glyph = TAB_MARKER
        add_glyph(glyph)
        if width == 2:
            wide.append(len(glyphs) - 1)
        takes_marks = kind in (_PLAIN, _ARABIC)
    return glyphs, bases, wide
