"""The sweeps over all of Unicode by signatures (tests/character_sets.py) read every set a
pattern tests, refuse a pattern whose matches depend on more, and group code points right."""

import pytest

from tests.character_sets import character_sets, representatives, signatures


def test_every_set_is_found_wherever_it_sits_in_the_pattern():
    pattern = r"a[b-d]+|\d(?=[^\s\u200e])(?<!x)|(?:.|\S)*?"
    # As the engine holds them: a category alone is a set of one item.
    assert character_sets(pattern) == ["a", "[b-d]", r"[\d]", "[^\\s\u200e]", "x", ".", r"[\S]"]


@pytest.mark.parametrize(
    "pattern", [r"(a)\1", r"\ba", "^a", "a$", "(?i)a", "(?i:a)b", "(?s).", "(a)?(?(1)b|c)"]
)
def test_a_pattern_that_reads_more_than_memberships_is_refused(pattern):
    with pytest.raises(AssertionError):
        character_sets(pattern)


def test_code_points_are_grouped_by_the_sets_they_are_in():
    groups = signatures(["[a-c]", "[b-d]", "x"])
    assert groups[(True, False, False)] == [range(ord("a"), ord("b"))]
    assert groups[(True, True, False)] == [range(ord("b"), ord("d"))]
    assert groups[(False, True, False)] == [range(ord("d"), ord("e"))]
    assert groups[(False, False, True)] == [range(ord("x"), ord("y"))]
    assert groups[(False, False, False)] == [
        range(0, ord("a")), range(ord("e"), ord("x")), range(ord("y"), 0x110000),
    ]  # fmt: skip


def test_representatives_take_all_of_a_small_signature_and_both_ends_of_a_large_one():
    chosen = representatives(signatures(["[a-c]"]), spread=2)
    assert {ord("a"), ord("b"), ord("c")} <= set(chosen)
    assert {0, ord("a") - 1, ord("c") + 1, 0x10FFFF} <= set(chosen)
