"""What the screen shows instead of characters that must never reach the terminal raw.

Invisible characters (bidi marks, joiners, BOM, soft hyphen, every
Default_Ignorable_Code_Point and every format character) take no cell by default; with
"show invisibles" each gets one of the single-width markers below. The bidi controls that
reorder text (BIDI_CONTROLS) get their marker by default. Controls (C0, DEL, C1,
line/paragraph separators) always take a visible cell. Every symbol here has East Asian
width N or Na (one cell in every locale) and is not Bidi_Mirrored, so no terminal or bidi
pass can widen or flip it.
"""

# Default_Ignorable_Code_Point from Unicode 14's DerivedCoreProperties.txt (the version of
# Python 3.11's unicodedata, which does not expose the property itself).
DEFAULT_IGNORABLE_RANGES = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)

ZWJ = "\u200d"
ZWNJ = "\u200c"

# Shown only with show_invisibles. Harpoons for the marks, dashed arrows for embeddings,
# paired arrows for overrides, arrows from a bar for isolates; an upward arrow of the same
# family for the matching pop.
INVISIBLE_MARKERS = {
    "\u200e": "\u21c0",  # LRM  ⇀
    "\u200f": "\u21bc",  # RLM  ↼
    "\u061c": "\u21bd",  # ALM  ↽
    "\u202a": "\u21e2",  # LRE  ⇢
    "\u202b": "\u21e0",  # RLE  ⇠
    "\u202c": "\u21e1",  # PDF  ⇡
    "\u202d": "\u21c9",  # LRO  ⇉
    "\u202e": "\u21c7",  # RLO  ⇇
    "\u2066": "\u21a6",  # LRI  ↦
    "\u2067": "\u21a4",  # RLI  ↤
    "\u2068": "\u21f9",  # FSI  ⇹
    "\u2069": "\u21a5",  # PDI  ↥
    ZWJ: "\u2a1d",  # ZWJ  ⨝
    ZWNJ: "\u00a6",  # ZWNJ ¦
    "\u200b": "\u23b5",  # ZWSP ⎵
    "\u2060": "\u2040",  # WJ   ⁀
    "\ufeff": "\u2302",  # BOM / ZWNBSP ⌂
    "\u00ad": "\u00ac",  # soft hyphen ¬
    "\r": "\u240d",  # carriage return of a CRLF line end ␍
}
# The controls that change the order of what follows them (embeddings, overrides, isolates
# and their pops). Hidden, they let a line read as different text than it is (Trojan
# Source, CVE-2021-42574), so the layout shows their markers unless told not to.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
OTHER_INVISIBLE_MARKER = "\u2b1a"  # ⬚ any other ignorable or format character

TAB_GLYPH = " "  # a tab reads as a blank in running text
TAB_MARKER = "\u21e5"  # ⇥ with show_invisibles

DEL_PICTURE = "\u2421"  # ␡
NEL_PICTURE = "\u2424"  # ␤
C1_PICTURE = "\u2370"  # ⍰ C1 controls have no control pictures of their own
REPLACEMENT = "\ufffd"  # lone surrogates
SEPARATOR_PICTURES = {
    "\u2028": "\u21b5",  # LINE SEPARATOR ↵
    "\u2029": "\u204b",  # PARAGRAPH SEPARATOR ⁋
}


def is_default_ignorable(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in DEFAULT_IGNORABLE_RANGES)


def control_picture(ch: str) -> str:
    """The one visible cell for a C0/C1 control, DEL or separator."""
    cp = ord(ch)
    if cp < 0x20:
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return DEL_PICTURE
    if cp == 0x85:
        return NEL_PICTURE
    if 0x80 <= cp <= 0x9F:
        return C1_PICTURE
    return SEPARATOR_PICTURES[ch]
