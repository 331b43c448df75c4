"""Key bindings with ids (``<scope>.<name>``), so a keymap file can remap any of them."""

from __future__ import annotations

from collections.abc import Callable

from textual.binding import Binding

BindingMaker = Callable[..., Binding]


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
