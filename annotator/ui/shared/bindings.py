"""Key bindings with ids (``<scope>.<name>``), so a keymap file can remap any of them, and
the keys in force for each id, read from Textual's public view of the live bindings."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar, cast

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

from annotator.annotations.labels import LabelSet

BindingMaker = Callable[..., Binding]
NodeType = TypeVar("NodeType", bound=DOMNode)


def bindings_for(scope: str) -> BindingMaker:
    """A maker of ``scope``'s bindings: ``(name, key, action, description, show="")``, where
    ``show`` is the short footer text when the binding appears in the footer."""

    def make(name: str, key: str, action: str, description: str, show: str = "") -> Binding:
        return Binding(
            key,
            action,
            show or description,
            show=bool(show),
            tooltip=description,
            id=f"{scope}.{name}",
        )

    return make


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
