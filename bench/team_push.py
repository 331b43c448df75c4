"""``annotator db push`` of a 100,000-document project, and what the server then holds.

A private PostgreSQL cluster is started for the run (Debian's binaries, as the tests do). The
project: a corpus of 100,000 articles (put on the server as ``db init`` does) and one
annotator's journal of 100,000 records, pushed as ``db push`` does. Baseline, in the same run:
``COPY`` of the same journal lines into a table of one jsonb column (the least loading them
into a server costs). Printed: each time, push against the baseline, and each table's size.

    .venv/bin/python bench/team_push.py [--documents N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import Journal
from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from annotator.team.postgres.project import put_corpus
from annotator.team.postgres.transfer import push
from annotator.text.corpus import open_corpus
from tests.pg_cluster import Cluster, private_folder

PARAGRAPH = "قال مصدر محلي إن ثلاثة مدنيين قتلوا في قصف على قرية قرب دير الزور. "


def make_project(folder: Path, documents: int) -> tuple[Path, Path]:
    folder.mkdir()
    corpus = folder / "corpus.jsonl"
    with corpus.open("wb") as out:
        for n in range(documents):
            text = f"{n}: " + PARAGRAPH * (1 + n % 5)
            out.write(orjson.dumps({"id": f"doc-{n:06d}", "text": text}) + b"\n")
    annotations = folder / "annotations"
    opened = open_corpus(corpus)
    with Journal.open(annotations / "amal.jsonl") as journal:
        records = []
        for doc_id in opened.ids:
            text = opened.text(doc_id)
            start = text.index("دير الزور")
            span = Span.of(text, start, start + len("دير الزور"), "SITE")
            records.append(
                DocRecord(doc_id, text, [span], status="accepted", annotator="amal", seconds=30.0)
            )
        journal.append_many(records)
    return corpus, annotations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    args = parser.parse_args()
    root = private_folder()
    cluster = Cluster(root)
    cluster.create()
    cluster.start()
    try:
        corpus, annotations = make_project(root / "project", args.documents)
        with connect(cluster.url()) as conn:
            schema.migrate(conn)
            start = time.perf_counter()
            put_corpus(conn, open_corpus(corpus))
            corpus_seconds = time.perf_counter() - start
            start = time.perf_counter()
            pushed = push(conn, annotations)
            push_seconds = time.perf_counter() - start
            conn.execute("CREATE TABLE baseline (line jsonb)")
            start = time.perf_counter()
            with conn.cursor().copy("COPY baseline FROM STDIN") as copy:
                for line in (annotations / "amal.jsonl").read_bytes().splitlines():
                    copy.write_row((line.decode(),))
            copy_seconds = time.perf_counter() - start
            sizes = conn.execute(
                "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'annotator' AND c.relkind = 'r' ORDER BY 2 DESC"
            ).fetchall()
        stored = sum(p.lines.stored for p in pushed)
        print(f"{args.documents:,} documents; journal of {stored:,} records pushed")
        print(f"  db init's corpus upload: {corpus_seconds:.1f} s")
        rate = stored / push_seconds
        print(f"  db push: {push_seconds:.1f} s = {rate:,.0f} records/s; "
              f"{push_seconds / copy_seconds:.1f}x a COPY of the same lines "
              f"({copy_seconds:.1f} s)")  # fmt: skip
        for name, size in sizes:
            if size > 64 * 1024:
                print(f"  table annotator.{name}: {size / 2**20:,.1f} MB")
    finally:
        cluster.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
