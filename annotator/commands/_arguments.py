"""Arguments several sub-commands share, spelled and explained the same way everywhere.

The same words mean the same things in every command: ``--annotations DIR`` is the folder
where annotation journals live, ``--out`` is the file or folder the command produces.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.problems import UserError, show_path
from annotator.project.project import Project, find_project, open_project, project_for
from annotator.project.schema import PROJECT_FILE
from annotator.store.corpus_folders import copy_shared_journals, shared_journals
from annotator.store.journal import check_name, journal_path
from annotator.store.paths import bundled_corpus, default_annotations_dir, default_annotator
from annotator.suggest.builtin import RULES
from annotator.text.corpus import open_corpus

ANNOTATIONS_DEFAULT = (
    "in a project, its annotations/; else annotations/<corpus name>/ beside the corpus; for "
    "the bundled sample, annotator/annotations in the user's data folder ($XDG_DATA_HOME or "
    "~/.local/share)"
)


def person_name(option: str) -> Callable[[str], str]:
    """The argparse ``type`` of an option naming a person (``--annotator``, ``--reviewer``):
    a UserError saying what a name may hold, never a file named with a bidi control."""
    return lambda value: check_name(value, option)


def add_corpus(parser: argparse.ArgumentParser) -> None:
    """The optional CORPUS positional; None means the bundled corpora/."""
    parser.add_argument(
        "corpus",
        nargs="?",
        type=Path,
        default=None,
        help="a folder of .txt/.jsonl articles, or one such file (default: the bundled corpora/)",
    )


def add_project(parser: argparse.ArgumentParser) -> None:
    """``--project DIR``; without it, the project this folder is in (found upwards)."""
    parser.add_argument(
        "--project",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the team project folder (default: the nearest folder from here upwards holding "
        f"{PROJECT_FILE}; none: work without a project)",
    )


def project_of(args: argparse.Namespace) -> Project | None:
    """The project the command works in (``--project``, else found from the working folder),
    read once per command."""
    if "_project" not in vars(args):
        args._project = project_for(getattr(args, "project", None), Path.cwd())
    project: Project | None = args._project
    return project


def needed_project(args: argparse.Namespace, refusal: str) -> Project:
    """The project the command works in; outside one, the UserError ``refusal`` (which says
    how to get into one)."""
    project = project_of(args)
    if project is None:
        raise UserError(refusal)
    return project


def project_root(args: argparse.Namespace) -> Path:
    """The project folder, without reading its file (``doctor`` looks at a broken one)."""
    option: Path | None = getattr(args, "project", None)
    found = option if option is not None else find_project(Path.cwd())
    if found is None or not (found / PROJECT_FILE).is_file():
        open_project(found or Path.cwd())  # the UserError saying there is no project here
    assert found is not None
    return found


def add_annotations(parser: argparse.ArgumentParser, *, renamed_out: bool = False) -> None:
    """``--annotations DIR`` (and ``--project DIR``: every command that reads or writes
    journals works in the project); ``renamed_out`` keeps the command's old ``--out DIR``."""
    add_project(parser)
    parser.add_argument(
        "--annotations",
        type=Path,
        default=None,
        metavar="DIR",
        help=f"the folder where annotation journals live (default: {ANNOTATIONS_DEFAULT})",
    )
    if renamed_out:
        parser.add_argument(
            "--out", dest="annotations", type=Path, action=_Renamed, help=argparse.SUPPRESS
        )


def add_journals(parser: argparse.ArgumentParser, help: str) -> None:
    """The JOURNAL files a command reads; none given means ``every_journal`` of the folder."""
    parser.add_argument("journals", nargs="*", type=Path, metavar="JOURNAL", help=help)


def every_journal(folder: Path, to_do: str) -> list[Path]:
    """Every journal (.jsonl) in ``folder``; a UserError when there is none ``to_do``
    ("to count")."""
    paths = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not paths:
        raise UserError(f"{show_path(folder)}: no journals (.jsonl) {to_do}")
    return paths


def add_out(parser: argparse.ArgumentParser, help: str, metavar: str | None = None) -> None:
    """``--out``: the file or folder the command produces (None: its default place, which
    ``help`` names)."""
    parser.add_argument("--out", type=Path, default=None, metavar=metavar, help=help)


def add_labels(parser: argparse.ArgumentParser, help: str, metavar: str | None = None) -> None:
    """``--labels FILE``: the label set's TOML file (None: the project's or the defaults,
    see ``labels_path``)."""
    parser.add_argument("--labels", type=Path, default=None, metavar=metavar, help=help)


def add_json(parser: argparse.ArgumentParser, what: str) -> None:
    """``--json``: the command prints ``what`` ("the figures") as JSON instead of text."""
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON")


