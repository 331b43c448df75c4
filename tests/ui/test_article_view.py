"""The article view as a Textual widget: what it adds to its base classes."""

from textual.scroll_view import ScrollView

from annotator.ui.shared.article_view import ArticleView

# What a widget is meant to override: its configuration and how it draws a line.
_MEANT_TO_OVERRIDE = {"BINDINGS", "DEFAULT_CSS", "can_focus", "can_focus_children", "render_line"}


def test_article_view_shadows_no_public_textual_attribute():
    bases = {name for cls in ScrollView.__mro__ for name in vars(cls) if not name.startswith("_")}
    own = {name for name in vars(ArticleView) if not name.startswith("_")}
    assert own & bases <= _MEANT_TO_OVERRIDE
