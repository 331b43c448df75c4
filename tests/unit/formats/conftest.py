"""Shared fixtures for the export tests: the hand-annotated sample article and a round trip."""

import string
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span
from annotator.formats import FORMATS, ExportOptions, ExportReport, render, write_output
from annotator.problems import Problem

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "deir-ez-zor-gold.jsonl"
LABELS = ("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE")


@pytest.fixture(scope="session")
def gold() -> DocRecord:
    return DocRecord.from_json(orjson.loads(FIXTURE.read_bytes().splitlines()[0]))


def export_and_import(
    records: list[DocRecord], fmt: str, options: ExportOptions | None = None
) -> tuple[ExportReport, list[DocRecord], list[Problem], dict[str, bytes]]:
    """Export ``records`` to a temporary place, read them back; also the bytes written."""
    options = options or ExportOptions(labels=LABELS)
    module = FORMATS[fmt]
    report = ExportReport()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"out{module.SUFFIX}"
        written = write_output(render(records, fmt, options, report), out, module.KIND)
        # A folder export is named whole; its files are read through it.
        paths = [f for p in written for f in (sorted(p.iterdir()) if p.is_dir() else [p])]
        files = {p.name: p.read_bytes() for p in paths}
        problems: list[Problem] = []
        back = module.read(out, problems)
    return report, back, problems, files


@pytest.fixture(scope="session")
def roundtrip():
    return export_and_import


ALPHABET = (
    list("كشفت مصادر البوكمال إيران") + list("ًٌٍَُِّْـ") + list("٠١٢٣٤٥٦٧٨٩0123456789")
    + list("،؛؟.,:!«»\"'()[]-/ ") + ["\n", "\r\n", "\t", "😀", "👍🏽", "𝔸", "\u200c"]
    + list(string.ascii_letters[:6])
)  # fmt: skip


@st.composite
def documents(draw, max_docs=4):
    ids = draw(
        st.lists(
            st.one_of(
                st.text(min_size=1, max_size=12),
                st.sampled_from(["../../etc/passwd", "a/b", "CON", "con", ".", "x" * 300]),
            ),
            min_size=1,
            max_size=max_docs,
            unique=True,
        )
    )
    records = []
    for doc_id in ids:
        text = "".join(draw(st.lists(st.sampled_from(ALPHABET), max_size=60)))
        spans = []
        if text:
            for _ in range(draw(st.integers(0, 5))):
                start = draw(st.integers(0, len(text) - 1))
                end = draw(st.integers(start + 1, len(text)))
                spans.append(Span.of(text, start, end, draw(st.sampled_from(LABELS))))
        status = draw(st.sampled_from(["accepted", "in_progress", "rejected"]))
        records.append(DocRecord(doc_id, text, spans, status=status))
    return records


@pytest.fixture(scope="session")
def generated():
    """Documents with Arabic, harakat, both digit sets, line breaks, emoji and astral
    characters, hostile ids and random (possibly overlapping) spans."""
    return documents()
