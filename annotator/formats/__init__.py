"""Exports to the tools people train with, imports from the tools they come from.

Each format is a module with ``KIND`` (``"file"``: one file; ``"dir"``: a folder of files),
``SUFFIX`` (of the default output name), ``ALIGNS`` (whether spans are aligned to tokens),
``render(records, options, report)`` yielding ``(relative name, bytes)`` chunks (for a one-file
format the name is ``""`` for the file itself, else a suffix naming a sidecar file beside it;
chunks for one name are appended in order), ``CARRIES`` (which of relations, attributes and
document labels it writes; the rest are counted in ``ExportReport.not_carried``), and
``read(path, problems, known=None)`` returning records whose ``status`` is ``""`` when the file
says none, without spans whose label is not in ``known`` (each reported; None: any label).
Rendering is pure: the command decides where the bytes go (``write_output``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from annotator.annotations.model import DocRecord
from annotator.formats import brat, conll, doccano, hf, jsonl, spacy_docbin
from annotator.formats.common import ExportOptions, counted
from annotator.formats.folder import write_folder
from annotator.formats.report import ExportReport
from annotator.problems import UserError, show_path

FORMATS = {
    "jsonl": jsonl,
    "doccano": doccano,
    "conll": conll,
    "hf": hf,
    "brat": brat,
    "spacy": spacy_docbin,
}

__all__ = ["FORMATS", "ExportOptions", "ExportReport", "render", "write_output"]


def render(
    records: Iterable[DocRecord], fmt: str, options: ExportOptions, report: ExportReport
) -> Iterator[tuple[str, bytes]]:
    """The format's chunks for ``records``; under ``--align fail`` a first pass makes sure no
    span is misaligned, so nothing is written when one is."""
    module = FORMATS[fmt]
    records = list(records)
    for record in records:
        for what, held in (
            ("relations", len(record.relations)),
            ("attributes", sum(len(v) for v in record.attributes.values())),
            ("doc_labels", len(record.doc_labels)),
        ):
            if held and what not in module.CARRIES:
                report.not_carried[what] += held
    if module.ALIGNS and options.align == "fail":
        check = ExportReport()
        for _ in module.render(records, options, check):
            pass
        misaligned = check.misaligned()
        if misaligned:
            listing = "\n".join(f"  {issue}" for issue in misaligned)
            raise UserError(
                f"{len(misaligned)} span(s) do not fall on token boundaries; nothing written. "
                "Fix them, or leave out --align to split the tokens at their edges (or pass "
                f"--align expand or contract):\n{listing}"
            )
    chunks: Iterator[tuple[str, bytes]] = module.render(counted(records, report), options, report)
    return chunks


def write_output(chunks: Iterator[tuple[str, bytes]], out: Path, kind: str) -> list[Path]:
    """Write the chunks to ``out`` (a file and its sidecars, or a folder for ``dir`` formats);
    the paths written.

    A one-file output is written beside its target and renamed over it at the end, so an
    interrupted export never leaves a half file under the real name; a folder is made current
    whole (``annotator.formats.folder``).
    """
    if kind == "file" and out.is_dir():
        raise UserError(f"{show_path(out)} is a folder; give --out a file name")
    if kind == "dir" and out.exists() and not out.is_dir():
        raise UserError(f"{show_path(out)} is a file; this format writes a folder, give --out one")
    if kind == "dir":
        return write_folder(chunks, out)
    files: dict[str, BinaryIO] = {}
    written: list[Path] = []
    done = False
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for name, data in chunks:
            handle = files.get(name)
            if handle is None:
                target = out.with_name(out.name + name)
                handle = files[name] = open(_partial(target), "wb")  # noqa: SIM115 (closed below)
                written.append(target)
            handle.write(data)
        if "" not in files:
            written.append(out)
            files[""] = open(_partial(out), "wb")  # noqa: SIM115
        for handle in files.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        for target in written:
            os.replace(_partial(target), target)
        done = True
    except OSError as exc:
        where = Path(exc.filename or out)
        if where.name.endswith(".partial"):  # the file being written, not a name the user gave
            where = where.with_name(where.name.removesuffix(".partial"))
        raise UserError(f"{show_path(where)}: cannot write: {exc.strerror}") from None
    finally:
        for handle in files.values():
            handle.close()
        if not done:
            # Whatever stopped the export (a refused label, a full disk), leave no half files.
            for target in written:
                _partial(target).unlink(missing_ok=True)
    return written


def _partial(target: Path) -> Path:
    return target.with_name(target.name + ".partial")
