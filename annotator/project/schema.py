"""annotator.toml, read strictly: every key known, every value checked, each problem named with
its line and what to write instead.

```toml
corpus = "corpora"              # required: a folder or file, relative to this file's folder
labels = "labels.toml"          # optional: the team's labels (default: the four labels)
guidelines = "guidelines.md"    # optional: the annotation guidelines

[team]
annotators = ["amal", "omar", "lina"]
leads = ["lina"]                # may review, see everyone's progress, go to any document
overlap = 2                     # annotators per document: a whole number, "all", or 1.2
lease_minutes = 30              # an untouched hold on a document lapses after this idle time
order = "corpus"                # corpus | shuffle | uncertain
seed = 0                        # the shuffle's and the fractional overlap's seed
[team.quota]                    # optional: at most this many documents for a person
amal = 200

[suggest]
enabled = true
patterns = ["patterns.jsonl"]
no_builtin = []                 # built-in rules turned off: casualty_count, quote, or all
model = "crf"                   # the learned model the app suggests with (annotations/models/)
retrain_every = 5               # the app trains it again after 5 accepted documents; 0: never
blind = true                    # with overlap, learn only from your own journal and gold
dim_below = 0.8                 # suggestions less sure than this are drawn dim
[suggest.thresholds]            # below these a source's suggestion is not offered (0 to 1)
model = 0.5
gazetteer = 0.5

[store]
url = "postgresql://db.example.org/annotations"   # never with a password
```
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args

from annotator.problems import UserError, printable, show_path
from annotator.project.store_url import store_url_problem
from annotator.project.toml_lines import Key, KeyLines
from annotator.regular_files import read_regular
from annotator.store.journal import check_name
from annotator.suggest.builtin import RULES
from annotator.team.settings import Order, RoutingSettings

PROJECT_FILE = "annotator.toml"

_TOP = ("corpus", "labels", "guidelines", "team", "suggest", "store")
_TEAM = ("annotators", "leads", "overlap", "lease_minutes", "order", "seed", "quota")
_SUGGEST = (
    "enabled",
    "patterns",
    "no_builtin",
    "model",
    "retrain_every",
    "blind",
    "dim_below",
    "thresholds",
)
# The kinds of source a threshold is given for (suggest.engine's kinds).
_SOURCES = ("rule", "pattern", "gazetteer", "model")
_STORE = ("url",)
_TABLES: dict[Key, tuple[str, ...]] = {
    (): _TOP,
    ("team",): _TEAM,
    ("suggest",): _SUGGEST,
    ("suggest", "thresholds"): _SOURCES,
    ("store",): _STORE,
}
_ORDERS: tuple[str, ...] = get_args(Order)
_SYNTAX_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


@dataclass(frozen=True, slots=True)
class SuggestSettings:
    """What the annotate screen pre-marks: the built-in rules less ``no_builtin``, the
    ``patterns`` files, and the learned ``model`` (trained again by the app after every
    ``retrain_every`` accepted documents; ``blind``: with overlap, never on a colleague's
    labels). A source's suggestion under its ``thresholds`` entry is not offered; one under
    ``dim_below`` is drawn dim."""

    enabled: bool = True
    patterns: tuple[Path, ...] = ()
    no_builtin: tuple[str, ...] = ()
    model: str = "crf"
    retrain_every: int = 5
    blind: bool = True
    dim_below: float = 0.8
    thresholds: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ProjectFile:
    """What annotator.toml says, its paths made absolute against its folder."""

    path: Path
    corpus: Path
    routing: RoutingSettings
    labels: Path | None = None
    guidelines: Path | None = None
    suggest: SuggestSettings = field(default_factory=SuggestSettings)
    store_url: str | None = None


class _Reader:
    """Takes values out of the parsed file, noting each problem with its line."""

    def __init__(self, path: Path, source: str) -> None:
        # Resolved now: the folder may not exist yet (init checks its file before making it).
        self.root = path.parent.resolve()
        self.shown = show_path(path)
        self.lines = KeyLines(source)
        self.problems: list[tuple[int, str]] = []

    def problem(self, key: Key, message: str, line: int = 0) -> None:
        self.problems.append((line or self.lines.line(key), message))

    def unknown_keys(self, data: dict[str, Any]) -> None:
        for table, known in _TABLES.items():
            values = _table(data, table)
            if not isinstance(values, dict):
                continue
            for key in values:
                if key in known:
                    continue
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"did you mean '{close[0]}'? " if close else ""
                where = f"in [{'.'.join(table)}]" if table else "at the top"
                self.problem(
                    (*table, key),
                    f"unknown key '{printable(key)}' {where}; {hint}known keys: {', '.join(known)}",
                )

    def typed(
        self, data: dict[str, Any], key: Key, kind: type | tuple[type, ...], what: str
    ) -> Any:
        """The value at ``key`` if it is a ``kind`` (a bool is never a number), else None and
        a problem; None also when it is absent."""
        value = _table(data, key)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.problem(key, f"{_name(key)} must be {what}, not {_shown(value)}")
            return None
        return value

    def path(self, data: dict[str, Any], key: Key) -> Path | None:
        value: str | None = self.typed(data, key, str, "a path in quotes")
        if value is None:
            return None
        if not value or not value.isprintable():
            self.problem(key, f"{_name(key)} {_shown(value)} is not a usable path")
            return None
        path = Path(os.path.normpath(self.root / value))
        if not path.exists():
            self.problem(
                key,
                f"{_name(key)} {_shown(value)}: no such file or folder "
                f"({show_path(path)}); paths are relative to the project folder",
            )
        return path

    def names(self, data: dict[str, Any], key: Key) -> tuple[str, ...]:
        values = self.typed(data, key, list, 'a list of names in quotes, e.g. ["amal", "omar"]')
        if values is None:
            return ()
        names: list[str] = []
        seen: set[str] = set()
        for value in values:
            if not isinstance(value, str):
                self.problem(key, f"{_name(key)} holds {_shown(value)}; give names in quotes")
                continue
            line = self.lines.line_of_value(key, value)
            try:
                check_name(value, _name(key))
            except UserError as exc:
                self.problem(key, str(exc), line)
                continue
            if value.casefold() in seen:
                self.problem(key, f"{_name(key)} names '{value}' twice", line)
                continue
            seen.add(value.casefold())
            names.append(value)
        return tuple(names)


def _table(data: dict[str, Any], key: Key) -> Any:
    value: Any = data
    for part in key:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _name(key: Key) -> str:
    return ".".join(key)


def _shown(value: object) -> str:
    if isinstance(value, str):
        return f"'{printable(value)}'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return printable(str(value))


def read_project_file(path: Path) -> ProjectFile:
    """The project file at ``path``, or UserError listing every problem with its line."""
    shown = show_path(path)
    try:
        source = read_regular(path).decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UserError(f"{shown}: not UTF-8 at byte {exc.start}; save it as UTF-8") from None
    except OSError as exc:
        raise UserError(f"{shown}: cannot read: {exc.strerror}") from None
    return parse_project_file(source, path)


def parse_project_file(source: str, path: Path) -> ProjectFile:
    """The project file ``source`` that is (or will be) at ``path``; UserError as above."""
    shown = show_path(path)
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        where = _SYNTAX_WHERE.search(str(exc))
        message = _SYNTAX_WHERE.sub("", str(exc))
        place = f"line {where.group(1)} column {where.group(2)}" if where else "syntax"
        raise UserError(f"{shown} {place}: {message} (TOML syntax; see docs/team.md)") from None
    reader = _Reader(path, source)
    project = _read(reader, path, data)
    if reader.problems or project is None:
        listed = sorted(reader.problems, key=lambda p: p[0])
        raise UserError(
            "\n".join(
                f"{shown} line {line}: {message}" if line else f"{shown}: {message}"
                for line, message in listed
            )
        )
    return project


def _read(reader: _Reader, path: Path, data: dict[str, Any]) -> ProjectFile | None:
    reader.unknown_keys(data)
    for table in ("team", "suggest", "store"):
        if table in data and not isinstance(data[table], dict):
            reader.problem((table,), f"{table} must be a table: [{table}]")
    corpus = reader.path(data, ("corpus",))
    if corpus is None and "corpus" not in data:
        reader.problem((), 'corpus is missing: add corpus = "path/to/the/corpus" at the top', 1)
    labels = reader.path(data, ("labels",))
    guidelines = reader.path(data, ("guidelines",))
    routing = _routing(reader, data)
    suggest = _suggest(reader, data)
    url = reader.typed(data, ("store", "url"), str, "a URL in quotes")
    if url is not None:
        why = store_url_problem(url)
        if why:
            reader.problem(("store", "url"), f"store.url: {why}")
    if corpus is None or routing is None:
        return None
    return ProjectFile(path, corpus, routing, labels, guidelines, suggest, url)


def _routing(reader: _Reader, data: dict[str, Any]) -> RoutingSettings | None:
    annotators = reader.names(data, ("team", "annotators"))
    if not annotators and _table(data, ("team", "annotators")) is None:
        reader.problem(
            ("team",), 'team.annotators is missing: add annotators = ["amal", "omar"] under [team]'
        )
    leads = reader.names(data, ("team", "leads"))
    overlap = _overlap(reader, data, len(annotators))
    lease = reader.typed(data, ("team", "lease_minutes"), (int, float), "a number of minutes")
    if lease is not None and not (0 < lease < math.inf):
        reader.problem(
            ("team", "lease_minutes"), f"team.lease_minutes must be above 0, not {lease}"
        )
        lease = None
    order = reader.typed(data, ("team", "order"), str, f"one of {', '.join(_ORDERS)}")
    if order is not None and order not in _ORDERS:
        reader.problem(
            ("team", "order"), f"team.order {_shown(order)}: give one of {', '.join(_ORDERS)}"
        )
        order = None
    seed = reader.typed(data, ("team", "seed"), int, "a whole number")
    quota = _quota(reader, data, annotators)
    if not annotators:
        return None
    defaults = RoutingSettings(annotators)
    return RoutingSettings(
        annotators=annotators,
        leads=leads,
        overlap=defaults.overlap if overlap is None else overlap,
        lease_seconds=defaults.lease_seconds if lease is None else lease * 60,
        order=cast(Order, order or defaults.order),
        seed=defaults.seed if seed is None else seed,
        quota=quota,
    )


def _overlap(
    reader: _Reader, data: dict[str, Any], team: int
) -> int | float | Literal["all"] | None:
    key = ("team", "overlap")
    value = _table(data, key)
    if value is None or value == "all":
        return cast(Literal["all"] | None, value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.problem(
            key,
            f'team.overlap must be a whole number, "all" or a fraction such as 1.2, '
            f"not {_shown(value)}",
        )
        return None
    if not (1 <= value < math.inf):
        reader.problem(key, f"team.overlap must be at least 1, not {value}")
        return None
    if team and math.ceil(value) > team:
        reader.problem(
            key,
            f"team.overlap {value} is larger than the team ({team} annotator"
            f"{'' if team == 1 else 's'}): add annotators or lower the overlap",
        )
        return None
    return int(value) if value == int(value) else value


def _quota(reader: _Reader, data: dict[str, Any], annotators: tuple[str, ...]) -> dict[str, int]:
    key = ("team", "quota")
    values = reader.typed(data, key, dict, "a table: [team.quota] then amal = 200")
    quota: dict[str, int] = {}
    for name, value in (values or {}).items():
        at = (*key, name)
        if name not in annotators:
            team = ", ".join(annotators) or "none"
            reader.problem(
                at, f"team.quota names '{printable(name)}', who is not in team.annotators ({team})"
            )
        elif isinstance(value, bool) or not isinstance(value, int) or value < 0:
            reader.problem(at, f"team.quota.{name} must be a whole number of documents, 0 or more")
        else:
            quota[name] = value
    return quota


def _suggest(reader: _Reader, data: dict[str, Any]) -> SuggestSettings:
    enabled = reader.typed(data, ("suggest", "enabled"), bool, "true or false")
    patterns: list[Path] = []
    key = ("suggest", "patterns")
    for value in reader.typed(data, key, list, 'a list of paths, e.g. ["patterns.jsonl"]') or ():
        if isinstance(value, str) and value and value.isprintable():
            patterns.append(Path(os.path.normpath(reader.root / value)))
            if not patterns[-1].is_file():
                reader.problem(
                    key,
                    f"suggest.patterns {_shown(value)}: no such file ({show_path(patterns[-1])})",
                    reader.lines.line_of_value(key, value),
                )
        else:
            reader.problem(key, f"suggest.patterns holds {_shown(value)}; give paths in quotes")
    off: list[str] = []
    key = ("suggest", "no_builtin")
    known = (*RULES, "all")
    for value in reader.typed(data, key, list, 'a list of rule names, e.g. ["quote"]') or ():
        if isinstance(value, str) and value in known:
            off.append(value)
        else:
            reader.problem(
                key,
                f"suggest.no_builtin holds {_shown(value)}; give rule names: {', '.join(known)}",
                reader.lines.line_of_value(key, str(value)),
            )
    defaults = SuggestSettings()
    model = reader.typed(data, ("suggest", "model"), str, 'a model name in quotes, e.g. "crf"')
    if model is not None:
        try:
            check_name(model, "suggest.model")
        except UserError as exc:
            reader.problem(("suggest", "model"), str(exc))
            model = None
    every = reader.typed(data, ("suggest", "retrain_every"), int, "a whole number of documents")
    if every is not None and every < 0:
        reader.problem(
            ("suggest", "retrain_every"),
            f"suggest.retrain_every must be 0 (never) or more, not {every}",
        )
        every = None
    blind = reader.typed(data, ("suggest", "blind"), bool, "true or false")
    dim_below = _fraction(reader, data, ("suggest", "dim_below"))
    thresholds: dict[str, float] = {}
    values = reader.typed(
        data, ("suggest", "thresholds"), dict, "a table: [suggest.thresholds] then model = 0.5"
    )
    for source in values or {}:
        if source in _SOURCES:
            value = _fraction(reader, data, ("suggest", "thresholds", source))
            if value is not None:
                thresholds[source] = value
    return SuggestSettings(
        enabled is not False,
        tuple(patterns),
        tuple(off),
        model=defaults.model if model is None else model,
        retrain_every=defaults.retrain_every if every is None else every,
        blind=blind is not False,
        dim_below=defaults.dim_below if dim_below is None else dim_below,
        thresholds=thresholds,
    )


def _fraction(reader: _Reader, data: dict[str, Any], key: Key) -> float | None:
    """The number from 0 to 1 at ``key``, else None (and a problem when it is another value)."""
    value = reader.typed(data, key, (int, float), "a number from 0 to 1")
    if value is not None and not 0 <= value <= 1:
        reader.problem(key, f"{_name(key)} must be from 0 to 1, not {value}")
        return None
    return None if value is None else float(value)
