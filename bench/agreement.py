"""Agreement speed: the full `annotator agreement` report for 3 annotators x 10,000
documents, against just loading their three journals, measured in the same run.
Target: the full report (load + every figure + text) under 5 s.

The same report computed by the child process the app's agreement screen runs (it starts an
interpreter, loads the journals and sends the text back) shows what keeping the screen
responsive costs.

Documents are the sample article's paragraphs with the hand-annotated gold spans (the
fixture), each made distinct by a trailing number; each annotator keeps most gold spans,
drops some, moves an edge of some, relabels some and adds a few of their own (seeded), so
every kind of match and conflict occurs.

    .venv/bin/python bench/agreement.py [N]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import orjson
from _sample import paragraphs

from annotator.agreement.background import AgreementJob, compute_in_child
from annotator.agreement.documents import collect_documents
from annotator.agreement.render import render_text
from annotator.agreement.report import agreement_report
from annotator.annotations.labels import default_labels
from annotator.annotations.model import DocRecord, Span
from annotator.store.journal import journal_path, load_journal

ANNOTATORS = ("amal", "omar", "sami")
TARGET_SECONDS = 5.0


def annotate(rng: random.Random, text: str, spans: list[Span]) -> list[Span]:
    labels = default_labels().names
    out = []
    for s in spans:
        roll = rng.random()
        if roll < 0.08:
            continue
        start, end, label = s.start, s.end, s.label
        if roll < 0.16:
            end = min(len(text), end + rng.randint(1, 6))
        elif roll < 0.22:
            label = rng.choice([x for x in labels if x != label])
        out.append(Span.of(text, start, end, label))
    if rng.random() < 0.3:
        start = rng.randrange(len(text) - 1)
        out.append(Span.of(text, start, min(len(text), start + rng.randint(2, 12)), "ACTOR"))
    return out


def write_journals(folder: Path, n: int) -> None:
    base = paragraphs()
    rng = random.Random(7)
    lines: dict[str, list[bytes]] = {name: [] for name in ANNOTATORS}
    for i in range(n):
        text, spans = base[i % len(base)]
        text = f"{text} {i}"
        for name in ANNOTATORS:
            record = DocRecord(f"doc-{i:05d}", text, annotate(rng, text, spans), "accepted")
            record.annotator = name
            lines[name].append(orjson.dumps(record.to_json()) + b"\n")
    for name, chunk in lines.items():
        journal_path(folder, name).write_bytes(b"".join(chunk))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_journals(folder, n)

        t0 = time.perf_counter()
        journals = {name: load_journal(journal_path(folder, name)).records for name in ANNOTATORS}
        load = time.perf_counter() - t0

        t0 = time.perf_counter()
        journals = {
            name: load_journal(journal_path(folder, name), every_record=True).records
            for name in ANNOTATORS
        }
        docs, problems = collect_documents(ANNOTATORS, journals)
        report = agreement_report(docs, ANNOTATORS, problems=problems)
        text = render_text(report)
        full = time.perf_counter() - t0

        corpus = folder / "corpus"  # the documents come from the journals
        corpus.mkdir()
        (corpus / "unrelated.txt").write_text("نص", encoding="utf-8")
        t0 = time.perf_counter()
        compute_in_child(
            AgreementJob(corpus, folder, ANNOTATORS), step=lambda _: None, cancelled=lambda: False
        )
        child = time.perf_counter() - t0

    tokens = report.pairs[0].tokens
    print(f"agreement: {len(ANNOTATORS)} annotators x {n:,} documents, {tokens:,} tokens each")
    print(f"  baseline, loading the 3 journals:     {load:7.3f} s")
    print(f"  full report (load + figures + text):  {full:7.3f} s  ({full / load:.1f}x baseline)")
    print(f"  target under {TARGET_SECONDS:.0f} s: {'met' if full < TARGET_SECONDS else 'MISSED'}")
    print(f"  the same in the app's child process:  {child:7.3f} s  ({child / full:.2f}x full)")
    print(f"  alpha {report.alpha:.3f}; text report {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
