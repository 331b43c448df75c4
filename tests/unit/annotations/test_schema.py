"""Relation types, attributes and document labels in the labels TOML, checked strictly."""

import pytest

from annotator.annotations.labels import default_labels, parse_labels
from annotator.annotations.schema import doc_label_entry, split_doc_label
from annotator.problems import UserError

LABELS = """\
[[label]]
name = "ACTOR"
key = "1"
color = "#e5c07b"

[[label]]
name = "QUOTE"
key = "2"
color = "#98c379"
"""

SCHEMA = """
[[relation]]
name = "SPEAKER"
head = ["QUOTE"]
tail = ["ACTOR"]

[[attribute]]
name = "role"
labels = ["ACTOR"]
values = ["attacker", "target"]

[[document_label]]
name = "event"
values = ["airstrike", "other"]
multiple = true
"""


def test_the_default_set_ships_the_issues_examples():
    labels = default_labels()
    assert labels.relation_types("QUOTE", "ACTOR") == ("SPEAKER",)
    assert labels.relation_types("CASUALTY_COUNT", "SITE") == ("LOCATION",)
    assert labels.relation_types("CASUALTY_COUNT", "ACTOR") == ("AFFECTED",)
    assert labels.relation_types("ACTOR", "QUOTE") == ()
    (kind,) = labels.attributes_of("CASUALTY_COUNT")
    assert (kind.name, kind.values) == ("kind", ("killed", "wounded", "missing", "unspecified"))
    assert labels.attributes_of("ACTOR") == ()
    relevant, event = labels.doc_labels
    assert (relevant.name, relevant.values, relevant.multiple) == ("relevant", ("yes", "no"), False)
    assert (event.name, event.multiple) == ("event", True)
    assert event.values == ("airstrike", "clash", "shelling", "other")


def test_a_team_file_defines_its_own():
    labels = parse_labels(LABELS + SCHEMA, "x.toml")
    assert labels.relation_types("QUOTE", "ACTOR") == ("SPEAKER",)
    assert labels.attribute("ACTOR", "role").values == ("attacker", "target")
    assert labels.doc_label("event").multiple


def test_a_file_with_labels_only_has_no_relations():
    labels = parse_labels(LABELS, "x.toml")
    assert labels.relations == () and labels.attributes == () and labels.doc_labels == ()


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'tail = ["ACTOR"]',
            'tail = ["ACTR"]',
            "x.toml line 14: tail names 'ACTR', which is not a label",
        ),
        ('tail = ["ACTOR"]', 'tail = "ACTOR"', "x.toml line 14: tail must be a list of labels"),
        ('tail = ["ACTOR"]\n', "", "x.toml line 11: tail must be a list of labels"),
        (
            'name = "SPEAKER"',
            'name = "speaker"',
            "x.toml line 12: name 'speaker' must be upper-case",
        ),
        ('name = "role"', 'name = "Role"', "x.toml line 17: name 'Role' must be lower-case"),
        ('values = ["attacker", "target"]', "values = []", "x.toml line 19: values must be a list"),
        (
            '"attacker", "target"',
            '"a=b"',
            "x.toml line 19: value 'a=b' must be printable, without '='",
        ),
        ('"attacker", "target"', '"x", "x"', "x.toml line 19: a value is listed twice"),
        ("multiple = true", 'multiple = "yes"', "x.toml line 24: multiple must be true or false"),
        ('labels = ["ACTOR"]', 'labels = ["SITE"]', "x.toml line 18: labels names 'SITE'"),
        (
            'head = ["QUOTE"]',
            'head = ["QUOTE"]\nkey = "s"',
            "x.toml line 14: unknown field(s) key in [[relation]]",
        ),
        (
            "[[document_label]]",
            "[[documentlabel]]",
            "x.toml: unknown top-level key(s) documentlabel",
        ),
    ],
)
def test_bad_tables_name_their_line(old, new, expected):
    source = LABELS + SCHEMA
    assert old in source
    with pytest.raises(UserError) as info:
        parse_labels(source.replace(old, new, 1), "x.toml")
    assert str(info.value).startswith(expected), str(info.value)


def test_a_name_used_twice_names_both_lines():
    source = (
        LABELS + SCHEMA + '\n[[relation]]\nname = "SPEAKER"\nhead = ["ACTOR"]\ntail = ["QUOTE"]\n'
    )
    with pytest.raises(UserError) as info:
        parse_labels(source, "x.toml")
    assert str(info.value) == "x.toml line 27: name SPEAKER is already used at x.toml line 12"


def test_an_attribute_defined_twice_for_one_label_is_refused():
    source = (
        LABELS
        + SCHEMA
        + '\n[[attribute]]\nname = "role"\nlabels = ["QUOTE", "ACTOR"]\nvalues = ["x"]\n'
    )
    with pytest.raises(
        UserError,
        match=r"x.toml line 27: attribute role of ACTOR is already defined at x.toml line 17",
    ):
        parse_labels(source, "x.toml")


def test_document_labels_are_stored_as_name_equals_value():
    assert doc_label_entry("event", "other") == "event=other"
    assert split_doc_label("event=other") == ("event", "other")
    assert split_doc_label("airstrike") == ("", "airstrike")
