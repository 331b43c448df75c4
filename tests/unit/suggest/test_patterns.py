"""Patterns files: spaCy entity-ruler lines, and clear errors naming the file and line."""

import pytest

from annotator.problems import UserError
from annotator.suggest import load_patterns, suggest


def write(tmp_path, *lines, name="rules.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def found(text, patterns):
    return [(s.text, s.label, s.source) for s in suggest(text, builtin=[], patterns=patterns)]


def test_phrase_token_and_regex_patterns(tmp_path):
    path = write(
        tmp_path,
        '{"label": "SITE", "pattern": "دير الزور"}',
        "",
        '{"label": "ACTOR", "pattern": [{"TEXT": "حزب"}, {"LOWER": "الله"}], "id": "hzb"}',
        '{"label": "SITE", "regex": "مطار (?P<span>\\\\w+)"}',
    )
    patterns = load_patterns([path])
    assert len(patterns) == 3
    text = "وفي دير الزور قال وحزب الله إن مطار المزة"
    assert found(text, patterns) == [
        ("دير الزور", "SITE", "pattern:rules.jsonl:1"),
        ("حزب الله", "ACTOR", "pattern:rules.jsonl:3"),
        ("المزة", "SITE", "pattern:rules.jsonl:4"),
    ]


def test_phrase_patterns_are_tolerant_but_regexes_literal(tmp_path):
    path = write(
        tmp_path,
        '{"label": "ACTOR", "pattern": "الجيش الإسرائيلي"}',
        '{"label": "SITE", "regex": "الإمام"}',
    )
    patterns = load_patterns([path])
    assert found("قال الجيشُ الاسرائيلي عن الامام", patterns) == [
        ("الجيشُ الاسرائيلي", "ACTOR", "pattern:rules.jsonl:1")
    ]


def test_harakat_in_a_pattern_do_not_matter(tmp_path):
    path = write(tmp_path, '{"label": "SITE", "pattern": "دِمَشْقَ"}')
    assert found("في دمشق", load_patterns([path])) == [("دمشق", "SITE", "pattern:rules.jsonl:1")]


def test_repeating_a_phrase_with_the_same_label_is_harmless(tmp_path):
    path = write(
        tmp_path,
        '{"label": "SITE", "pattern": "دمشق"}',
        '{"label": "SITE", "pattern": "دمشـــق"}',
    )
    assert found("في دمشق", load_patterns([path])) == [("دمشق", "SITE", "pattern:rules.jsonl:1")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"label": "SITE", "pattern": "دمشق"', "line 2: not valid JSON"),
        ('["SITE", "دمشق"]', "line 2: expected an object"),
        ('{"label": "PLACE", "pattern": "دمشق"}', "line 2: label 'PLACE' is not one of ACTOR"),
        ('{"pattern": "دمشق"}', "line 2: label None is not one of"),
        ('{"label": "SITE"}', 'line 2: give exactly one of "pattern" or "regex"'),
        ('{"label": "SITE", "pattern": "x", "regex": "x"}', "line 2: give exactly one"),
        ('{"label": "SITE", "pattern": "دمشق", "kind": 1}', "line 2: unknown key(s) kind"),
        ('{"label": "SITE", "pattern": "، ."}', "line 2: pattern must be a string with"),
        ('{"label": "SITE", "pattern": [{"SHAPE": "xx"}]}', "line 2: pattern must be"),
        ('{"label": "SITE", "pattern": 3}', "line 2: pattern must be"),
        ('{"label": "SITE", "regex": "(دمشق"}', "line 2: regex does not compile"),
        ('{"label": "SITE", "regex": "x*"}', "line 2: regex matches empty text"),
        ('{"label": "ACTOR", "pattern": "حلب"}', "line 2: the same words are SITE at"),
    ],
)
def test_bad_lines_are_named(tmp_path, line, message):
    path = write(tmp_path, '{"label": "SITE", "pattern": "حلب"}', line)
    with pytest.raises(UserError) as caught:
        load_patterns([path])
    assert f"{path}: {message}" in str(caught.value)


def test_every_bad_line_is_reported_at_once(tmp_path):
    path = write(tmp_path, "{", '{"label": "SITE", "pattern": "حلب"}', "[]")
    with pytest.raises(UserError) as caught:
        load_patterns([path])
    assert "line 1:" in str(caught.value)
    assert "line 3:" in str(caught.value)


def test_conflicts_across_files_are_found(tmp_path):
    first = write(tmp_path, '{"label": "SITE", "pattern": "حلب"}', name="a.jsonl")
    second = write(tmp_path, '{"label": "ACTOR", "pattern": "حلب"}', name="b.jsonl")
    with pytest.raises(UserError, match=r"b\.jsonl: line 1: the same words are SITE at .*a\.jsonl"):
        load_patterns([first, second])


def test_unreadable_files(tmp_path):
    with pytest.raises(UserError, match="no such patterns file"):
        load_patterns([tmp_path / "missing.jsonl"])
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(b'{"label": "SITE", "pattern": "caf\xe9"}\n')
    with pytest.raises(UserError, match="byte 33: not UTF-8"):
        load_patterns([path])


def test_a_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + '{"label": "SITE", "pattern": "حلب"}\n'.encode())
    assert len(load_patterns([path])) == 1
