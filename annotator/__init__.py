"""annotator: a keyboard-first terminal workbench for right-to-left span annotation."""

__version__ = "0.1.0"
