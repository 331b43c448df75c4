"""Helpers of the PostgreSQL tests: a small corpus on the server, records to send."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import psycopg
import pytest

from annotator.team.postgres import schema
from annotator.team.postgres.live import ProgressWatch
from annotator.team.postgres.project import put_corpus
from annotator.text.corpus import Corpus, open_corpus
from tests.three_documents import TEXTS


def make_corpus(folder: Path, texts: dict[str, str] = TEXTS) -> Corpus:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "news.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"id": k, "text": v}) + b"\n" for k, v in texts.items()))
    return open_corpus(path)


@pytest.fixture
def server(pg_url: str, tmp_path: Path) -> Iterator[str]:
    """A database holding annotator's schema and the three-document corpus; its URL."""
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn)
        put_corpus(conn, make_corpus(tmp_path / "corpus"))
    yield pg_url


@pytest.fixture
def lead_hears(pg_url: str, wait_for: Callable[..., None]) -> Iterator[list[str | None]]:
    """annotator's schema on the server and a lead's watch listening to it: the documents the
    lead hears of, in order (the first, None, said the watch listens)."""
    with psycopg.connect(pg_url) as conn:
        schema.migrate(conn)
    heard: list[str | None] = []
    lead = ProgressWatch(pg_url, heard.append)
    lead.start()
    try:
        wait_for(lambda: None in heard, "the watch to listen")
        yield heard
    finally:
        lead.stop()
