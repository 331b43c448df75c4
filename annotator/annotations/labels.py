"""Label sets: the four defaults, or a team's own from a TOML file.

A labels file is a list of ``[[label]]`` tables::

    [[label]]
    name = "ACTOR"
    key = "1"
    color = "#e5c07b"
    description = "Who acts or is acted upon."
    inside = ["QUOTE"]

``inside`` names the labels this one may sit inside (the nesting rule, default none): a span
overlaps another only when one lies wholly inside the other and its label lists the outer
span's label. Spans of one label never overlap. The four defaults let ACTOR, SITE and
CASUALTY_COUNT sit inside a QUOTE; nothing else nests.

``[[relation]]``, ``[[attribute]]`` and ``[[document_label]]`` tables may follow
(annotator.annotations.schema); the defaults hold SPEAKER, LOCATION and AFFECTED, a casualty
count's ``kind``, and the document labels ``relevant`` and ``event``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.annotations.schema import (
    DEFAULT_SCHEMA,
    NO_SCHEMA,
    TABLES,
    Attribute,
    DocLabel,
    RelationType,
    Schema,
    parse_schema,
)
from annotator.problems import UserError, printable
from annotator.regular_files import read_regular


@dataclass(frozen=True, slots=True)
class Label:
    name: str
    key: str
    color: str
    description: str = ""
    # The labels a span of this label may sit inside (the nesting rule).
    inside: tuple[str, ...] = ()


DEFAULT_LABELS: tuple[Label, ...] = (
    Label(
        "ACTOR",
        "1",
        "#e5c07b",
        "Who acts or is acted upon: forces, militias, states, officials "
        "(القوات الروسية، نتنياهو، الحرس الثوري الإيراني).",
        ("QUOTE",),
    ),
    Label(
        "SITE",
        "2",
        "#61afef",
        "A place where something happens: cities, bases, crossings, buildings "
        "(البوكمال، قاعدة الإمام علي، مبنى الأمن العسكري).",
        ("QUOTE",),
    ),
    Label(
        "CASUALTY_COUNT",
        "3",
        "#e06c75",
        "A number of people killed or wounded, with its noun: approximator, number and noun "
        "(38 عنصرا، نحو 50 آخرين، مائتا ألف شخص), with من and who (14 من قوات النظام) and a "
        "following آخرين. Bodies (11 جثة), deaths and injuries (3 وفيات، 10 إصابات), "
        "duals (شرطيان, not the adjective in جنديان "
        "إسرائيليان), a bare number after or before a harm verb (قتلت سبعة، 10 آلاف قتلوا) and "
        "a toll's value (ارتفع عدد الشهداء إلى ثمانية) and a definite number right after a "
        "harm verb (وتوفي الاثنان) count; arrests, kidnappings, sizes of "
        "forces, people merely present or missing (وفقد اثنان آخران) and shares "
        "(40% من السكان) do not. A count needs a "
        "numeral: a plural number counts only with من naming the people (العشرات من عناصر), "
        "not آلاف الضحايا or بالآلاف; nor a sum, a time or a thing (احتراق 20 سيارة). A "
        "proclitic, how they were harmed (بجروح) and a trailing على الأقل stay outside.",
        ("QUOTE",),
    ),
    Label(
        "QUOTE",
        "4",
        "#98c379",
        "Reported speech: the quoted words themselves, without the marks (ء used as one too), "
        "fragments inside indirect speech included. Direct speech after a speech verb and a "
        "colon counts without marks, to the end of the sentence, after an answer's dash "
        "(فقال: - الوضع صعب), never a list or bylines after a colon. A quote cut by an "
        "article's edge counts on each side: from the article's start to its closing mark, "
        'and from its opening mark to the article\'s end. Quoted names (إن "حزب الله"), '
        'titles (also a list of them: " بين القصرين " و" قصر الشوق "), headlines, '
        'scare quotes and short words after a preposition (ودعا إلى " وقف إطلاق النار ", '
        'رغم "...", منطقة "جبل الشيخ") are not quotes, but a short name quoted inside '
        "unmarked speech stays inside it. A quote the speech verb follows counts "
        "(« ... »، قال); the closing mark at both ends (:” ... ”) is a pair of marks.",
    ),
)

_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_FIELDS = {"name", "key", "color", "description", "inside"}


class LabelSet:
    def __init__(self, labels: tuple[Label, ...] | list[Label], schema: Schema = NO_SCHEMA) -> None:
        self.labels = tuple(labels)
        self.schema = schema
        self._by_name = {label.name: label for label in self.labels}
        self._by_key = {label.key: label for label in self.labels}

    def __iter__(self) -> Iterator[Label]:
        return iter(self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Label | None:
        return self._by_name.get(name)

    def by_key(self, key: str) -> Label | None:
        return self._by_key.get(key)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._by_name)

    def may_nest(self, inner: str, outer: str) -> bool:
        """Whether a span labelled ``inner`` may sit wholly inside one labelled ``outer``;
        never for one label, nor for a label the set does not hold."""
        label = self._by_name.get(inner)
        return label is not None and inner != outer and outer in label.inside

    # -- relations, attributes, document labels ----------------------------------------------

    @property
    def relations(self) -> tuple[RelationType, ...]:
        return self.schema.relations

    @property
    def attributes(self) -> tuple[Attribute, ...]:
        return self.schema.attributes

    @property
    def doc_labels(self) -> tuple[DocLabel, ...]:
        return self.schema.doc_labels

    def relation(self, name: str) -> RelationType | None:
        return next((r for r in self.schema.relations if r.name == name), None)

    def relation_types(self, head: str, tail: str) -> tuple[str, ...]:
        """The relation types that may go from a ``head`` span to a ``tail`` span."""
        return tuple(r.name for r in self.schema.relations if r.joins(head, tail))

    def attributes_of(self, label: str) -> tuple[Attribute, ...]:
        return tuple(a for a in self.schema.attributes if label in a.labels)

    def attribute(self, label: str, name: str) -> Attribute | None:
        return next((a for a in self.attributes_of(label) if a.name == name), None)

    def doc_label(self, name: str) -> DocLabel | None:
        return next((d for d in self.schema.doc_labels if d.name == name), None)


def default_labels() -> LabelSet:
    return LabelSet(DEFAULT_LABELS, DEFAULT_SCHEMA)


def _table_lines(source: str, table: str = "label") -> list[int]:
    """1-based line numbers of each ``[[table]]`` header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{table}\s*\]\]")
    return [number for number, line in enumerate(source.splitlines(), 1) if header.match(line)]


