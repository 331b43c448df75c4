"""``annotator suggest``: run the suggestion rules over a corpus, headless, into a journal.

The journal it writes is an annotator's journal like any other (annotator ``suggest`` by
default), so ``annotator agreement`` and ``annotator review`` compare it with people's work.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.commands._arguments import (
    add_annotations,
    add_corpus,
    add_labels,
    add_out,
    add_suggestion_rules,
    annotations_dir,
    corpus_path,
    labels_path,
    person_name,
    suggestion_rules,
)
from annotator.problems import show_path
from annotator.session.editing import now_iso
from annotator.store.journal import journal_path
from annotator.suggest.batch import suggest_into
from annotator.suggest.engine import DEFAULT_THRESHOLDS, Suggester, rules_without
from annotator.suggest.gazetteer import gazetteer_from_journals
from annotator.suggest.model_store import load_model
from annotator.suggest.patterns import load_patterns
from annotator.text.corpus import open_corpus

HELP = "pre-mark spans with the built-in rules, patterns files, learned gazetteers and models"
_DEFAULTS = ", ".join(f"{kind}={p}" for kind, p in DEFAULT_THRESHOLDS.items())


def _threshold(value: str) -> tuple[str, float]:
    kind, _, number = value.partition("=")
    try:
        p = float(number)
    except ValueError:
        p = -1.0
    if kind not in ("rule", "gazetteer", "model") or not 0 <= p <= 1:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give SOURCE=P, SOURCE one of rule, gazetteer, model and P from 0 to 1"
        )
    return kind, p


def configure(parser: argparse.ArgumentParser) -> None:
    add_corpus(parser)
    add_suggestion_rules(parser)
    parser.add_argument(
        "--gazetteer",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="JOURNAL",
        help="learn every span accepted in these journals and suggest it where it recurs",
    )
    parser.add_argument(
        "--model",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="suggest with the current version of this trained model (annotator train writes "
        "annotations/models/crf; repeatable)",
    )
    parser.add_argument(
        "--threshold",
        action="append",
        default=[],
        type=_threshold,
        metavar="SOURCE=P",
        help="offer a source's suggestions only from this confidence up: gazetteer=0.5 "
        f"(its precision), model=0.5 (defaults: {_DEFAULTS}; repeatable)",
    )
    add_annotations(parser)
    add_out(parser, "the journal to write (default: <annotator>.jsonl in --annotations)", "FILE")
    add_labels(
        parser,
        "labels TOML file the patterns' labels must come from (default: the four defaults)",
        "FILE",
    )
    parser.add_argument(
        "--annotator",
        default="suggest",
        type=person_name("--annotator"),
        help="annotator name on the records (default: suggest)",
    )


def run(args: argparse.Namespace) -> int:
    corpus_at = corpus_path(args)
    out = args.out or journal_path(annotations_dir(args), args.annotator)
    labels = load_labels(labels_path(args))
    patterns, no_builtin = suggestion_rules(args)
    gazetteer, problems = gazetteer_from_journals(args.gazetteer)
    suggester = Suggester(
        load_patterns(patterns, labels),
        rules_without(no_builtin, labels),
        gazetteer,
        [load_model(folder) for folder in args.model],
        dict(args.threshold),
    )
    for problem in problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    corpus = open_corpus(corpus_at)
    for problem in corpus.problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    result = suggest_into(out, corpus, suggester, args.annotator, now_iso)
    for reason in result.skipped:
        print(f"annotator: warning: {reason}; skipped", file=sys.stderr)
    counts = result.by_label
    by_label = ", ".join(f"{label} {n}" for label, n in sorted(counts.items())) or "none"
    documents = result.documents
    print(
        f"suggested {sum(counts.values())} spans in {documents} "
        f"document{'' if documents == 1 else 's'} ({by_label}) "
        f"-> {show_path(out)}"
    )
    return 0