def annotations_dir(args: argparse.Namespace, notices: list[str] | None = None) -> Path:
    """The project's annotations folder; else the folder ``--annotations`` names, else the
    default for the command's corpus (the bundled sample for commands that take none).

    What a first use of a corpus's own folder copied from the folder earlier versions shared
    is added to ``notices``, or printed when none is given."""
    project = project_of(args)
    if project is not None:
        if args.annotations is not None:
            raise UserError(
                f"--annotations: this is the project {show_path(project.root)}, whose journals "
                f"are in {show_path(project.annotations)}; run outside the project (or give "
                "another --project) to use another folder"
            )
        return project.annotations
    if args.annotations is not None:
        return Path(args.annotations)
    corpus = getattr(args, "corpus", None) or bundled_corpus()
    if shared_journals(corpus):
        said = copy_shared_journals(corpus, set(open_corpus(corpus).ids))
        if notices is None:
            for notice in said:
                print(f"annotator: {notice}", file=sys.stderr)
        else:
            notices += said
    return default_annotations_dir(corpus)


def corpus_path(args: argparse.Namespace, notices: list[str] | None = None) -> Path:
    """The project's corpus (checked against the one recorded at init: another corpus is
    refused, documents added since join); else the CORPUS given, else the bundled sample.

    How the project's corpus changed is added to ``notices``, or printed when none is given."""
    given: Path | None = getattr(args, "corpus", None)
    project = project_of(args)
    if project is None:
        return given or bundled_corpus()
    if given is not None and given.resolve() != project.corpus.resolve():
        raise UserError(
            f"{show_path(given)}: this is the project {show_path(project.root)}, whose corpus "
            f"is {show_path(project.corpus)} ({PROJECT_FILE}); leave CORPUS out, or run "
            "outside the project"
        )
    said = project.check_corpus(open_corpus(project.corpus)).notices()
    if notices is None:
        for notice in said:
            print(f"annotator: {notice}", file=sys.stderr)
    else:
        notices += said
    return project.corpus


def labels_path(args: argparse.Namespace) -> Path | None:
    """The project's labels file; else ``--labels``; None for the default labels."""
    given: Path | None = getattr(args, "labels", None)
    project = project_of(args)
    if project is None or project.labels is None:
        if project is not None and given is not None:
            raise UserError(
                f"--labels: the project {show_path(project.root)} uses the default labels; "
                f'a lead sets labels = "FILE" in {PROJECT_FILE}'
            )
        return given
    if given is not None and given.resolve() != project.labels.resolve():
        raise UserError(
            f"--labels {show_path(given)}: the project's labels are {show_path(project.labels)} "
            f"({PROJECT_FILE}); leave --labels out"
        )
    return project.labels


def person(args: argparse.Namespace, given: str | None, option: str, *, lead: bool = False) -> str:
    """The name ``option`` gave, else the login name, if it may work here: in a project, a
    member of the team (a lead when ``lead``); anywhere, a name a file can carry."""
    name = given or default_annotator()
    said = option if given else f"your login name (no {option} given)"
    project = project_of(args)
    if project is None:
        return check_name(name, said)
    return project.lead(name, said) if lead else project.member(name, said)


def team_annotators(args: argparse.Namespace) -> str:
    """``--annotators`` as given; in a project without it, every annotator with a journal."""
    given: str | None = args.annotators
    if given is not None:
        return given
    project = project_of(args)
    if project is None:
        raise UserError("--annotators is needed outside a project: --annotators amal,omar")
    folder = project.annotations
    started = [n for n in project.annotators if journal_path(folder, n).is_file()]
    if not started:
        raise UserError(
            f"{show_path(folder)}: no annotator of the project has a journal yet "
            f"({', '.join(project.annotators)})"
        )
    return ",".join(started)


class _Renamed(argparse.Action):
    """An old spelling that still works this release, with one line saying what replaced it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[object] | None,
        option_string: str | None = None,
    ) -> None:
        print(
            f"annotator: {option_string} DIR is now --annotations DIR "
            f"(--out names what a command produces); {option_string} will go in a later release",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


def add_suggestion_rules(parser: argparse.ArgumentParser) -> None:
    """--patterns files and --no-builtin rule names, for the commands that suggest spans;
    ``",".join(args.no_builtin)`` is what ``rules_without`` takes."""
    parser.add_argument(
        "--patterns",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help='JSONL rules, one per line: {"label": "SITE", "pattern": "دير الزور"} '
        "(repeatable; see docs/suggest.md)",
    )
    parser.add_argument(
        "--no-builtin",
        action="append",
        default=[],
        metavar="NAME[,NAME]",
        help=f"turn off built-in suggestion rules: {', '.join(RULES)}, or all (repeatable)",
    )


def suggestion_rules(args: argparse.Namespace) -> tuple[list[Path], str]:
    """The ``--patterns`` files (else the project's) and the built-in rules turned off (the
    project's and ``--no-builtin``), as ``rules_without`` takes them."""
    patterns: list[Path] = list(args.patterns)
    off: list[str] = list(args.no_builtin)
    project = project_of(args)
    if project is not None:
        patterns = patterns or list(project.suggest.patterns)
        off += project.suggest.no_builtin
    return patterns, ",".join(off)
