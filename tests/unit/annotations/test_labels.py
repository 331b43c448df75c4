import pytest

from annotator.annotations.labels import default_labels, load_labels, parse_labels
from annotator.problems import UserError

GOOD = """\
# our team's labels
[[label]]
name = "ACTOR"
key = "a"
color = "#ff0000"
description = "who"

[[label]]
name = "WEAPON"
key = "w"
color = "#0f0"
"""


def test_defaults_are_the_four_labels_on_keys_1_to_4():
    labels = default_labels()
    assert labels.names == ("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE")
    assert [label.key for label in labels] == ["1", "2", "3", "4"]
    assert labels.by_key("3").name == "CASUALTY_COUNT"
    assert all(label.description for label in labels)


def test_parse_a_team_file():
    labels = parse_labels(GOOD)
    assert labels.names == ("ACTOR", "WEAPON")
    assert labels.get("WEAPON").color == "#0f0"
    assert labels.get("WEAPON").description == ""
    assert "ACTOR" in labels and "SITE" not in labels


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (GOOD.replace('key = "w"\n', ""), "x.toml line 8: label has no key"),
        (GOOD.replace('"#0f0"', '"green-ish"'), "x.toml line 11: color 'green-ish'"),
        (GOOD.replace('"#ff0000"', '"red"'), "x.toml line 5: color 'red'"),
        (
            GOOD.replace('key = "w"', 'key = "a"'),
            "x.toml line 10: key 'a' is already used at line 4",
        ),
        (GOOD.replace('"WEAPON"', '"weapon"'), "x.toml line 9: name 'weapon'"),
        (
            GOOD.replace('"WEAPON"', '"ACTOR"'),
            "x.toml line 9: name ACTOR is already used at line 3",
        ),
        (GOOD.replace('key = "w"', 'key = "ww"'), "x.toml line 10: key 'ww'"),
        (GOOD.replace('key = "w"', "key = 5"), "x.toml line 10: key must be a string"),
        (GOOD.replace('key = "w"', 'shortcut = "w"'), "x.toml line 10: unknown field(s) shortcut"),
        (GOOD.replace("[[label]]\nname", "[[label]\nname", 1), "x.toml: not valid TOML"),
        ("", "x.toml: no [[label]] tables"),
        ('title = "x"\n', "x.toml: unknown top-level key(s) title"),
    ],
)
def test_bad_files_name_the_line_and_the_problem(source, expected):
    with pytest.raises(UserError) as info:
        parse_labels(source, "x.toml")
    assert str(info.value).startswith(expected)


def test_load_labels_reports_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(UserError, match="no such labels file"):
        load_labels(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'[[label]]\nname = "\xff"\n')
    with pytest.raises(UserError, match="not UTF-8 at byte 18"):
        load_labels(bad)
    assert load_labels(None).names == default_labels().names


def test_default_rule_lets_actor_site_and_casualty_count_sit_inside_a_quote_only():
    labels = default_labels()
    for inner in ("ACTOR", "SITE", "CASUALTY_COUNT"):
        assert labels.may_nest(inner, "QUOTE")
        assert not labels.may_nest("QUOTE", inner)
    assert not labels.may_nest("ACTOR", "SITE")
    assert not labels.may_nest("SITE", "CASUALTY_COUNT")
    assert not any(labels.may_nest(name, name) for name in labels.names)
    assert not labels.may_nest("WEAPON", "QUOTE")


def test_a_team_file_nests_only_what_its_inside_fields_say():
    labels = parse_labels(GOOD.replace('color = "#0f0"', 'color = "#0f0"\ninside = ["ACTOR"]'))
    assert labels.may_nest("WEAPON", "ACTOR")
    assert not labels.may_nest("ACTOR", "WEAPON")
    assert not parse_labels(GOOD).may_nest("WEAPON", "ACTOR")


@pytest.mark.parametrize(
    ("inside", "expected"),
    [
        ('"ACTOR"', "x.toml line 12: inside must be a list of label names"),
        ("[1]", "x.toml line 12: inside must be a list of label names"),
        ('["WEAPON"]', "x.toml line 12: WEAPON cannot sit inside itself"),
        ('["SITE"]', "x.toml line 12: inside names 'SITE', which is not a label of this file"),
        ('["A\\u001b[2J"]', "x.toml line 12: inside names 'A\\x1b[2J', which is not a label"),
    ],
)
def test_a_bad_inside_field_names_the_file_and_line(inside, expected):
    with pytest.raises(UserError) as info:
        parse_labels(GOOD.replace('color = "#0f0"', f'color = "#0f0"\ninside = {inside}'), "x.toml")
    assert str(info.value).startswith(expected)


def test_two_labels_inside_each_other_are_refused():
    source = GOOD.replace('description = "who"', 'description = "who"\ninside = ["WEAPON"]')
    source = source.replace('color = "#0f0"', 'color = "#0f0"\ninside = ["ACTOR"]')
    with pytest.raises(UserError, match=r"x.toml line 7: ACTOR may sit inside WEAPON and WEAPON"):
        parse_labels(source, "x.toml")
