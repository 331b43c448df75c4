"""``validate`` checks relations, attributes and document labels against the label set and
names what the set no longer defines."""

import orjson

from annotator.annotations.labels import default_labels, parse_labels
from annotator.annotations.validation import validate_file
from annotator.session.editing import DocumentSession

TEXT = 'قال نتنياهو "سنرد" وقتل 5 عناصر في البوكمال'
ONLY_SPANS = "\n".join(
    f'[[label]]\nname = "{label.name}"\nkey = "{label.key}"\ncolor = "{label.color}"\n'
    for label in default_labels()
)


def journal(tmp_path):
    labels = default_labels()
    s = DocumentSession("doc", TEXT, labels.names, schema=labels)
    actor = s.add(TEXT.index("نتنياهو"), TEXT.index("نتنياهو") + 7, "ACTOR")
    quote = s.add(TEXT.index("سنرد"), TEXT.index("سنرد") + 4, "QUOTE")
    count = s.add(TEXT.index("5"), TEXT.index("5") + 7, "CASUALTY_COUNT")
    s.link(quote, actor, "SPEAKER")
    s.set_attribute(count, "kind", "killed")
    s.toggle_doc_label("relevant", "yes")
    path = tmp_path / "ali.jsonl"
    path.write_bytes(orjson.dumps(s.record("ali").to_json()) + b"\n")
    return path, actor, quote, count


def test_a_sound_journal_has_no_problems(tmp_path):
    path, *_ = journal(tmp_path)
    assert validate_file(path, default_labels()).problems == []


def test_types_removed_from_the_label_set_are_reported_with_their_line(tmp_path):
    path, _, _, count = journal(tmp_path)
    found = validate_file(path, parse_labels(ONLY_SPANS))
    assert [(p.line, p.message) for p in found.problems] == [
        (
            1,
            "relations[0] type SPEAKER is not in the label set (removed?); add it back with a "
            "[[relation]] table, or delete these relations in the app",
        ),
        (
            1,
            f"attribute kind of span {count.id!r} is not defined for CASUALTY_COUNT in the "
            "label set (removed?)",
        ),
        (1, "document label 'relevant=yes' is not in the label set (removed?)"),
    ]


def test_wrong_ends_and_values_are_reported(tmp_path):
    path, actor, quote, count = journal(tmp_path)
    obj = orjson.loads(path.read_bytes())
    obj["relations"].append({"id": "r2", "type": "SPEAKER", "head": actor.id, "tail": quote.id})
    obj["attributes"][count.id]["kind"] = "dead"
    path.write_bytes(orjson.dumps(obj) + b"\n")
    messages = [p.message for p in validate_file(path, default_labels()).problems]
    assert messages == [
        "relations[1] SPEAKER goes from QUOTE to ACTOR, not from ACTOR to QUOTE",
        f"attribute kind of span {count.id!r} is 'dead', not one of killed, wounded, missing, "
        "unspecified",
    ]
