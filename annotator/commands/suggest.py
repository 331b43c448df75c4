"""``annotator suggest``: run the suggestion rules over a corpus, headless, into a journal.

The journal it writes is an annotator's journal like any other (annotator ``suggest`` by
default), so ``annotator agreement`` and ``annotator review`` compare it with people's work.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from annotator.annotations.labels import load_labels
from annotator.annotations.model import DocRecord
from annotator.commands._arguments import (
    add_annotations,
    add_corpus,
    add_suggestion_rules,
    annotations_dir,
    person_name,
)
from annotator.problems import UserError, show_path
from annotator.session.editing import now_iso
from annotator.store.journal import Journal, journal_path
from annotator.store.paths import bundled_corpus
from annotator.suggest.engine import Suggester, rules_without
from annotator.suggest.gazetteer import gazetteer_from_journals
from annotator.suggest.patterns import load_patterns
from annotator.text.corpus import Corpus, open_corpus

HELP = "pre-mark spans with the built-in rules, patterns files and learned gazetteers"


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
    add_annotations(parser)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="FILE",
        help="the journal to write (default: <annotator>.jsonl in --annotations)",
    )
    parser.add_argument(
        "--labels",
        type=Path,
        default=None,
        metavar="FILE",
        help="labels TOML file the patterns' labels must come from (default: the four defaults)",
    )
    parser.add_argument(
        "--annotator",
        default="suggest",
        type=person_name("--annotator"),
        help="annotator name on the records (default: suggest)",
    )


def run(args: argparse.Namespace) -> int:
    out = args.out or journal_path(annotations_dir(args), args.annotator)
    if out.is_dir():
        raise UserError(
            f"--out {show_path(out)} is a folder; give a file, like "
            f"{show_path(out / 'suggest.jsonl')}"
        )
    labels = load_labels(args.labels)
    gazetteer, problems = gazetteer_from_journals(args.gazetteer)
    suggester = Suggester(
        load_patterns(args.patterns, labels),
        rules_without(",".join(args.no_builtin), labels),
        gazetteer,
    )
    for problem in problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    corpus = open_corpus(args.corpus or bundled_corpus())
    for problem in corpus.problems:
        print(f"annotator: warning: {problem}", file=sys.stderr)
    counts: Counter[str] = Counter()
    with Journal.open(out) as journal:
        others = sorted(
            {r.annotator or "an unnamed annotator" for r in journal.records.values()}
            - {args.annotator}
        )
        if others:
            raise UserError(
                f"{show_path(out)} holds annotations by {', '.join(others)}; "
                "write suggestions to a journal of their own"
            )
        documents = journal.append_many(_suggested(corpus, suggester, args.annotator, counts))
    by_label = ", ".join(f"{label} {n}" for label, n in sorted(counts.items())) or "none"
    print(
        f"suggested {sum(counts.values())} spans in {documents} "
        f"document{'' if documents == 1 else 's'} ({by_label}) "
        f"-> {show_path(out)}"
    )
    return 0


def _suggested(
    corpus: Corpus, suggester: Suggester, annotator: str, counts: Counter[str]
) -> Iterator[DocRecord]:
    """Each readable document of ``corpus`` with its suggestions, counted by label as they go
    (saved a thousand at a time: a suggestion run can simply be repeated)."""
    for doc_id in corpus.ids:
        try:
            text = corpus.text(doc_id)
        except UserError as exc:
            print(f"annotator: warning: {exc}; skipped", file=sys.stderr)
            continue
        spans = suggester.for_document(text)
        counts.update(span.label for span in spans)
        yield DocRecord(
            id=doc_id,
            text=text,
            spans=spans,
            status="accepted",
            annotator=annotator,
            updated_at=now_iso(),
            meta=corpus.meta(doc_id),
        )
