"""The project on the server: its settings and its corpus, put there by ``db init`` and read
back by a machine that has only the URL (no local copy of the corpus needed)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson
from psycopg.types.json import Jsonb

from annotator.annotations.model import text_hash
from annotator.problems import UserError, show_path
from annotator.store.durable import replacing
from annotator.team.postgres.records import Connection
from annotator.text.corpus import Corpus

# The corpus a machine read from the server, kept in its own folder (read offline too).
CORPUS_FILE = "server-corpus.jsonl"


def put_settings(conn: Connection, settings: Mapping[str, Any]) -> None:
    """Store each setting (JSON values) under its key, replacing what was there."""
    with conn.transaction():
        for key, value in settings.items():
            conn.execute(
                "INSERT INTO annotator.settings VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, Jsonb(value)),
            )


def settings(conn: Connection) -> dict[str, Any]:
    rows = conn.execute("SELECT key, value FROM annotator.settings").fetchall()
    return {str(key): value for key, value in rows}


def put_corpus(conn: Connection, corpus: Corpus) -> tuple[int, int]:
    """Every readable document of ``corpus`` on the server, in corpus order (a text that changed
    replaces the server's; records keep the text they were made on); (added, changed)."""
    with conn.transaction():
        conn.execute("CREATE TEMPORARY TABLE incoming (LIKE annotator.documents) ON COMMIT DROP")
        with conn.cursor().copy(
            "COPY incoming (doc_id, position, text, text_hash, meta) FROM STDIN"
        ) as copy:
            for position, doc_id in enumerate(corpus.ids):
                if not corpus.readable(doc_id):
                    continue  # the corpus said why when it was opened
                text = corpus.text(doc_id)
                meta = orjson.dumps(corpus.meta(doc_id)).decode()
                copy.write_row((doc_id, position, text, text_hash(text), meta))
        row = conn.execute(
            "SELECT count(*) FILTER (WHERE d.doc_id IS NULL), "
            "count(*) FILTER (WHERE d.text_hash <> i.text_hash) "
            "FROM incoming i LEFT JOIN annotator.documents d USING (doc_id)"
        ).fetchone()
        conn.execute(
            "INSERT INTO annotator.documents SELECT * FROM incoming ON CONFLICT (doc_id) DO UPDATE "
            "SET position = excluded.position, text = excluded.text, "
            "text_hash = excluded.text_hash, meta = excluded.meta"
        )
    assert row is not None
    return int(row[0]), int(row[1])


def write_corpus(conn: Connection, folder: Path) -> Path:
    """The server's corpus as a JSONL corpus file in ``folder`` (replaced atomically), for a
    machine that has only the URL; the file's path."""
    target = folder / CORPUS_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with replacing(target) as out, conn.cursor() as cur:
            cur.execute("SELECT doc_id, text, meta FROM annotator.documents ORDER BY position")
            for doc_id, text, meta in cur:
                out.write(orjson.dumps({"id": doc_id, "text": text, "meta": meta}) + b"\n")
    except OSError as exc:
        raise UserError(f"{show_path(target)}: cannot write the corpus: {exc.strerror}") from None
    return target
