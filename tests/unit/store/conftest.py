"""Sample lines the store tests write: a journal record and a corpus file."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import pytest

from annotator.annotations.model import DocRecord, Span

TEXT = "قصفت الطائرات البوكمال."


@pytest.fixture
def journal_line() -> Callable[..., bytes]:
    """``journal_line(doc_id="a")``: one sound journal line, a SITE span on a short text."""

    def line(doc_id: str = "a") -> bytes:
        record = DocRecord(id=doc_id, text=TEXT, spans=[Span.of(TEXT, 14, 22, "SITE")])
        return orjson.dumps(record.to_json()) + b"\n"

    return line


@pytest.fixture
def corpus_jsonl() -> bytes:
    """A corpus file (articles, not journal records) whose second article repeats an id."""
    return (
        '{"id": "a", "text": "النص الأول الأصلي", "meta": {"src": "x"}}\n'
        '{"id": "a", "text": "نسخة مكررة"}\n'
    ).encode()
