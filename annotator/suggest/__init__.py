"""Suggestions: spans pre-marked by rules, patterns files and a learned gazetteer.

The annotator accepts or rejects them; see docs/suggest.md.
"""

from annotator.suggest.engine import Suggester, suggest
from annotator.suggest.gazetteer import Gazetteer
from annotator.suggest.patterns import load_patterns

__all__ = ["Gazetteer", "Suggester", "load_patterns", "suggest"]
