"""What a label set says beyond span labels: relation types, span attributes, document labels.

In the labels TOML, beside the ``[[label]]`` tables::

    [[relation]]
    name = "SPEAKER"          # upper case, like a label
    head = ["QUOTE"]          # labels a relation of this type starts from
    tail = ["ACTOR"]          # labels it points to (SPEAKER: QUOTE -> ACTOR)

    [[attribute]]
    name = "kind"             # lower case
    labels = ["CASUALTY_COUNT"]
    values = ["killed", "wounded", "missing", "unspecified"]

    [[document_label]]
    name = "event"            # lower case
    values = ["airstrike", "clash", "shelling", "other"]
    multiple = true           # several values at once (default false: one)

A record stores a relation as ``{"id", "type", "head", "tail"}`` (span ids), an attribute
under ``attributes[span id][name]`` and a document label as ``"name=value"`` in
``doc_labels``, so two groups may share a value (``other``) without being confused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from annotator.problems import UserError, printable

_UPPER = re.compile(r"^[A-Z][A-Z0-9_]*$")
_LOWER = re.compile(r"^[a-z][a-z0-9_]*$")
# A value is written as ``name=value`` and as one field of a brat line: no '=', no whitespace.
_VALUE = re.compile(r"^[^\s=]+$")


@dataclass(frozen=True, slots=True)
class RelationType:
    """A kind of link, and the span labels that may stand at its head and at its tail."""

    name: str
    head: tuple[str, ...]
    tail: tuple[str, ...]
    description: str = ""

    def joins(self, head: str, tail: str) -> bool:
        return head in self.head and tail in self.tail


# Named fields only: labels and values are both tuples of names, easy to swap by position.
@dataclass(frozen=True, slots=True, kw_only=True)
class Attribute:
    name: str
    labels: tuple[str, ...]
    values: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class DocLabel:
    name: str
    values: tuple[str, ...]
    multiple: bool = False
    description: str = ""


def doc_label_entry(name: str, value: str) -> str:
    """How a document label is stored in a record's ``doc_labels``."""
    return f"{name}={value}"


def split_doc_label(entry: str) -> tuple[str, str]:
    """``(name, value)`` of a stored document label; a bare entry has no name (``""``)."""
    name, sep, value = entry.partition("=")
    return (name, value) if sep else ("", entry)


