"""The sample article's paragraphs with their gold spans, the material the benchmarks vary."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord, Span

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "deir-ez-zor-gold.jsonl"


def paragraphs() -> list[tuple[str, list[Span]]]:
    """(paragraph text, gold spans with offsets into that paragraph) for each non-empty one."""
    gold = DocRecord.from_json(orjson.loads(FIXTURE.read_bytes().splitlines()[0]))
    out = []
    start = 0
    for line in gold.text.split("\n"):
        end = start + len(line)
        spans = [
            Span.of(line, s.start - start, s.end - start, s.label)
            for s in gold.spans
            if start <= s.start and s.end <= end
        ]
        if line:
            out.append((line, spans))
        start = end + 1
    return out