def _field_lines(lines: list[str], header: int, following: int) -> dict[str, int]:
    """1-based line of each `field = ...` between a table's header and the next table."""
    found: dict[str, int] = {}
    for number in range(header + 1, following) if header else ():
        match = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_-]*)\s*=", lines[number - 1])
        if match:
            found.setdefault(match.group(1), number)
    return found


def parse_labels(source: str, filename: str = "labels.toml") -> LabelSet:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise UserError(
            f"{filename}: not valid TOML: {exc}; fix the file or remove --labels"
        ) from None
    unknown_top = set(data) - {"label", *TABLES}
    if unknown_top:
        raise UserError(
            f"{filename}: unknown top-level key(s) {', '.join(sorted(unknown_top))}; "
            "a labels file holds [[label]], [[relation]], [[attribute]] and "
            "[[document_label]] tables"
        )
    tables = data.get("label")
    if not isinstance(tables, list) or not tables:
        raise UserError(f"{filename}: no [[label]] tables; add at least one label")
    headers = _table_lines(source)
    source_lines = source.splitlines()
    labels: list[Label] = []
    seen_names: dict[str, int] = {}
    seen_keys: dict[str, int] = {}
    inside_at: dict[str, str] = {}
    for index, table in enumerate(tables):
        header = headers[index] if index < len(headers) else 0
        following = headers[index + 1] if index + 1 < len(headers) else len(source_lines) + 1
        fields = _field_lines(source_lines, header, following)

        def where(
            field: str = "",
            fields: dict[str, int] = fields,
            header: int = header,
            index: int = index,
        ) -> str:
            line = fields.get(field, header)
            return f"{filename} line {line}" if line else f"{filename} label #{index + 1}"

        unknown = set(table) - _FIELDS
        if unknown:
            raise UserError(
                f"{where(sorted(unknown)[0])}: unknown field(s) {', '.join(sorted(unknown))}; "
                f"allowed: {', '.join(sorted(_FIELDS))}"
            )
        for name in ("name", "key", "color"):
            if name not in table:
                raise UserError(f"{where()}: label has no {name}; add {name} = ...")
            if not isinstance(table[name], str):
                raise UserError(f"{where(name)}: {name} must be a string in quotes")
        name, key, color = table["name"], table["key"], table["color"]
        description = table.get("description", "")
        if not isinstance(description, str):
            raise UserError(f"{where('description')}: description must be a string in quotes")
        if not _NAME.match(name):
            raise UserError(
                f"{where('name')}: name {name!r} must be upper-case letters, digits and _ "
                "(like SITE)"
            )
        if len(key) != 1 or not key.isprintable() or key.isspace():
            raise UserError(f"{where('key')}: key {key!r} must be a single printable character")
        if not _COLOR.match(color):
            raise UserError(
                f'{where("color")}: color {color!r} must be a hex colour like "#61afef"'
            )
        if name in seen_names:
            raise UserError(
                f"{where('name')}: name {name} is already used at line {seen_names[name]}"
            )
        if key in seen_keys:
            raise UserError(f"{where('key')}: key {key!r} is already used at line {seen_keys[key]}")
        seen_names[name] = fields.get("name", header)
        seen_keys[key] = fields.get("key", header)
        inside = table.get("inside", [])
        if not isinstance(inside, list) or not all(isinstance(o, str) for o in inside):
            raise UserError(
                f'{where("inside")}: inside must be a list of label names like ["QUOTE"]'
            )
        inside_at[name] = where("inside")
        labels.append(Label(name, key, color, description, tuple(inside)))
    _check_nesting(labels, inside_at)
    return LabelSet(labels, _schema(data, source, filename, tuple(seen_names)))