@dataclass(frozen=True, slots=True)
class Schema:
    relations: tuple[RelationType, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    doc_labels: tuple[DocLabel, ...] = ()


NO_SCHEMA = Schema()
DEFAULT_SCHEMA = Schema(
    relations=(
        RelationType("SPEAKER", ("QUOTE",), ("ACTOR",), "Who said the quote."),
        RelationType("LOCATION", ("CASUALTY_COUNT",), ("SITE",), "Where the casualties happened."),
        RelationType("AFFECTED", ("CASUALTY_COUNT",), ("ACTOR",), "Whose people they were."),
    ),
    attributes=(
        Attribute(
            name="kind",
            labels=("CASUALTY_COUNT",),
            values=("killed", "wounded", "missing", "unspecified"),
            description="Whether the people counted were killed, wounded or missing.",
        ),
    ),
    doc_labels=(
        DocLabel("relevant", ("yes", "no"), False, "Whether the article reports violence."),
        DocLabel(
            "event",
            ("airstrike", "clash", "shelling", "other"),
            True,
            "The kinds of event the article reports.",
        ),
    ),
)

TABLES = ("relation", "attribute", "document_label")
_FIELDS = {
    "relation": {"name", "head", "tail", "description"},
    "attribute": {"name", "labels", "values", "description"},
    "document_label": {"name", "values", "multiple", "description"},
}

# Where a field of table ``index`` of kind ``table`` is: "FILE line N" (the table's header
# line when the field is not written).
Where = Callable[[str, int, str], str]


def parse_schema(data: dict[str, Any], labels: tuple[str, ...], where: Where) -> Schema:
    """The relation, attribute and document-label tables of a parsed labels file, checked
    against its ``labels``; UserError naming the line of the first problem."""
    relations = tuple(
        _relation(table, i, labels, where) for i, table in enumerate(_tables(data, "relation"))
    )
    attributes = tuple(
        _attribute(table, i, labels, where) for i, table in enumerate(_tables(data, "attribute"))
    )
    doc_labels = tuple(
        _doc_label(table, i, where) for i, table in enumerate(_tables(data, "document_label"))
    )
    _unique([r.name for r in relations], "relation", where)
    _unique([d.name for d in doc_labels], "document_label", where)
    seen: dict[tuple[str, str], int] = {}
    for i, attribute in enumerate(attributes):
        for label in attribute.labels:
            first = seen.setdefault((label, attribute.name), i)
            if first != i:
                raise UserError(
                    f"{where('attribute', i, 'name')}: attribute {attribute.name} of {label} "
                    f"is already defined at {where('attribute', first, 'name')}"
                )
    return Schema(relations, attributes, doc_labels)


def _tables(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    tables = data.get(kind, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise UserError(f"{kind} must be written as [[{kind}]] tables")
    return tables


def _common(
    table: dict[str, Any], kind: str, i: int, where: Where, pattern: re.Pattern[str]
) -> str:
    unknown = set(table) - _FIELDS[kind]
    if unknown:
        first = sorted(unknown)[0]
        raise UserError(
            f"{where(kind, i, first)}: unknown field(s) {', '.join(sorted(unknown))} in "
            f"[[{kind}]]; allowed: {', '.join(sorted(_FIELDS[kind]))}"
        )
    name = table.get("name")
    if not isinstance(name, str):
        raise UserError(f'{where(kind, i, "name")}: [[{kind}]] needs name = "..."')
    if not pattern.match(name):
        case = "upper-case (like SPEAKER)" if pattern is _UPPER else "lower-case (like kind)"
        raise UserError(
            f"{where(kind, i, 'name')}: name {printable(repr(name))} must be {case} letters, "
            "digits and _"
        )
    if not isinstance(table.get("description", ""), str):
        raise UserError(f"{where(kind, i, 'description')}: description must be a string")
    return name


def _names(
    table: dict[str, Any], field: str, kind: str, i: int, where: Where, known: tuple[str, ...]
) -> tuple[str, ...]:
    """A list of label names (``head``, ``tail``, ``labels``), each a label of the file."""
    value = table.get(field)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise UserError(f'{where(kind, i, field)}: {field} must be a list of labels like ["QUOTE"]')
    for name in value:
        if name not in known:
            raise UserError(
                f"{where(kind, i, field)}: {field} names '{printable(name)}', which is not a "
                f"label of this file (labels: {', '.join(known)})"
            )
    if len(set(value)) != len(value):
        raise UserError(f"{where(kind, i, field)}: {field} names a label twice")
    return tuple(value)


def _values(table: dict[str, Any], kind: str, i: int, where: Where) -> tuple[str, ...]:
    value = table.get("values")
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise UserError(
            f'{where(kind, i, "values")}: values must be a list of choices like ["yes", "no"]'
        )
    for choice in value:
        if not _VALUE.match(choice) or not choice.isprintable():
            raise UserError(
                f"{where(kind, i, 'values')}: value {printable(repr(choice))} must be printable, "
                "without '=' and without spaces (like killed or on_site)"
            )
    if len(set(value)) != len(value):
        raise UserError(f"{where(kind, i, 'values')}: a value is listed twice")
    return tuple(value)


def _relation(table: Any, i: int, labels: tuple[str, ...], where: Where) -> RelationType:
    name = _common(table, "relation", i, where, _UPPER)
    head = _names(table, "head", "relation", i, where, labels)
    tail = _names(table, "tail", "relation", i, where, labels)
    return RelationType(name, head, tail, table.get("description", ""))


def _attribute(table: Any, i: int, labels: tuple[str, ...], where: Where) -> Attribute:
    name = _common(table, "attribute", i, where, _LOWER)
    on = _names(table, "labels", "attribute", i, where, labels)
    values = _values(table, "attribute", i, where)
    return Attribute(name=name, labels=on, values=values, description=table.get("description", ""))


def _doc_label(table: Any, i: int, where: Where) -> DocLabel:
    name = _common(table, "document_label", i, where, _LOWER)
    values = _values(table, "document_label", i, where)
    multiple = table.get("multiple", False)
    if not isinstance(multiple, bool):
        raise UserError(f"{where('document_label', i, 'multiple')}: multiple must be true or false")
    return DocLabel(name, values, multiple, table.get("description", ""))


def _unique(names: list[str], kind: str, where: Where) -> None:
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        at = first.setdefault(name, i)
        if at != i:
            raise UserError(
                f"{where(kind, i, 'name')}: name {name} is already used at "
                f"{where(kind, at, 'name')}"
            )
