"""Relations, attributes and document labels under review: what each annotator made, as
*link candidates* the reviewer accepts into gold or rejects, like span candidates.

Annotators name spans by their own ids; two annotators' spans are the same span when their
keys ``(start, end, label)`` are (annotator.annotations.links), and so are the review's
candidates. So a link candidate names its spans by key, and gold names them by the ids of
the gold spans with those keys.

Each distinct link any annotator made is a candidate with the annotators who made it. Its
state: ``agreed`` when every annotator with a record of the document made it; ``conflict``
when another candidate is a *rival* (another version of the same thing: another value of the
same attribute of the same span, another value of a single-choice document label, another
tail of the same relation type from the same head, or another type between the same two
spans); ``partial`` otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.annotations.links import Key, attribute_keys, key_of, relation_keys
from annotator.annotations.model import DocRecord, Scalar
from annotator.annotations.schema import doc_label_entry, split_doc_label
from annotator.problems import printable

RELATION = "relation"
ATTRIBUTE = "attribute"
DOC_LABEL = "doc_label"

AGREED = "agreed"
CONFLICT = "conflict"
PARTIAL = "partial"


@dataclass(frozen=True, slots=True, order=True)
class LinkKey:
    """One link, by its spans' keys: a relation ``name`` from ``head`` to ``tail``; an
    attribute ``name`` = ``value`` of span ``head``; a document label ``name`` = ``value``
    (``name`` empty for a bare label)."""

    kind: str
    name: str
    head: Key | None = None
    tail: Key | None = None
    value: str = ""

    def spans(self) -> tuple[Key, ...]:
        """The keys of the spans this link needs in gold."""
        return tuple(k for k in (self.head, self.tail) if k is not None)

    def entry(self) -> str:
        """A document label as a record stores it."""
        return doc_label_entry(self.name, self.value) if self.name else self.value

    def to_json(self) -> list[object]:
        return [
            self.kind,
            self.name,
            list(self.head) if self.head else None,
            list(self.tail) if self.tail else None,
            self.value,
        ]

    @classmethod
    def from_json(cls, raw: object) -> LinkKey | None:
        """The key ``to_json`` wrote, or None for anything else."""
        if not isinstance(raw, list) or len(raw) != 5:
            return None
        kind, name, head, tail, value = raw
        if kind not in (RELATION, ATTRIBUTE, DOC_LABEL) or not isinstance(name, str):
            return None
        if not isinstance(value, str):
            return None
        ends = [key_of(head), key_of(tail)]
        if (head is not None and ends[0] is None) or (tail is not None and ends[1] is None):
            return None
        return cls(kind, name, ends[0], ends[1], value)


def span_text(key: Key) -> str:
    """A span in a message; its label comes from a file, so it is printed escaped."""
    return f"{printable(key[2])} [{key[0]}, {key[1]})"


def describe_link(key: LinkKey) -> str:
    """A link in a message, its names escaped."""
    name, value = printable(key.name), printable(key.value)
    if key.kind == RELATION and key.head and key.tail:
        return f"the relation {span_text(key.head)} -> {name} -> {span_text(key.tail)}"
    if key.kind == ATTRIBUTE and key.head:
        return f"the attribute {name} = {value} of {span_text(key.head)}"
    return f"the document label {printable(key.entry())}"


def relation_link(kind: str, head: Key, tail: Key) -> LinkKey:
    return LinkKey(RELATION, kind, head, tail)


def attribute_link(span: Key, name: str, value: Scalar) -> LinkKey:
    return LinkKey(ATTRIBUTE, name, span, None, str(value))


def doc_label_link(entry: str) -> LinkKey:
    name, value = split_doc_label(entry)
    return LinkKey(DOC_LABEL, name, None, None, value)


def links_of(record: DocRecord) -> dict[LinkKey, tuple[str, Scalar]]:
    """The links of one record, each with the record's id of it (a relation's; "" else) and
    its value as the record holds it (an attribute's; its key holds it as text)."""
    ids = {span.id: span.key() for span in record.spans}
    made: dict[LinkKey, tuple[str, Scalar]] = {}
    for relation in record.relations:
        if relation.head in ids and relation.tail in ids:
            link = relation_link(relation.type, ids[relation.head], ids[relation.tail])
            made.setdefault(link, (relation.id, ""))
    for span_key, name, value in sorted(attribute_keys(record), key=repr):
        made.setdefault(attribute_link(span_key, name, value), ("", value))
    for entry in record.doc_labels:
        made.setdefault(doc_label_link(entry), ("", entry))
    return made


def are_rivals(x: LinkKey, y: LinkKey, single_choice: Callable[[str], bool]) -> bool:
    """Whether ``x`` and ``y`` are two versions of one thing (gold keeps one)."""
    if x == y or x.kind != y.kind:
        return False
    if x.kind == RELATION:
        return x.head == y.head and (x.name == y.name or x.tail == y.tail)
    if x.kind == ATTRIBUTE:
        return x.head == y.head and x.name == y.name
    return bool(x.name) and x.name == y.name and single_choice(x.name)


@dataclass(frozen=True, slots=True)
class LinkCandidate:
    key: LinkKey
    annotators: tuple[str, ...]  # who made exactly this link, in review order
    state: str
    # The first annotator's id of a relation: gold keeps it, so it is stable across saves.
    id: str = field(default="", compare=False)
    # An attribute's value as the first annotator's record holds it (gold writes it so).
    value: Scalar = field(default="", compare=False)


def link_candidates(
    records: Mapping[str, DocRecord],
    annotators: Sequence[str],
    single_choice: Callable[[str], bool],
) -> list[LinkCandidate]:
    """The link candidates of one document (relations, then attributes, then document
    labels, each in key order), with their states."""
    made: dict[LinkKey, list[str]] = {}
    facts: dict[LinkKey, tuple[str, Scalar]] = {}
    for name in annotators:
        record = records.get(name)
        if record is None:
            continue
        for link, first in links_of(record).items():
            made.setdefault(link, []).append(name)
            facts.setdefault(link, first)
    everyone = sum(1 for name in annotators if name in records)
    order = {RELATION: 0, ATTRIBUTE: 1, DOC_LABEL: 2}
    keys = sorted(made, key=lambda k: (order[k.kind], k))
    out = []
    for key in keys:
        names = tuple(made[key])
        if len(names) == everyone:
            state = AGREED
        elif any(are_rivals(key, other, single_choice) for other in keys):
            state = CONFLICT
        else:
            state = PARTIAL
        out.append(LinkCandidate(key, names, state, *facts[key]))
    return out


def gold_links(record: DocRecord) -> set[LinkKey]:
    """The links a gold record holds, by its spans' keys."""
    links = {relation_link(*key) for key in relation_keys(record)}
    links |= {attribute_link(*key) for key in attribute_keys(record)}
    return links | {doc_label_link(entry) for entry in record.doc_labels}
