"""What one JSON line is: an annotation journal record, another tool's document, or an article.

The one place that decides it, for the corpus (which skips journals), the journal (which
refuses other files), ``validate`` and ``import`` (which names the format a file looks like).
"""

from __future__ import annotations

# annotator's own record: its version key, "v" (v2 on) or "schema" (v1), and "spans"
JOURNAL = "journal"
CANONICAL = "jsonl"  # an export: "text" and "spans"
DOCCANO = "doccano"  # "label": [[start, end, label], ...] or "entities": [{...}, ...]
HF = "hf"  # "tokens" and "ner_tags"
ARTICLE = "article"  # a corpus article: "text" and nothing that marks spans


def record_kind(obj: object) -> str | None:
    """The kind of a parsed JSON line, or None for anything else (not an object, no text)."""
    if type(obj) is not dict:
        return None
    if "v" in obj or "schema" in obj:
        # A journal line without spans is a broken record, not another tool's document.
        return JOURNAL if "spans" in obj else None
    if "spans" in obj:
        return CANONICAL
    # A "label" string is a corpus article's metadata, not doccano's span list.
    if isinstance(obj.get("label"), list) or "entities" in obj:
        return DOCCANO
    if "tokens" in obj and "ner_tags" in obj:
        return HF
    if "text" in obj:
        return ARTICLE
    return None
