"""``annotator doctor``: what is wrong with the project's files and folders, and what to run."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands._arguments import add_project, project_root
from annotator.problems import show_path
from annotator.project.doctor import diagnose

HELP = "check a project: its file, corpus, journals, folders' and files' modes and owners"


def configure(parser: argparse.ArgumentParser) -> None:
    add_project(parser)


def run(args: argparse.Namespace) -> int:
    root: Path = project_root(args)
    findings = diagnose(root)
    for finding in findings:
        print(f"{finding.what}\n  -> {finding.fix}")
    if findings:
        print(f"{len(findings)} problem(s) in the project {show_path(root)}")
        return 1
    print(f"{show_path(root)}: the project is in order")
    return 0
