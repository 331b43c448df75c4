"""A record's relations, attributes and document labels named by their spans' keys
``(start, end, label)`` instead of span ids: what stays the same when a record goes through
another tool (which gives its spans new ids) and comes back, and what two annotators'
records can be compared on."""

from __future__ import annotations

from annotator.annotations.model import DocRecord, Scalar

Key = tuple[int, int, str]
RelationKey = tuple[str, Key, Key]  # (type, head span's key, tail span's key)
AttributeKey = tuple[Key, str, Scalar]  # (span's key, name, value)


def key_of(raw: object) -> Key | None:
    """A span's key as stored in JSON (``[start, end, label]``), or None for anything else."""
    if (
        isinstance(raw, list)
        and len(raw) == 3
        and type(raw[0]) is int
        and type(raw[1]) is int
        and isinstance(raw[2], str)
    ):
        return (raw[0], raw[1], raw[2])
    return None


def relation_keys(record: DocRecord) -> set[RelationKey]:
    """Every relation whose two spans the record holds, by type and span keys."""
    keys = {span.id: span.key() for span in record.spans}
    return {
        (r.type, keys[r.head], keys[r.tail])
        for r in record.relations
        if r.head in keys and r.tail in keys
    }


def attribute_keys(record: DocRecord) -> set[AttributeKey]:
    """Every attribute of a span the record holds, by the span's key."""
    keys = {span.id: span.key() for span in record.spans}
    return {
        (keys[span_id], name, value)
        for span_id, values in record.attributes.items()
        if span_id in keys
        for name, value in values.items()
    }


def same_links(a: DocRecord, b: DocRecord) -> bool:
    """Whether two records hold the same relations, attributes and document labels."""
    return (
        relation_keys(a) == relation_keys(b)
        and attribute_keys(a) == attribute_keys(b)
        and sorted(a.doc_labels) == sorted(b.doc_labels)
    )
