"""Shared fixtures for the export tests: the hand-annotated sample article and a round trip."""

import tempfile
from pathlib import Path

import orjson
import pytest

from annotator.corpus import Problem
from annotator.export import FORMATS, ExportOptions, ExportReport, render, write_output
from annotator.model import DocRecord

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "deir-ez-zor-gold.jsonl"
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
        files = {p.name: p.read_bytes() for p in written}
        problems: list[Problem] = []
        back = module.read(out, problems)
    return report, back, problems, files


@pytest.fixture(scope="session")
def roundtrip():
    return export_and_import
