"""File names made from any document id are safe and distinct on every common file system."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.formats.safe_names import MAX_BYTES, safe_names

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


def test_a_suffix_the_files_get_anyway_is_not_doubled():
    names = safe_names(["deir-ez-zor-strikes.txt", "report.v2", "x.txt.txt", ".txt"], ".txt")
    assert names["deir-ez-zor-strikes.txt"] == "deir-ez-zor-strikes"
    assert names["report.v2"] == "report.v2" and names["x.txt.txt"] == "x.txt"
    assert names[".txt"].startswith("txt-")
    # Two ids that would get one file name both get a hash, as any other collision does.
    names = safe_names(["a.txt", "a", "A.txt"], ".txt")
    assert names["a.txt"].startswith("a-") and names["A.txt"].startswith("A-")
    assert names["a"].startswith("a-")
    check(names)
    first = safe_names(["a/b.txt"], ".txt")["a/b.txt"]
    assert safe_names(["a/b.txt", first + ".txt"], ".txt")[first + ".txt"] == first


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40).map(lambda s: s + ".txt"), max_size=12, unique=True))
def test_any_ids_with_the_suffix_get_safe_distinct_names(ids):
    check(safe_names(ids, ".txt"))


def test_brat_names_a_txt_document_once_and_gives_back_its_id(roundtrip):
    from annotator.annotations.model import DocRecord

    records = [DocRecord("a.txt", "أ", []), DocRecord("a", "ب", []), DocRecord("b.txt", "ج", [])]
    _, back, problems, files = roundtrip(records, "brat")
    assert problems == []
    assert sorted((r.id, r.text) for r in back) == [("a", "ب"), ("a.txt", "أ"), ("b.txt", "ج")]
    assert "b.txt" in files and "b.ann" in files and "b.txt.txt" not in files
    assert len(files) == 2 * 3 + 2
