"""``annotator annotate``: open the annotation app on a corpus.

The app comes from the UI, above this layer: ``annotator.cli`` passes its ``make_app`` in.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from annotator.commands._arguments import (
    add_annotations,
    add_corpus,
    add_labels,
    add_suggestion_rules,
    annotations_dir,
    corpus_path,
    labels_path,
    person,
    project_of,
    suggestion_rules,
)
from annotator.commands.db import add_store, configured_store
from annotator.layout.layout import LayoutOptions
from annotator.problems import Problem, show_path
from annotator.project.schema import SuggestSettings
from annotator.session.learning import Learner
from annotator.session.team import joined_routing, routing_for
from annotator.store.journal import journal_path
from annotator.team.postgres.local import open_locally
from annotator.team.postgres.sender import Sender


class AnnotateApp(Protocol):
    """What this command needs of the app it is given."""

    close_error: str

    @property
    def problems(self) -> list[Problem]: ...

    def run(self) -> object: ...

    @property
    def unsent(self) -> str: ...

    def sync_with(self, sender: Sender) -> None: ...


HELP = "annotate a corpus: select spans, label them, saved as JSONL as you go"


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    parser.add_argument(
        "--annotator",
        help="your name; the journal is <annotations>/<name>.jsonl (default: login); in a "
        "project, one of its team",
    )
    add_labels(parser, "labels TOML file (default: the four labels)")
    add_annotations(parser, renamed_out=True)
    add_store(parser)
    parser.add_argument(
        "--keymap",
        type=Path,
        help='TOML file remapping keys: [keys] "annotate.accept" = "ctrl+a" (ids are in ? help)',
    )
    add_suggestion_rules(parser)
    parser.add_argument(
        "--no-suggest", action="store_true", help="no suggestions at all (no rules, no gazetteer)"
    )
    parser.add_argument(
        "--direction",
        choices=("auto", "rtl", "ltr"),
        default="auto",
        help="paragraph direction (default: from each paragraph's first strong letter)",
    )
    parser.add_argument(
        "--show-invisibles",
        action="store_true",
        help="draw invisible characters (RLM, ZWJ, ...) as visible markers",
    )
    parser.add_argument(
        "--hide-bidi-controls",
        action="store_true",
        help="apply embeddings, overrides and isolates without their markers (shown by default)",
    )
    parser.add_argument(
        "--terminal-bidi",
        action="store_true",
        help="for terminals that reorder Arabic themselves (GNOME Terminal/VTE, Konsole, mlterm)",
    )


def run(args: argparse.Namespace, make_app: Callable[..., AnnotateApp]) -> int:
    notices: list[str] = []
    url = configured_store(args)
    project = project_of(args)
    # A machine with only the server's URL and a name: the project comes from the server.
    only_url = project is None and args.corpus is None and args.annotations is None
    if url is not None and only_url:
        name = person(args, args.annotator, "--annotator")
        corpus, annotations, notices = open_locally(url, name)
    else:
        corpus = corpus_path(args, notices)
        annotations = annotations_dir(args, notices)
        name = person(args, args.annotator, "--annotator")
    routing = None
    if project is not None:
        role = "a lead" if project.is_lead(name) else "an annotator"
        where = show_path(journal_path(annotations, name))
        notices.insert(0, f"project {project.root.name}: {name}, {role}; saved to {where}")
        routing = routing_for(project, name)
    elif url is not None and only_url:
        routing = joined_routing(url, annotations, name)
    patterns, no_builtin = suggestion_rules(args)
    settings = project.suggest if project is not None else SuggestSettings()
    options = LayoutOptions(
        direction=args.direction,
        show_invisibles=args.show_invisibles,
        show_bidi_controls=not args.hide_bidi_controls,
        mode="terminal" if args.terminal_bidi else "app",
    )
    app = make_app(
        corpus,
        annotator=name,
        labels=labels_path(args),
        out=annotations,
        options=options,
        keymap=args.keymap,
        suggest=not args.no_suggest and (project is None or project.suggest.enabled),
        patterns=patterns,
        no_builtin=no_builtin,
        notices=notices,
        # Said on the first screen when neither the command line nor a project chose it.
        announce=args.annotations is None and project is None and url is None,
        routing=routing,
        # The project's model (trained again as documents are accepted); outside a project
        # the one annotator train made in the annotations folder, if any.
        learner=Learner.for_project(project, name) if project else Learner(annotations, name),
        thresholds=settings.thresholds,
        faint_below=settings.dim_below,
    )
    if url is not None:
        app.sync_with(Sender(url, journal_path(annotations, name)))
    app.run()
    for problem in app.problems:
        print(f"annotator: skipped: {problem}", file=sys.stderr)
    if app.unsent:
        print(f"annotator: {app.unsent}", file=sys.stderr)
    if app.close_error:
        print(f"annotator: {app.close_error}", file=sys.stderr)
        return 2
    return 0
