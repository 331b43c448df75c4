"""Sub-commands of ``annotator``; each module here is discovered by ``annotator.cli``."""
