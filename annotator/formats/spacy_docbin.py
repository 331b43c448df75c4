"""spaCy's binary training data: a ``DocBin`` (``.spacy``) whose documents keep every span in
``doc.spans["sc"]`` (the key spaCy's span categorizer reads), overlaps included: an ACTOR
inside a QUOTE stays, where IOB formats must drop one of them.

Tokens are the canonical export's (``annotator.formats.jsonl``): the tokenizer's, cut at span
edges under ``--align split`` so every span keeps its exact offsets, with spaCy's whitespace,
so ``doc.text`` is the document's text. Document ids and statuses are written to
``doc.user_data`` and read back by import. Writing and reading need spaCy installed
(``pip install spacy``); the rest of annotator does not.

The DocBin carries spans only; relations, attributes and document labels are counted as left
out (``--format jsonl`` carries them, and docs/export.md shows how to load them into spaCy).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.annotations.model import STATUSES, DocRecord, Span
from annotator.formats.common import (
    ExportOptions,
    read_bytes,
    unknown_label,
)
from annotator.formats.jsonl import aligned_tokens
from annotator.formats.report import ExportReport
from annotator.problems import Problem, UserError

if TYPE_CHECKING:
    from spacy.vocab import Vocab

KIND = "file"
SUFFIX = ".spacy"
ALIGNS = True
REBUILDS_TEXT = False  # doc.text is the exact text
CARRIES: tuple[str, ...] = ()  # spans only
SPANS_KEY = "sc"


def _spacy() -> Any:
    try:
        import spacy
    except ImportError:
        raise UserError(
            "--format spacy needs spaCy, which is not installed: pip install spacy (or export "
            "--format jsonl, which spaCy reads too)"
        ) from None
    return spacy


def _doc(vocab: Vocab, record: DocRecord, options: ExportOptions, report: ExportReport) -> Any:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    text = record.text
    starts, ends, ws, aligned = aligned_tokens(record, options, report)
    words = [text[start:end] for start, end in zip(starts, ends, strict=True)]
    doc = Doc(vocab, words=words, spaces=[bool(w) for w in ws])
    doc.spans[SPANS_KEY] = [SpacySpan(doc, a.first, a.last + 1, a.span.label) for a in aligned]
    doc.user_data["id"] = record.id
    doc.user_data["status"] = record.status
    return doc


def render(
    records: Iterable[DocRecord], options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    spacy = _spacy()
    from spacy.tokens import DocBin

    vocab = spacy.vocab.Vocab()
    docs = DocBin(store_user_data=True)
    for record in records:
        docs.add(_doc(vocab, record, options, report))
    yield "", docs.to_bytes()


def read(
    path: Path, problems: list[Problem], known: tuple[str, ...] | None = None
) -> list[DocRecord]:
    spacy = _spacy()
    from spacy.tokens import DocBin

    data = read_bytes(path, problems)
    if data is None:
        return []
    try:
        docs = list(DocBin().from_bytes(data).get_docs(spacy.vocab.Vocab()))
    except Exception as exc:  # spaCy raises several kinds on a file that is not a DocBin
        problems.append(
            Problem(str(path), f"not a spaCy DocBin ({type(exc).__name__}); nothing imported")
        )
        return []
    out = []
    for n, doc in enumerate(docs, 1):
        doc_id = doc.user_data.get("id")
        status = doc.user_data.get("status")
        spans = []
        # Another tool's DocBin may hold its spans as entities only.
        for group in list(doc.spans.values()) or [doc.ents]:
            for span in group:
                if known is not None and span.label_ not in known:
                    where = f"document {n}, token {span.start + 1}"
                    problems.append(Problem(str(path), unknown_label(where, span.label_, known)))
                    continue
                spans.append(Span.of(doc.text, span.start_char, span.end_char, span.label_))
        out.append(
            DocRecord(
                id=doc_id if isinstance(doc_id, str) and doc_id else f"{path.stem}-{n}",
                text=doc.text,
                spans=spans,
                status=status if status in STATUSES else "",
            )
        )
    return out
