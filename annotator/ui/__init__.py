"""The Textual layer: app, screens and widgets. Only this package imports Textual."""
