"""File names from arbitrary document ids, safe on every common file system.

A name keeps letters (any script), digits, ``-``, ``_`` and single inner dots; everything else
becomes ``_``. It never is or contains ``..``, never holds a path separator or a control
character, never starts with a dot, never ends with a dot or space (Windows drops those), never
is a Windows device name (``CON``, ``nul.txt``, ``COM1``...), and fits in 100 UTF-8 bytes so a
suffix still fits the usual 255-byte limit. When cleaning changed the id, or two names would be
the same on a case-insensitive or normalising file system (macOS, Windows), a short hash of the
id is appended, so names are distinct and the same ids always get the same names. A suffix the
files get anyway can be left off the ids that end in it (``a.txt`` is not doubled); an id
whose name then meets another's (``a.txt`` and ``a``) is hashed like any other collision.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_BYTES = 100
_DOTS = re.compile(r"\.{2,}")
_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{p}{n}" for p in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)


def _clean(doc_id: str) -> str:
    name = "".join(c if c.isprintable() else "_" for c in doc_id)
    name = re.sub(r"[^\w.\-]", "_", name)
    name = _DOTS.sub(".", name).strip(". ")
    stem = name.split(".", 1)[0].upper()
    if not name or stem in _RESERVED:
        name = f"_{name}"
    encoded = name.encode("utf-8")
    if len(encoded) > MAX_BYTES:
        name = encoded[:MAX_BYTES].decode("utf-8", "ignore").rstrip(". ")
    return name


def _key(name: str) -> str:
    """What a case-insensitive, normalising file system compares."""
    return unicodedata.normalize("NFC", name).casefold()


def _hashed(name: str, doc_id: str, length: int) -> str:
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:length]
    return f"{name}-{digest}"


def _without(doc_id: str, suffix: str) -> str:
    if suffix and doc_id.endswith(suffix) and len(doc_id) > len(suffix):
        return doc_id[: -len(suffix)]
    return doc_id


def safe_names(ids: list[str], suffix: str = "") -> dict[str, str]:
    """A distinct safe file name (without suffix) for each id.

    An id that ends in ``suffix``, which the files get anyway (brat's ``.txt``), is named
    without it, so ``a.txt`` is written as ``a.txt``, not ``a.txt.txt``."""
    plain = {doc_id: _without(doc_id, suffix) for doc_id in ids}
    cleaned = {doc_id: _clean(plain[doc_id]) for doc_id in ids}
    counts: dict[str, int] = {}
    for name in cleaned.values():
        counts[_key(name)] = counts.get(_key(name), 0) + 1
    out: dict[str, str] = {}
    taken: set[str] = set()
    # Ids kept as they are claim their names first, so a hashed name never takes one of them.
    ordered = sorted(ids, key=lambda i: (cleaned[i] != plain[i] or counts[_key(cleaned[i])] > 1, i))
    for doc_id in ordered:
        name = cleaned[doc_id]
        length = 10
        if name != plain[doc_id] or counts[_key(name)] > 1:
            name = _hashed(name, doc_id, length)
        while _key(name) in taken:
            length += 4
            name = _hashed(cleaned[doc_id], doc_id, length)
        taken.add(_key(name))
        out[doc_id] = name
    return out
