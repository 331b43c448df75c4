"""Textual's footer, built again only when the keys it shows change.

The footer builds itself again whenever a screen's bindings may have changed (focus moved, a
screen came or went, the app got focus): three times as a screen opens, each time mounting a
widget per key, with the same keys every time. A key pressed then waited for it: 70 to 190 ms
on the sample's review (`bench/keys.py review`, "first keys"), against 24 to 48 ms when the
footer is built once.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    def __init__(self, *, compact: bool = False) -> None:
        super().__init__(compact=compact)
        self._shown: Hashable = None  # the keys as last built

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (
                key,
                self.app.get_key_display(active.binding),
                active.binding.description,
                active.binding.action,
                active.binding.show,
                active.enabled,
                active.tooltip,
            )
            for key, active in screen.active_bindings.items()
        )
        if shown == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # built with these (not yet, while the app is not focused)
