"""File names made from any document id are safe and distinct on every common file system."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.safe_names import MAX_BYTES, safe_names

HOSTILE = [
    "../../etc/passwd", "a/b", "a\\b", "CON", "con", "nul.txt", "COM1", "LPT9.log", "",
    "x" * 300, "..", ".", ".hidden", "trailing. ", "a\x00b", "tab\there", "\x1b[31mred",
    "A", "a", "دير الزور", "دير_الزور", "e\u0301", "\u00e9", "ﷺ", "𝔸😀",
]  # fmt: skip
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
RESERVED |= {f"LPT{i}" for i in range(1, 10)}


def check(names: dict[str, str]) -> None:
    keys = [unicodedata.normalize("NFC", n).casefold() for n in names.values()]
    assert len(set(keys)) == len(keys), "names collide on a case-insensitive file system"
    for name in names.values():
        assert name and len(name.encode("utf-8")) <= MAX_BYTES + 1 + 64
        assert "/" not in name and "\\" not in name and ".." not in name
        assert all(c.isprintable() for c in name)
        assert not name.startswith(".") and not name.endswith((".", " "))
        assert name.split(".")[0].upper() not in RESERVED


def test_hostile_ids_get_safe_distinct_names():
    names = safe_names(HOSTILE)
    check(names)
    assert names["دير الزور"].startswith("دير_الزور-")
    assert names["a/b"].startswith("a_b-")
    assert names["CON"].startswith("_CON-") and names["con"].startswith("_con-")
    assert len(names["x" * 300].encode()) <= MAX_BYTES + 11


def test_plain_ids_keep_their_names_and_names_are_stable():
    assert safe_names(["article-1", "مقال_2", "report.v2"]) == {
        "article-1": "article-1",
        "مقال_2": "مقال_2",
        "report.v2": "report.v2",
    }
    assert safe_names(HOSTILE) == safe_names(list(reversed(HOSTILE)))


def test_a_hashed_name_never_takes_a_plain_id():
    first = safe_names(["a/b"])["a/b"]
    names = safe_names(["a/b", first])
    assert names[first] == first
    check(names)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=12, unique=True))
def test_any_ids_get_safe_distinct_names(ids):
    check(safe_names(ids))
