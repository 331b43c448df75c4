"""Keys per gold span: a simulated annotator marks the dev articles by hand, and again with
suggestions from the gazetteer and a model retrained as the work goes on, with and without
the label-all-occurrences key.

    .venv/bin/python bench/effort.py [--retrain N] [--threshold P] [--gazetteer-threshold P]
                                     [--grid] [DEV_FOLDER]

The annotator knows the gold exactly (``newsfane-dev/gold.jsonl``, ACTOR and SITE) and works
through the 100 articles in order, each article learned only after it is done, so every
suggestion is made on an article the sources have not seen (the model is never trained on
the article it is scored on). The work is done on the app's own editing session
(annotator.session.editing) and the keys are counted with the app's word functions
(annotator.text.words), as the app's keys work:

- **by hand**, per span: the moves from the cursor to the span's first word (Ctrl+arrow by
  word, or ↓ by line of 100 columns and then by word, whichever is fewer), Shift+Ctrl+arrow
  per further word of the word-snapped selection, one label key, and one edge key (``[``
  ``]``) per character the selection must give back at either edge (a proclitic such as و
  or بال before a name);
- **with suggestions**: going through the document in reading order, ``y`` accepts a right
  suggestion and ``d`` rejects a wrong one (a suggestion with a wrong edge or label is
  rejected and the span marked by hand); both act on the next suggestion from the cursor, so
  they need no moves; missed spans are marked by hand. A wrong suggestion over a gold span is
  taken and mended instead when that is fewer keys: ``y``, Shift+Tab to focus the span it
  became, an edge key per character each edge moves, the label key if its label is wrong;
  when every suggestion left in the article is right, ``Y`` takes them all (one key);
- **label all occurrences** (``o``, then Enter: 2 keys): after a span is made (by hand or by
  ``y``), when the session finds other occurrences of its words and every one of them is a
  gold span, and taking them one by one would cost more keys (``y`` for each suggested, by
  hand the others), the annotator labels them all at once; when any of them is not gold, the
  key is not used (the annotator sees the text; the simulation spends no key on a preview it
  would leave). What it labels is no longer suggested or marked by hand.

The gazetteer learns each article when it is done; the model is retrained on every finished
article after each ``--retrain`` articles (the app trains in the background). Keys per gold
span are printed for the first and the last 50 articles, with the suggestions' recall and
precision there (what was offered when the article opened), and the machine's load.
``--grid`` prints keys per span over the last 50 for several thresholds from the same run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from _newsfane import DEV, LABELS, Key, open_dev

from annotator.annotations.model import Span
from annotator.session.editing import DocumentSession, EditRefused
from annotator.suggest.engine import Suggester, resolve
from annotator.suggest.gazetteer import Gazetteer
from annotator.suggest.model import Model, train
from annotator.text.words import next_word_start, snap, step_edge

COLUMNS = 100
# ``o``, then Enter.
OCCURRENCE_KEYS = 2
# ``y`` on a suggestion, then Shift+Tab to focus the span it became.
FOCUS_KEYS = 2
GRID = (0.2, 0.3, 0.4, 0.5, 0.7)


def words_between(text: str, start: int, end: int) -> int:
    """Ctrl+arrow presses from ``start`` forward to ``end`` (or back: the same count)."""
    if start > end:
        start, end = end, start
    count = 0
    at = start
    while at < end:
        at = next_word_start(text, at)
        count += 1
    return count


def moves(text: str, cursor: int, target: int) -> int:
    """Keys from ``cursor`` to ``target``: by word, or by line then by word."""
    by_word = words_between(text, cursor, target)
    lines = abs(target // COLUMNS - cursor // COLUMNS)
    if lines == 0:
        return by_word
    landed = min(target // COLUMNS * COLUMNS + cursor % COLUMNS, len(text))
    return min(by_word, lines + words_between(text, landed, target))


def by_hand(text: str, cursor: int, span: Key) -> int:
    """Keys to mark ``span`` from ``cursor``: move, select by word, label, fix the edges."""
    start, end, _ = span
    lo, hi = snap(text, start, end)
    return (
        moves(text, cursor, lo)
        + words_between(text, lo, max(hi - 1, lo))
        + 1
        + (start - lo)
        + (hi - end)
    )


@dataclass
class Work:
    """One article done: keys pressed, and how many spans the occurrences key labelled."""

    keys: int = 0
    by_occurrence: int = 0


@dataclass(frozen=True)
class Policy:
    """Which of the keys beyond ``y``/``d`` and marking by hand the annotator uses."""

    occurrences: bool = False  # o + Enter
    mend: bool = False  # y, Shift+Tab, edge keys, label key on a wrong suggestion
    accept_all: bool = False  # Y when every suggestion left is right


PLAIN = Policy()
WITH_O = Policy(occurrences=True, mend=True)
EVERY_KEY = Policy(occurrences=True, mend=True, accept_all=True)


def annotate(text: str, gold: Sequence[Key], offered: list[Span], policy: Policy) -> Work:
    """The keys to bring ``text`` to exactly ``gold`` with ``offered`` as the suggestions
    (none: by hand), on the app's editing session, in reading order."""
    session = DocumentSession("simulated", text, LABELS)
    truth = set(gold)
    rejected: set[Key] = set()
    work = Work()
    cursor = 0
    while True:
        done = {s.key() for s in session.spans}
        offers = resolve(offered, len(text), session.spans, rejected)
        missing = next((g for g in sorted(gold) if g not in done), None)
        offer = offers[0] if offers else None
        if offer is None and missing is None:
            return work
        if policy.accept_all and len(offers) > 1 and all(o.key() in truth for o in offers):
            work.keys += 1  # Y: every suggestion left is right
            session.accept_suggestions(offers)
            continue
        # In reading order; a suggestion over the next missing span is met with it.
        if offer is not None and (missing is None or offer.start < missing[1]):
            fixed = (
                fix(session, offer, missing_spans(session, gold), cursor) if policy.mend else None
            )
            if fixed is not None:
                made, keys = fixed
                work.keys += keys
            elif offer.key() not in truth:
                work.keys += 1  # d
                rejected.add(offer.key())
                cursor = offer.end
                continue
            else:
                work.keys += 1  # y
                (made,) = session.accept_suggestions([offer])
        else:
            assert missing is not None
            work.keys += by_hand(text, cursor, missing)
            made = session.add(*missing)
        cursor = made.end
        if policy.occurrences:
            offered_now = {s.key() for s in resolve(offered, len(text), session.spans, rejected)}
            work.by_occurrence += label_occurrences(session, made, truth, offered_now, work)


