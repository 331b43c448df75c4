"""Builds ``annotator._tokens`` (annotator/_tokens.c), the compiled tokens of the canonical
export: into the wheel, or beside its source for an editable install (which imports it there).

It is optional: without a C compiler the build warns and annotator exports with its
pure-Python tokens (annotator/export/tokens.py), the same output, more slowly.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import chdir
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULE = "annotator._tokens"
SOURCE = "annotator/_tokens.c"


def compile_module(root: Path, work: Path) -> Path:
    """The extension built from ``SOURCE`` under ``root``, in ``work``."""
    # setuptools knows each platform's compiler and flags; only its build_ext is used.
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    dist = Distribution({"name": "annotator", "ext_modules": [Extension(MODULE, [SOURCE])]})
    command = build_ext(dist)
    command.build_lib = str(work / "lib")
    command.build_temp = str(work / "temp")
    command.ensure_finalized()
    with chdir(root):  # setuptools finds the source relative to the working directory
        command.run()
    return work / "lib" / command.get_ext_filename(MODULE)


def place_beside_source(built: Path, root: Path) -> None:
    """Put the module in the source tree by renaming over the old one, never rewriting it:
    a running program that loaded the old file keeps its pages intact."""
    target = root / "annotator" / built.name
    staging = target.with_name(f".{built.name}.new")
    shutil.copyfile(built, staging)
    os.replace(staging, target)


class CompiledTokens(BuildHookInterface):
    work: str | None = None

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        self.work = tempfile.mkdtemp(prefix="annotator-build-")
        try:
            built = compile_module(root, Path(self.work))
        except Exception as exc:  # any compiler failure: the package works without it
            self.app.display_warning(
                f"annotator: could not compile {SOURCE} ({exc}); exports will use the "
                "slower pure-Python tokens"
            )
            if version == "editable":
                # An older build beside the source would be imported, out of step with it.
                for stale in (root / "annotator").glob("_tokens.*"):
                    if stale.suffix != ".c":
                        stale.unlink()
            return
        if version == "editable":
            place_beside_source(built, root)
            return
        build_data["force_include"][str(built)] = f"annotator/{built.name}"
        build_data["pure_python"] = False
        build_data["infer_tag"] = True

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
