"""What a record's relations, attributes and document labels hold that its label set does not
allow: a type, an attribute or a document label removed after the data was made, a relation
between labels its type does not join, a value not among the choices.

Neither ``validate`` nor the app drops any of these: they are reported, and kept.
"""

from __future__ import annotations

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import DocRecord, quoted
from annotator.annotations.schema import split_doc_label
from annotator.problems import printable


def schema_problems(record: DocRecord, labels: LabelSet) -> list[str]:
    """Each way ``record`` goes beyond ``labels``; relations or attributes naming a span the
    record lacks are not looked at here (they are a broken record, not a changed label set)."""
    problems = []
    by_id = {span.id: span for span in record.spans}
    for i, relation in enumerate(record.relations):
        head, tail = by_id.get(relation.head), by_id.get(relation.tail)
        if head is None or tail is None:
            continue
        kind = printable(relation.type)
        defined = labels.relation(relation.type)
        if defined is None:
            problems.append(
                f"relations[{i}] type {kind} is not in the label set (removed?); add it back "
                "with a [[relation]] table, or delete these relations in the app"
            )
        elif not defined.joins(head.label, tail.label):
            problems.append(
                f"relations[{i}] {kind} goes from {' or '.join(defined.head)} to "
                f"{' or '.join(defined.tail)}, not from {printable(head.label)} to "
                f"{printable(tail.label)}"
            )
    for span_id, values in record.attributes.items():
        span = by_id.get(span_id)
        if span is None:
            continue
        for name, value in values.items():
            attribute = labels.attribute(span.label, name)
            if attribute is None:
                problems.append(
                    f"attribute {printable(name)} of span {quoted(span_id)} is not defined for "
                    f"{printable(span.label)} in the label set (removed?)"
                )
            elif value not in attribute.values:
                problems.append(
                    f"attribute {printable(name)} of span {quoted(span_id)} is "
                    f"{printable(repr(value))}, not one of {', '.join(attribute.values)}"
                )
    for entry in record.doc_labels:
        name, value = split_doc_label(entry)
        group = labels.doc_label(name)
        if group is None or value not in group.values:
            problems.append(f"document label {quoted(entry)} is not in the label set (removed?)")
    return problems
