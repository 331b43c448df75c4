"""Relations, attributes and document labels in a document session: edits, undo/redo, and
what deleting or relabelling a span does to them."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import LabelSet, default_labels
from annotator.annotations.model import DocRecord, Relation
from annotator.session.editing import Change, DocumentSession, EditRefused

TEXT = 'قال نتنياهو "سنرد" وقتل 5 عناصر في البوكمال وجرح 3 آخرين'
LABELS = default_labels()


def where(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def session():
    s = DocumentSession("doc", TEXT, LABELS.names, schema=LABELS)
    actor = s.add(*where("نتنياهو"), "ACTOR")
    quote = s.add(*where("سنرد"), "QUOTE")
    killed = s.add(*where("5 عناصر"), "CASUALTY_COUNT")
    site = s.add(*where("البوكمال"), "SITE")
    wounded = s.add(*where("3 آخرين"), "CASUALTY_COUNT")
    return s, actor, quote, killed, site, wounded


def test_link_stores_the_relation_by_span_ids_in_the_record():
    s, actor, quote, *_ = session()
    relation = s.link(quote, actor, "SPEAKER")
    record = s.record("ali")
    assert [r.to_json() for r in record.relations] == [
        {"id": relation.id, "type": "SPEAKER", "head": quote.id, "tail": actor.id}
    ]
    assert s.partners(quote) == (actor,) and s.partners(actor) == (quote,)


def test_link_refuses_what_the_label_set_does_not_allow():
    s, actor, quote, killed, site, _ = session()
    with pytest.raises(
        EditRefused, match="SPEAKER goes from QUOTE to ACTOR, not from ACTOR to QUOTE"
    ):
        s.link(actor, quote, "SPEAKER")
    with pytest.raises(EditRefused, match="unknown relation type STRIKES"):
        s.link(quote, actor, "STRIKES")
    with pytest.raises(EditRefused, match="linked to itself"):
        s.link(quote, quote, "SPEAKER")
    s.link(killed, site, "LOCATION")
    with pytest.raises(EditRefused, match="already there"):
        s.link(killed, site, "LOCATION")


def test_a_relation_to_a_span_no_longer_there_is_never_made():
    s, actor, quote, *_ = session()
    s.remove(actor)
    with pytest.raises(EditRefused, match="no longer there"):
        s.link(quote, actor, "SPEAKER")
    assert s.record("ali").relations == []


def test_link_targets_are_the_allowed_spans_nearest_first():
    s, actor, quote, killed, site, wounded = session()
    assert s.link_targets(quote) == [actor]
    assert s.link_targets(killed) == [site, actor]
    assert s.link_targets(wounded) == [site, actor]
    assert s.link_targets(actor) == []
    assert s.relation_types(killed, site) == ("LOCATION",)


def test_deleting_a_span_removes_its_relations_and_attributes_in_one_undoable_step():
    s, actor, quote, killed, site, _ = session()
    s.link(quote, actor, "SPEAKER")
    s.link(killed, actor, "AFFECTED")
    s.link(killed, site, "LOCATION")
    s.set_attribute(killed, "kind", "killed")
    before = s.state
    s.remove(killed)
    record = s.record("ali")
    assert [r.type for r in record.relations] == ["SPEAKER"]
    assert record.attributes == {}
    change = Change.between(before, s.state)
    assert "AFFECTED relation removed" in change.describe()
    assert s.undo()
    assert s.state == before
    assert s.redo()
    assert [r.type for r in s.relations] == ["SPEAKER"]


def test_relabelling_a_span_drops_only_what_its_new_label_does_not_allow():
    s, actor, quote, killed, site, _ = session()
    s.link(quote, actor, "SPEAKER")
    s.link(killed, site, "LOCATION")
    s.set_attribute(killed, "kind", "killed")
    moved = s.replace(killed, killed.start, killed.end - 1, "CASUALTY_COUNT")  # an edge moves
    assert moved.id == killed.id
    assert len(s.relations) == 2 and s.attributes_of(moved) == {"kind": "killed"}
    s.replace(moved, moved.start, moved.end, "ACTOR")
    assert [r.type for r in s.relations] == ["SPEAKER"]
    assert s.record("ali").attributes == {}
    s.undo()
    assert len(s.relations) == 2 and s.attributes_of(moved) == {"kind": "killed"}


def test_attributes_cycle_through_their_values_and_back_to_unset():
    s, actor, _, killed, *_ = session()
    seen = [s.cycle_attribute(killed) for _ in range(5)]
    assert seen == ["killed", "wounded", "missing", "unspecified", None]
    s.cycle_attribute(killed)
    assert s.record("ali").attributes == {killed.id: {"kind": "killed"}}
    with pytest.raises(EditRefused, match="ACTOR has no attribute"):
        s.cycle_attribute(actor)
    with pytest.raises(EditRefused, match="kind is one of killed, wounded, missing, unspecified"):
        s.set_attribute(killed, "kind", "dead")
    for _ in range(6):
        s.undo()
    assert s.attributes_of(killed) == {}


def test_document_labels_single_and_multiple_choice():
    s, *_ = session()
    assert s.toggle_doc_label("relevant", "yes")
    assert s.toggle_doc_label("relevant", "no")  # single choice: replaces yes
    s.toggle_doc_label("event", "airstrike")
    s.toggle_doc_label("event", "clash")  # multiple choice: both
    assert s.record("ali").doc_labels == ["event=airstrike", "event=clash", "relevant=no"]
    assert not s.toggle_doc_label("event", "clash")
    with pytest.raises(EditRefused, match="unknown document label mood"):
        s.toggle_doc_label("mood", "grim")
    with pytest.raises(EditRefused, match="relevant is one of yes, no"):
        s.toggle_doc_label("relevant", "maybe")
    s.undo()
    assert s.doc_labels == ("event=airstrike", "event=clash", "relevant=no")


def test_a_record_round_trips_through_a_session():
    s, actor, quote, killed, _site, _ = session()
    s.link(quote, actor, "SPEAKER")
    s.set_attribute(killed, "kind", "wounded")
    s.toggle_doc_label("event", "airstrike")
    record = s.record("ali")
    again = DocumentSession.from_record(DocRecord.from_json(record.to_json()), LABELS.names, LABELS)
    assert again.state == s.state and again.problems == []


def test_loading_keeps_removed_types_and_reports_them_but_leaves_out_dangling_relations():
    s, actor, quote, killed, _site, _ = session()
    s.link(quote, actor, "SPEAKER")
    s.set_attribute(killed, "kind", "killed")
    s.toggle_doc_label("relevant", "yes")
    record = s.record("ali")
    record.relations.append(Relation("r9", "SPEAKER", quote.id, "gone"))
    bare = LabelSet(LABELS.labels)  # the same labels, no relations or attributes
    loaded = DocumentSession.from_record(record, LABELS.names, bare)
    assert [r.id for r in loaded.relations] == [record.relations[0].id]
    assert loaded.attributes_of(killed) == {"kind": "killed"}
    assert loaded.doc_labels == ("relevant=yes",)
    assert loaded.problems == [
        "relation SPEAKER 'r9' points at a span the document does not hold; it is left out",
        "relations[0] type SPEAKER is not in the label set (removed?); add it back with a "
        "[[relation]] table, or delete these relations in the app; kept as it is",
        f"attribute kind of span {killed.id!r} is not defined for CASUALTY_COUNT in the label "
        "set (removed?); kept as it is",
        "document label 'relevant=yes' is not in the label set (removed?); kept as it is",
    ]
    # Relabelling under a set that does not define SPEAKER keeps the relation: never dropped.
    loaded.replace(loaded.span_by_id(actor.id), actor.start, actor.end, "SITE")
    assert len(loaded.relations) == 1


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 4), st.integers(0, 4)), max_size=25))
def test_no_sequence_of_edits_stores_a_relation_or_attribute_to_a_missing_span(steps):
    s, *_ = session()
    for op, i, j in steps:
        spans = s.spans
        try:
            if op == 0 and spans:
                s.remove(spans[i % len(spans)])
            elif op == 1 and spans:
                head = spans[i % len(spans)]
                targets = s.link_targets(head)
                if targets:
                    tail = targets[j % len(targets)]
                    s.link(head, tail, s.relation_types(head, tail)[0])
            elif op == 2 and spans:
                span = spans[i % len(spans)]
                s.replace(span, span.start, span.end, LABELS.names[j % 4])
            elif op == 3 and spans:
                s.cycle_attribute(spans[i % len(spans)])
            elif op == 4:
                s.undo()
            elif op == 5:
                s.redo()
            elif op == 6 and s.relations:
                s.unlink(s.relations[i % len(s.relations)])
        except EditRefused:
            pass
        record = s.record("ali")
        ids = {span.id: span for span in record.spans}
        for r in record.relations:
            assert r.head in ids and r.tail in ids
            assert LABELS.relation(r.type).joins(ids[r.head].label, ids[r.tail].label)
        for span_id, values in record.attributes.items():
            assert span_id in ids
            for name in values:
                assert LABELS.attribute(ids[span_id].label, name) is not None
