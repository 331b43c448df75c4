"""Key bindings with ids (``<scope>.<name>``), so a keymap file can remap any of them, and
the keys in force for each id, read from Textual's public view of the live bindings.

The keys themselves are data, in one file beside this one (``keys.toml``): the screens and
the article view take their ``BINDINGS`` from it, and what both screens share is written
there once."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from annotator.annotations.labels import LabelSet

NodeType = TypeVar("NodeType", bound=DOMNode)

# Every key of the screens and the article view (see the file's own comments for its form).
KEYS_FILE = "keys.toml"
COMMON = "common"


@cache
def _table() -> dict[str, Any]:
    return tomllib.loads(Path(__file__).with_name(KEYS_FILE).read_text(encoding="utf-8"))


def bindings_of(scope: str) -> list[Binding]:
    """``scope``'s bindings (``annotate``, ``review``, ``article``) from the keys file, in
    its order: ids ``<scope>.<name>``, and in the footer those that give its text."""
    table = _table()
    made = []
    for name, entry in table[scope].items():
        if entry == COMMON:
            entry = table[COMMON][name]
        key, action, description, *footer = entry
        made.append(
            Binding(
                key,
                action,
                footer[0] if footer else description,
                show=bool(footer),
                tooltip=description,
                id=f"{scope}.{name}",
            )
        )
    return made


# The keys that pick a row of a short list (a picker, a panel): 1 the first row, 9 the ninth.
DIGITS = "123456789"


def digit_bindings(scope: str) -> list[Binding]:
    """Each digit runs ``number(<row>)``, hidden from the footer, ids ``<scope>.number-<digit>``."""
    return [
        Binding(digit, f"number({n})", show=False, id=f"{scope}.number-{digit}")
        for n, digit in enumerate(DIGITS)
    ]


def row_number(index: int) -> str:
    """The digit that picks row ``index``; a space for a row past the ninth."""
    return DIGITS[index] if index < len(DIGITS) else " "


def declared(node_class: type[DOMNode]) -> list[Binding]:
    """The bindings ``node_class`` itself declares (not those of a subclass made by
    ``with_bindings``)."""
    return [b for b in node_class.__dict__.get("BINDINGS", []) if isinstance(b, Binding)]


def label_bindings(labels: LabelSet, tooltip: str = "") -> list[Binding]:
    """One binding per label, ``label.<NAME>``, calling the ``label`` action with its name.
    ``tooltip`` (with ``{name}``) says what the key does where it is bound."""
    return [
        Binding(
            label.key,
            f"label('{label.name}')",
            f"Label {label.name}",
            show=False,  # the legend shows them, in their colours
            tooltip=tooltip.format(name=label.name),
            id=f"label.{label.name}",
        )
        for label in labels
    ]


def with_bindings(node_class: type[NodeType], bindings: Sequence[BindingType]) -> type[NodeType]:
    """``node_class`` with ``bindings`` added to its own: Textual reads keys from a class's
    ``BINDINGS``, and a label set's keys are only known when its file is read."""
    extended = type(node_class.__name__, (node_class,), {"BINDINGS": list(bindings)})
    return cast("type[NodeType]", extended)


def keys_in_force(screen: Screen[Any]) -> dict[str, list[str]]:
    """For each binding id active on ``screen`` (focused widget, screen, app), the keys that
    reach it now, as the footer shows them: a keymap file's keys, not the declared ones."""
    found: dict[str, list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id:
            shown = screen.app.get_key_display(binding.with_key(key))
            found.setdefault(binding.id, []).append(shown)
    return found


def key_named(keys: Mapping[str, list[str]], binding_id: str) -> str:
    """How a hint on screen names the key of ``binding_id`` in ``keys`` (``keys_in_force``):
    its keys now, or ``unbound`` when a keymap took them all away."""
    return "/".join(keys.get(binding_id, [])) or "unbound"
