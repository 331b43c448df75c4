"""How well suggestions learn ACTOR and SITE from accepted articles, on real news.

    .venv/bin/python bench/learning.py [--folds N] [--compare [--spacy-epochs N]] [DEV_FOLDER]

Scored exact-span (same start, end and label) on ``newsfane-dev/gold.jsonl`` (100 NewsFANE
articles, CC-BY-SA: read only here, never shipped). Every figure is on held-out articles.

Default: the learning curve. For k = 5, 20, 50 training articles (k consecutive articles, the
start rotated over the set, ``--folds`` times), the rest held out: precision/recall/F1 per label
for the gazetteer alone, the model alone, and both merged as the app merges them; training and
prediction times.

``--compare``: the candidates for the model, 10-fold cross-validation (train on 90, score on
10): the CRF with its features, a plain CRF (the word and its neighbours only), and spaCy's NER
(``spacy.blank("ar")`` + ``ner``, trained over the same units through ``Doc(words, spaces)``).
Training time, prediction time per article, model size on disk and installed size.

The machine's load is printed, and a baseline measured in the same run (a ``\\w+`` scan of
the held-out articles), so times can be compared across runs on a shared machine.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

from _newsfane import DEV, LABELS, Key, open_dev

from annotator.suggest.engine import Suggester
from annotator.suggest.model import Example, Model, gazetteer_of, train
from annotator.suggest.model_features import bio_tags, tag_spans, units
from annotator.text.normalize import fold_distinct

Predict = Callable[[str], list[Key]]


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {label: Counter() for label in LABELS}

    def add(self, predicted: Sequence[Key], gold: Sequence[Key]) -> None:
        for label in LABELS:
            p = {k for k in predicted if k[2] == label}
            g = {k for k in gold if k[2] == label}
            c = self.counts[label]
            c["tp"] += len(p & g)
            c["fp"] += len(p - g)
            c["fn"] += len(g - p)

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        c = self.counts[label] if label else sum(self.counts.values(), Counter())
        p = c["tp"] / max(c["tp"] + c["fp"], 1)
        r = c["tp"] / max(c["tp"] + c["fn"], 1)
        return p, r, 2 * p * r / max(p + r, 1e-9)


def predictor(suggester: Suggester) -> Predict:
    return lambda text: [s.key() for s in suggester.for_document(text)]


class Clock:
    """Wall and CPU seconds since it was made: on a machine shared by eight people the wall
    time says what a user waits, the CPU time what the work costs."""

    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def read(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def score(predict: Predict, held_out: Sequence[Example], tally: Tally) -> tuple[float, float]:
    """Wall and CPU seconds per article."""
    clock = Clock()
    results = [predict(doc.text) for doc in held_out]
    wall, cpu = clock.read()
    for found, doc in zip(results, held_out, strict=True):
        tally.add(found, doc.spans)
    return wall / len(held_out), cpu / len(held_out)


def baseline(held_out: Sequence[Example]) -> float:
    started = time.perf_counter()
    for doc in held_out:
        re.findall(r"\w+", doc.text)
    return (time.perf_counter() - started) / len(held_out)


def fmt(tally: Tally) -> str:
    cells = []
    for label in (*LABELS, None):
        p, r, f = tally.prf(label)
        cells.append(f"{p:.2f} / {r:.2f} / {f:.3f}")
    return " | ".join(cells)


# -- the learning curve ---------------------------------------------------------------------


def curve(docs: list[Example], folds: int) -> None:
    print(
        "| k | source | ACTOR P / R / F1 | SITE P / R / F1 | all P / R / F1 "
        "| training s, wall / CPU | ms per article, wall / CPU | × \\w+ scan |"
    )
    print("|---|---|---|---|---|---:|---:|---:|")
    for k in (5, 20, 50):
        tallies = {name: Tally() for name in ("gazetteer", "model", "both")}
        train_s = [0.0, 0.0]
        predict_s = {name: [0.0, 0.0] for name in tallies}
        base = 0.0
        for fold in range(folds):
            first = fold * len(docs) // folds
            order = docs[first:] + docs[:first]
            learned, held_out = order[:k], order[k:]
            with tempfile.TemporaryDirectory() as tmp:
                clock = Clock()
                train(learned, Path(tmp) / "m")
                train_s = [a + b for a, b in zip(train_s, clock.read(), strict=True)]
                model = Model(Path(tmp) / "m", "crf")
            setups = {
                "gazetteer": Suggester(builtin=[], gazetteer=gazetteer_of(learned)),
                "model": Suggester(builtin=[], models=[model]),
                "both": Suggester(builtin=[], gazetteer=gazetteer_of(learned), models=[model]),
            }
            base += baseline(held_out)
            for name, suggester in setups.items():
                seconds = score(predictor(suggester), held_out, tallies[name])
                predict_s[name] = [a + b for a, b in zip(predict_s[name], seconds, strict=True)]
        for name, tally in tallies.items():
            wall, cpu = (1000 * s / folds for s in predict_s[name])
            ratio = predict_s[name][0] / base
            trained = "—"
            if name != "gazetteer":
                trained = f"{train_s[0] / folds:.1f} / {train_s[1] / folds:.1f}"
            print(
                f"| {k} | {name} | {fmt(tally)} | {trained} | {wall:.1f} / {cpu:.1f} "
                f"| {ratio:.0f}× |"
            )
        sys.stdout.flush()


# -- the candidates -------------------------------------------------------------------------


def installed_mb(*distributions: str) -> float:
    """Megabytes the distributions' files take, and their dependencies' (each once)."""
    seen: set[str] = set()
    todo = list(distributions)
    total = 0
    while todo:
        name = re.split(r"[ ;<>=!\[~(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or []:
            path = Path(str(dist.locate_file(file)))
            total += path.stat().st_size if path.is_file() else 0
        todo += [r for r in dist.requires or [] if "extra ==" not in r]
    return total / 1e6


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def plain_crf(learned: Sequence[Example], folder: Path) -> Predict:
    """A CRF with the features a first attempt has: the word and its neighbours."""
    import pycrfsuite

    def feats(text: str) -> tuple[list[list[str]], list]:
        tokens = units(text)
        words = [fold_distinct(t.text) for t in tokens]
        out = []
        for i, w in enumerate(words):
            f = ["bias", "w=" + w]
            f += [f"{d}w={words[i + d]}" for d in (-1, 1) if 0 <= i + d < len(words)]
            out.append(f)
        return out, tokens

    trainer = pycrfsuite.Trainer(verbose=False)
    for doc in learned:
        x, tokens = feats(doc.text)
        trainer.append(x, bio_tags(tokens, doc.spans))
    trainer.set_params({"c1": 0.05, "c2": 0.01, "max_iterations": 100})
    folder.mkdir()
    trainer.train(str(folder / "crf.bin"))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / "crf.bin"))

    def predict(text: str) -> list[Key]:
        x, tokens = feats(text)
        tags = tagger.tag(x)
        return [(tokens[a].start, tokens[b - 1].end, label) for a, b, label in tag_spans(tags)]

    return predict


def spacy_ner(learned: Sequence[Example], folder: Path, epochs: int) -> Predict:
    """spaCy's NER over the same units (proclitics split), so clitic spans are learnable."""
    import spacy
    from spacy.tokens import Doc
    from spacy.training import Example as SpacyExample

    nlp = spacy.blank("ar")
    ner = nlp.add_pipe("ner")
    for label in LABELS:
        ner.add_label(label)

    def doc_of(text: str) -> tuple[Doc, list]:
        tokens = units(text)
        spaces = [
            i + 1 < len(tokens) and tokens[i + 1].start > t.end and text[t.end] == " "
            for i, t in enumerate(tokens)
        ]
        return Doc(nlp.vocab, words=[t.text for t in tokens], spaces=spaces), tokens

    examples = []
    for doc in learned:
        predicted, tokens = doc_of(doc.text)
        reference = Doc(
            nlp.vocab,
            words=[t.text for t in predicted],
            spaces=[bool(t.whitespace_) for t in predicted],
            ents=bio_tags(tokens, doc.spans),
        )
        examples.append(SpacyExample(predicted, reference))
    random.seed(0)
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(epochs):
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    nlp.to_disk(folder)

    def predict(text: str) -> list[Key]:
        doc, tokens = doc_of(text)
        doc = ner(doc)
        return [(tokens[e.start].start, tokens[e.end - 1].end, e.label_) for e in doc.ents]

    return predict


