"""Screens of the annotator app, each in its own module."""
