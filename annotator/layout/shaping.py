"""Shaping one paragraph into screen clusters that know which logical characters they show.

arabic-reshaper supplies the presentation forms (its letter and lam-alef ligature tables);
the joining decisions are made here, following Unicode's ArabicShaping joining types, so
that every output glyph keeps the exact logical range it stands for. See docs/shaping.md.
"""

import unicodedata
from dataclasses import dataclass

from arabic_reshaper.letters import FINAL, INITIAL, ISOLATED, LETTERS_ARABIC, MEDIAL
from arabic_reshaper.ligatures import LETTERS_LIGATURES

from annotator.layout.invisibles import (
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


def _is_private_use(glyph: str) -> bool:
    return any(unicodedata.category(g) == "Co" for g in glyph)


def _arabic_letters() -> dict[str, tuple[int, tuple[str, str, str, str]]]:
    """letter -> (joining type, (isolated, initial, medial, final)) from arabic-reshaper.

    The joining type is what the available forms allow. Letters whose forms are private-use
    glyphs (arabic-reshaper's Kurdish font hacks) and ZWJ (handled as an invisible) are left
    out: a terminal cannot draw the former.
    """
    letters = {}
    for letter, forms in LETTERS_ARABIC.items():
        if letter == ZWJ or _is_private_use("".join(forms)):
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
            (isolated, forms[INITIAL] or isolated, forms[MEDIAL] or isolated, forms[FINAL]),
        )
    return letters


_ARABIC_LETTERS = _arabic_letters()


def _classify(ch: str) -> tuple:
    """(kind, glyph, width, extra) of one character; extra is the joining data."""
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
        elif ch == ZWNJ or category == "Lo":
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


class _Kinds(dict):
    """Character -> classification, filled on first sight of each character."""

    def __missing__(self, ch: str) -> tuple:
        info = self[ch] = _classify(ch)
        return info


_KINDS = _Kinds()


def shape(text: str, *, show_invisibles: bool = False, reshape: bool = True) -> list[Cluster]:
    """Clusters of one paragraph (no newline) in logical order, tiling range(len(text))."""
    n = len(text)
    if not n:
        return []
    kinds = _KINDS
    bases: list[int] = []  # index of each cluster's base character
    glyphs: list[str] = []
    widths: list[int] = []
    takes_marks = False  # the current cluster's base accepts combining marks
    # Join state: can the previous non-transparent character join the next one; which
    # cluster holds a letter whose form still depends on that; a lam that may ligate.
    prev_joins = False
    pending = -1
    pending_joins_prev = False
    pending_forms: tuple = ()
    lam = -1
    lam_joins_prev = False
    for i, ch in enumerate(text):
        kind, glyph, width, extra = kinds[ch]
        if kind == _ARABIC and reshape:
            jt, forms = extra
            joins_prev = prev_joins and jt != _JT_U
            if joins_prev and pending >= 0:
                glyphs[pending] = (
                    pending_forms[MEDIAL if pending_joins_prev else INITIAL] + glyphs[pending][1:]
                )
            if lam >= 0 and ch in LAM_ALEF:
                # The alef (and the marks before it) belong to the lam's cluster.
                glyphs[lam] = LAM_ALEF[ch][lam_joins_prev] + glyphs[lam][1:]
                prev_joins = False
                pending = lam = -1
                continue
            bases.append(i)
            glyphs.append(forms[FINAL] if joins_prev else forms[ISOLATED])
            widths.append(1)
            takes_marks = True
            prev_joins = jt >= _JT_D
            if prev_joins:
                pending = len(glyphs) - 1
                pending_joins_prev = joins_prev
                pending_forms = forms
            else:
                pending = -1
            if ch == LAM:
                lam = pending
                lam_joins_prev = joins_prev
            else:
                lam = -1
            continue
        if kind == _MARK:
            if not takes_marks:
                bases.append(i)
                glyphs.append(DOTTED_CIRCLE + ch)
                widths.append(1)
                takes_marks = True
            else:
                glyphs[-1] += ch
            continue
        if kind == _INVISIBLE:
            lam = -1
            if extra == _JT_C:
                if prev_joins and pending >= 0:
                    glyphs[pending] = (
                        pending_forms[MEDIAL if pending_joins_prev else INITIAL]
                        + glyphs[pending][1:]
                    )
                prev_joins = True
                pending = -1
            elif extra == _JT_U:
                prev_joins = False
                pending = -1
            if show_invisibles:
                bases.append(i)
                glyphs.append(glyph)
                widths.append(1)
                takes_marks = False
            continue
        # Everything else has its own cell and breaks joining.
        prev_joins = False
        pending = lam = -1
        bases.append(i)
        if kind == _TAB and show_invisibles:
            glyph = TAB_MARKER
        glyphs.append(glyph)
        widths.append(width)
        takes_marks = kind in (_PLAIN, _ARABIC)
    if not bases:
        # Only invisible characters: nothing to show, but the range must still be owned.
        return [Cluster("", 0, n, 0, 0)]
    starts = bases.copy()
    starts[0] = 0
    ends = bases[1:]
    ends.append(n)
    return list(map(Cluster, glyphs, starts, ends, bases, widths))