def _schema(data: dict[str, object], source: str, filename: str, names: tuple[str, ...]) -> Schema:
    lines = source.splitlines()
    headers = {table: _table_lines(source, table) for table in TABLES}

    def where(table: str, index: int, field: str) -> str:
        found = headers[table]
        header = found[index] if index < len(found) else 0
        following = [n for kind in (*TABLES, "label") for n in _table_lines(source, kind)]
        end = min((n for n in following if n > header), default=len(lines) + 1)
        line = _field_lines(lines, header, end).get(field, header)
        return f"{filename} line {line}" if line else f"{filename} [[{table}]] #{index + 1}"

    try:
        return parse_schema(data, names, where)
    except UserError as exc:
        if str(exc).startswith(filename):
            raise
        raise UserError(f"{filename}: {exc}") from None


def _check_nesting(labels: list[Label], where: dict[str, str]) -> None:
    """Refuse an ``inside`` naming an unknown label, the label itself, or a label that may
    also sit inside this one (then neither span would be the outer one)."""
    names = {label.name: label for label in labels}
    for label in labels:
        for outer in label.inside:
            if outer == label.name:
                raise UserError(
                    f"{where[label.name]}: {label.name} cannot sit inside itself "
                    "(spans of one label never overlap); remove it from inside"
                )
            if outer not in names:
                raise UserError(
                    f"{where[label.name]}: inside names '{printable(outer)}', which is not a "
                    f"label of this file (labels: {', '.join(names)})"
                )
            if label.name in names[outer].inside:
                raise UserError(
                    f"{where[label.name]}: {label.name} may sit inside {outer} and {outer} "
                    f"inside {label.name}; keep one of the two"
                )


def load_labels(path: Path | None) -> LabelSet:
    if path is None:
        return default_labels()
    try:
        # A byte order mark (Windows editors save one) is accepted, as in every other file.
        source = read_regular(path).decode("utf-8").removeprefix("\ufeff")
    except FileNotFoundError:
        raise UserError(f"{path}: no such labels file") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 at byte {exc.start}; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror}") from None
    return parse_labels(source, str(path))