def missing_spans(session: DocumentSession, gold: Sequence[Key]) -> list[Key]:
    done = {s.key() for s in session.spans}
    return [g for g in gold if g not in done]


def edge_keys(text: str, at: int, to: int) -> int:
    """Edge keys (``[`` ``]`` ``{`` ``}``) that move an edge from ``at`` to ``to``."""
    keys = 0
    while at != to:
        at = step_edge(text, at, 1 if to > at else -1)
        keys += 1
    return keys


def fix(
    session: DocumentSession, offer: Span, missing: list[Key], cursor: int
) -> tuple[Span, int] | None:
    """A wrong suggestion over a gold span taken and mended, when that takes fewer keys than
    rejecting it and marking the span by hand: ``y``, Shift+Tab (the span just accepted, the
    last one before the cursor, which went on to the next suggestion), the edge keys, and the
    label key if the label is wrong. The span made and the keys; None when not worth it."""
    if offer.key() in missing:
        return None
    target = next((g for g in missing if g[0] < offer.end and offer.start < g[1]), None)
    if target is None:
        return None
    text = session.text
    start, end, label = target
    keys = (
        FOCUS_KEYS
        + edge_keys(text, offer.start, start)
        + edge_keys(text, offer.end, end)
        + (label != offer.label)
    )
    if keys >= 1 + by_hand(text, cursor, target):
        return None
    (taken,) = session.accept_suggestions([offer])
    return session.replace(taken, start, end, label), keys


def label_occurrences(
    session: DocumentSession, made: Span, truth: set[Key], offered: set[Key], work: Work
) -> int:
    """``o`` and Enter on ``made`` when every other occurrence it finds is gold and that
    takes fewer keys than taking them one by one (``y`` on those suggested right, by hand
    the others); how many spans it labelled."""
    try:
        found = session.occurrences(made)
    except EditRefused:  # no words in it
        return 0
    if not found or any(o.key() not in truth for o in found):
        return 0
    one_by_one = sum(
        1 if o.key() in offered else by_hand(session.text, made.end, o.key()) for o in found
    )
    if one_by_one <= OCCURRENCE_KEYS:
        return 0
    work.keys += OCCURRENCE_KEYS
    session.label_all(found)
    return len(found)


@dataclass
class Row:
    """One article: gold spans, keys by hand (without / with the occurrences key), what was
    offered when it opened and how much of it was right, and keys with suggestions per
    (model threshold, gazetteer threshold), with ``y``/``d`` alone, with ``o`` and mending,
    and with ``Y`` too (at other thresholds, for the grid, only the last)."""

    gold: int
    hand: tuple[int, int]
    offered: int
    right: int
    helped: dict[tuple[float, float], tuple[Work, ...]]


