"""Gathering each document's spans from several annotators' journals onto one text."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from annotator.annotations.model import DocRecord, Span, check_span


@dataclass(frozen=True, slots=True)
class DocAnnotations:
    """One document as every annotator who has a record of it marked it.

    ``spans`` holds only annotators with a record of the document (an annotator without one
    is *missing*, which is not the same as having marked nothing). Each annotator's spans are
    sorted and free of duplicates (a key ``(start, end, label)`` counts once).
    """

    doc_id: str
    text: str
    spans: dict[str, tuple[Span, ...]]
    # Each annotator's record on the same text: their relations, attributes, document labels.
    records: dict[str, DocRecord] = field(default_factory=dict)


def _clean(spans: Sequence[Span]) -> tuple[Span, ...]:
    by_key: dict[tuple[int, int, str], Span] = {}
    for span in spans:
        by_key.setdefault(span.key(), span)
    return tuple(sorted(by_key.values(), key=Span.key))


def collect_documents(
    annotators: Sequence[str],
    journals: Mapping[str, Mapping[str, DocRecord]],
    text_of: Callable[[str], str | None] = lambda _doc_id: None,
    order: Sequence[str] = (),
) -> tuple[list[DocAnnotations], list[str]]:
    """Every document at least one of ``annotators`` has a record of, and the problems met.

    The reference text of a document is the corpus's (``text_of``) when it has the document,
    else the first annotator's record. Offsets only compare on the same text, so a record
    made on another text is left out, and so is a span whose ``text`` does not match its
    offsets; each is reported, never silently dropped. Documents come in ``order`` (the
    corpus order) first, then the rest sorted by id.
    """
    problems: list[str] = []
    ids = {doc_id for name in annotators for doc_id in journals.get(name, {})}
    ranked = {doc_id: i for i, doc_id in enumerate(order)}
    ordered = sorted(ids, key=lambda d: (ranked.get(d, len(ranked)), d))
    docs = []
    for doc_id in ordered:
        corpus_text = text_of(doc_id)
        reference = corpus_text
        source = "the corpus"
        spans: dict[str, tuple[Span, ...]] = {}
        records: dict[str, DocRecord] = {}
        for name in annotators:
            record = journals.get(name, {}).get(doc_id)
            if record is None:
                continue
            if reference is None:
                reference, source = record.text, f"{name}'s record"
            if record.text != reference:
                problems.append(
                    f"{name}'s record of {doc_id!r} was made on a different text than "
                    f"{source}; it is left out (re-open the document in annotate to re-anchor)"
                )
                continue
            good = []
            for span in record.spans:
                faults = check_span(
                    span, reference, f"span {span.label} [{span.start}, {span.end})"
                )
                if faults:
                    problems.append(f"{name}'s record of {doc_id!r}: {faults[0]}; it is left out")
                else:
                    good.append(span)
            spans[name] = _clean(good)
            records[name] = record
        if spans:
            docs.append(DocAnnotations(doc_id, reference or "", spans, records))
    return docs, problems