def compare(docs: list[Example], folds: int, epochs: int) -> None:
    def ours(learned: Sequence[Example], folder: Path) -> Predict:
        train(learned, folder)
        return predictor(Suggester(builtin=[], models=[Model(folder, "crf")]))

    candidates: dict[str, tuple[Callable[[Sequence[Example], Path], Predict], float]] = {
        "CRF, Arabic features + gazetteer feature": (ours, installed_mb("python-crfsuite")),
        "CRF, word and neighbours only": (plain_crf, installed_mb("python-crfsuite")),
        f"spaCy NER, blank('ar'), {epochs} epochs": (
            lambda learned, folder: spacy_ner(learned, folder, epochs),
            installed_mb("spacy"),
        ),
    }
    print(
        "| candidate | ACTOR P / R / F1 | SITE P / R / F1 | all P / R / F1 "
        "| training s, wall / CPU | ms per article, wall / CPU | × \\w+ scan | model MB "
        "| installed MB |"
    )
    print("|---|---|---|---|---:|---:|---:|---:|---:|")
    for name, (make, installed) in candidates.items():
        tally = Tally()
        train_s, predict_s = [0.0, 0.0], [0.0, 0.0]
        base = size = 0.0
        for fold in range(folds):
            held_out = [d for i, d in enumerate(docs) if i % folds == fold]
            learned = [d for i, d in enumerate(docs) if i % folds != fold]
            with tempfile.TemporaryDirectory() as tmp:
                clock = Clock()
                predict = make(learned, Path(tmp) / "m")
                train_s = [a + b for a, b in zip(train_s, clock.read(), strict=True)]
                size += folder_mb(Path(tmp) / "m")
                base += baseline(held_out)
                seconds = score(predict, held_out, tally)
                predict_s = [a + b for a, b in zip(predict_s, seconds, strict=True)]
        trained = " / ".join(f"{s / folds:.1f}" for s in train_s)
        predicted = " / ".join(f"{1000 * s / folds:.1f}" for s in predict_s)
        print(
            f"| {name} | {fmt(tally)} | {trained} | {predicted} "
            f"| {predict_s[0] / base:.0f}× | {size / folds:.1f} | {installed:.0f} |"
        )
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEV)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--folds", type=int, default=None)
    parser.add_argument("--spacy-epochs", type=int, default=10)
    args = parser.parse_args()
    docs = open_dev(args.dev)
    if docs is None:
        return
    if args.compare:
        compare(docs, args.folds or 10, args.spacy_epochs)
    else:
        curve(docs, args.folds or 5)


if __name__ == "__main__":
    main()
