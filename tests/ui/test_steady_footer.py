"""The footer is built once as a screen opens (Textual's builds it again each time the
bindings may have changed, with the same keys: a key pressed meanwhile waited), and again
when the keys it shows do change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Footer

from annotator.ui.shared.steady_footer import SteadyFooter


def counting(base: type[Footer]) -> type[Footer]:
    class Counting(base):  # type: ignore[valid-type, misc]
        built = 0  # compositions that showed keys

        def compose(self) -> ComposeResult:
            made = list(super().compose())
            if made:
                type(self).built += 1
            yield from made

    return Counting


class Demo(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "hello", "Say hello", id="demo.hello"),
        Binding("y", "wave", "Wave", id="demo.wave"),
    ]

    def __init__(self, footer: type[Footer]) -> None:
        super().__init__()
        self.footer = footer

    def compose(self) -> ComposeResult:
        yield self.footer()

    def action_hello(self) -> None:
        pass

    def action_wave(self) -> None:
        pass


def shown_keys(footer: Widget) -> list[str]:
    keys: Iterable[Widget] = footer.children
    return [str(key.render()).strip() for key in keys]


async def test_a_screen_opening_builds_the_footer_once_where_textuals_builds_it_again():
    steady, plain = counting(SteadyFooter), counting(Footer)
    for footer in (steady, plain):
        app = Demo(footer)
        async with app.run_test() as pilot:
            await pilot.pause()
            app.screen.refresh_bindings()  # what a focus move or a screen switch does
            await pilot.pause()
            assert shown_keys(app.query_one(Footer))[:2] == ["x Say hello", "y Wave"]
    assert steady.built == 1
    assert plain.built >= 2  # Textual's own, for comparison: built again with the same keys


async def test_keys_that_change_are_shown():
    app = Demo(SteadyFooter)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.set_keymap({"demo.hello": "h"})
        await pilot.pause()
        shown = shown_keys(app.query_one(Footer))
        assert "h Say hello" in shown and "x Say hello" not in shown and "y Wave" in shown