def thresholded(candidates: list[Span], model: float, gazetteer: float) -> list[Span]:
    """The candidates each source offers at these thresholds (as the Suggester filters)."""
    floor = {"model": model, "gazetteer": gazetteer}
    return [
        c
        for c in candidates
        if c.confidence is None or c.confidence >= floor.get(c.source.partition(":")[0], 0.0)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEV)
    parser.add_argument("--retrain", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.3)
    parser.add_argument("--gazetteer-threshold", type=float, default=0.2)
    parser.add_argument("--grid", action="store_true")
    args = parser.parse_args()
    docs = open_dev(args.dev)
    if docs is None:
        return
    chosen = (args.threshold, args.gazetteer_threshold)
    settings = {chosen}
    if args.grid:
        settings |= {(m, g) for m in GRID for g in GRID}
    gazetteer = Gazetteer()
    model: Model | None = None
    rows: list[Row] = []
    train_seconds: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, doc in enumerate(docs):
            if n and n % args.retrain == 0:
                started = time.process_time()
                train(docs[:n], Path(tmp) / f"v{n}")
                train_seconds.append(time.process_time() - started)
                model = Model(Path(tmp) / f"v{n}", "crf")
            # Every candidate once, with its confidence; each threshold filters them.
            suggester = Suggester(
                builtin=[],
                gazetteer=gazetteer,
                models=[model] if model else [],
                thresholds={"model": 0.0, "gazetteer": 0.0},
            )
            candidates = suggester.candidates(doc.text)
            gold = sorted(doc.spans)
            truth = set(gold)
            shown = resolve(thresholded(candidates, *chosen), len(doc.text), (), ())
            rows.append(
                Row(
                    len(gold),
                    (
                        annotate(doc.text, gold, [], PLAIN).keys,
                        annotate(doc.text, gold, [], WITH_O).keys,
                    ),
                    len(shown),
                    sum(s.key() in truth for s in shown),
                    {
                        (m, g): tuple(
                            annotate(doc.text, gold, thresholded(candidates, m, g), policy)
                            # The grid needs only every key; the chosen thresholds, each way.
                            for policy in (
                                (PLAIN, WITH_O, EVERY_KEY) if (m, g) == chosen else (EVERY_KEY,)
                            )
                        )
                        for m, g in settings
                    },
                )
            )
            for start, end, label in doc.spans:
                gazetteer.learn(doc.text[start:end], label)
            gazetteer.count(doc.text)
    report(rows, chosen, train_seconds, args.retrain)
    if args.grid:
        grid(rows[len(rows) // 2 :])


def report(rows: list[Row], chosen: tuple[float, float], trained: list[float], every: int) -> None:
    print(
        f"\nmodel threshold {chosen[0]}, gazetteer threshold {chosen[1]}\n\n"
        "| articles | gold spans | keys per span by hand | by hand + `o` | with suggestions "
        "(`y`/`d`) | + `o`, mending | + `Y` | fewer than by hand | spans labelled by `o` "
        "| suggestion recall | suggestion precision |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    half = len(rows) // 2
    for name, part in (("first 50", rows[:half]), ("last 50", rows[half:])):
        gold = sum(r.gold for r in part)
        hand = sum(r.hand[0] for r in part)
        hand_o = sum(r.hand[1] for r in part)
        helped = sum(r.helped[chosen][0].keys for r in part)
        helped_o = sum(r.helped[chosen][1].keys for r in part)
        helped_all = sum(r.helped[chosen][2].keys for r in part)
        by_o = sum(r.helped[chosen][2].by_occurrence for r in part)
        right = sum(r.right for r in part)
        offered = sum(r.offered for r in part)
        print(
            f"| {name} | {gold} | {hand / gold:.2f} | {hand_o / gold:.2f} | {helped / gold:.2f} "
            f"| {helped_o / gold:.2f} | {helped_all / gold:.2f} | {1 - helped_all / hand:.0%} "
            f"| {by_o / gold:.2f} "
            f"| {right / gold:.2f} | {right / max(offered, 1):.2f} |"
        )
    print(
        f"\nmodel retrained {len(trained)} times, every {every} articles: "
        f"{sum(trained) / max(len(trained), 1):.1f} s CPU on average, "
        f"{max(trained, default=0):.1f} s at most"
    )


def grid(rows: list[Row]) -> None:
    """Keys per span over ``rows`` (every key) for each pair of thresholds."""
    gold = sum(r.gold for r in rows)
    print("\nkeys per span, last 50, every key: model threshold ↓, gazetteer →\n")
    print("| model \\ gazetteer | " + " | ".join(str(g) for g in GRID) + " |")
    print("|---|" + "---:|" * len(GRID))
    for m in GRID:
        cells = [sum(r.helped[m, g][-1].keys for r in rows) / gold for g in GRID]
        print(f"| {m} | " + " | ".join(f"{c:.2f}" for c in cells) + " |")


if __name__ == "__main__":
    main()
