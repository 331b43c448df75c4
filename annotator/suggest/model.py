"""The learned model: a linear-chain CRF (python-crfsuite) over the units and features of
model_features.py, trained on accepted documents, with the gazetteer as one of its features.

Why a CRF and not spaCy's NER: measured on the NewsFANE dev set with 10-fold cross-validation,
it is more accurate there and trains in seconds rather than minutes on two cores
(docs/suggest.md has the table, bench/learning.py the measurement).

A trained model is a folder of three files: ``crf.bin`` (crfsuite's own format),
``gazetteer.json`` (the gazetteer it was trained with, which it needs to compute its features)
and ``meta.json`` (format, labels, what it was trained on). model_store.py keeps versions of it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pycrfsuite

from annotator.annotations.model import DocRecord
from annotator.problems import UserError, show_path
from annotator.suggest.gazetteer import Gazetteer
from annotator.suggest.model_features import bio_tags, features, gazetteer_tags, tag_spans, units
from annotator.suggest.phrases import Words
from annotator.text.tokenize import Token

FORMAT = 1
SOURCE_PREFIX = "model:"
CRF_FILE = "crf.bin"
GAZETTEER_FILE = "gazetteer.json"
META_FILE = "meta.json"
# L1 and L2 weights and the iteration cap, chosen on the dev set (bench/learning.py): more
# iterations gain nothing measurable there and cost time.
PARAMS: dict[str, Any] = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 100,
    "feature.possible_transitions": True,
}

# (start, end, label, source, confidence)
Found = tuple[int, int, str, str, float]
# Called with what is being done and how much of it is done (0..1).
Progress = Callable[[str, float], None]


@dataclass(frozen=True, slots=True)
class Example:
    """One accepted document to learn from: its text and its spans."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def examples(records: Iterable[DocRecord], labels: Iterable[str] | None = None) -> list[Example]:
    """The accepted records as examples: a document is learned only once an annotator or a
    reviewer accepted it (then what is not marked in it is not a name); spans of labels
    outside ``labels`` (when given) are left out."""
    keep = set(labels) if labels is not None else None
    return [
        Example(
            record.text,
            tuple(
                (s.start, s.end, s.label)
                for s in record.spans
                if not s.stale and (keep is None or s.label in keep)
            ),
        )
        for record in records
        if record.status == "accepted"
    ]


def gazetteer_of(docs: Sequence[Example]) -> Gazetteer:
    """A gazetteer of ``docs``' spans, knowing how often each phrase occurs in them."""
    gazetteer = Gazetteer()
    for doc in docs:
        for start, end, label in doc.spans:
            gazetteer.learn(doc.text[start:end], label)
    for doc in docs:
        gazetteer.count(doc.text)
    return gazetteer


class _Trainer(pycrfsuite.Trainer):  # type: ignore[misc]
    """crfsuite's trainer, reporting each iteration."""

    def __init__(self, progress: Progress | None) -> None:
        super().__init__(verbose=False)
        self._progress = progress

    def on_iteration(self, log: str, info: dict[str, Any]) -> None:
        if self._progress is not None:
            done = info.get("num", 0) / PARAMS["max_iterations"]
            self._progress("learning", min(done, 1.0))


def train(
    docs: Sequence[Example], folder: Path, progress: Progress | None = None
) -> dict[str, Any]:
    """Train on ``docs`` into ``folder`` (created; it must not exist) and return its meta.

    The gazetteer feature of each training document comes from the gazetteer of the *other*
    documents (its own spans and occurrences left out): a new document meets a gazetteer that
    has never seen it, and a model trained on self-confirming gazetteer hits would trust it
    blindly (on the dev set that costs 0.03 F1)."""
    started = time.perf_counter()
    labels = sorted({label for doc in docs for *_, label in doc.spans})
    if not labels:
        raise UserError("nothing to learn from: no accepted document has a span")
    gazetteer = gazetteer_of(docs)
    trainer = _Trainer(progress)
    for n, doc in enumerate(docs):
        tokens = units(doc.text)
        own = [(doc.text[s:e], label) for s, e, label in doc.spans]
        tags = gazetteer_tags(tokens, gazetteer.matches(Words(doc.text), leave_out=own))
        trainer.append(features(tokens, tags), bio_tags(tokens, doc.spans))
        if progress is not None and n % 10 == 0:
            progress("reading", n / len(docs))
    trainer.set_params(PARAMS)
    folder.mkdir(parents=True)
    trainer.train(str(folder / CRF_FILE))
    meta = {
        "format": FORMAT,
        "labels": labels,
        "documents": len(docs),
        "spans": sum(len(doc.spans) for doc in docs),
        "seconds": round(time.perf_counter() - started, 2),
        "library": f"python-crfsuite {_library_version()}",
    }
    _write(folder / GAZETTEER_FILE, orjson.dumps(gazetteer.to_json()))
    _write(folder / META_FILE, orjson.dumps(meta, option=orjson.OPT_INDENT_2))
    return meta


def _library_version() -> str:
    from importlib.metadata import version

    return version("python-crfsuite")


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


class Model:
    """A trained model, loaded for predicting."""

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        self.source = SOURCE_PREFIX + name
        try:
            self.meta: dict[str, Any] = orjson.loads((folder / META_FILE).read_bytes())
            if self.meta.get("format") != FORMAT:
                raise UserError(
                    f"{show_path(folder)}: a model of format {self.meta.get('format')!r}, "
                    f"this version reads format {FORMAT}; train it again with annotator train"
                )
            self.gazetteer = Gazetteer.from_json(
                orjson.loads((folder / GAZETTEER_FILE).read_bytes())
            )
            self._tagger = pycrfsuite.Tagger()
            self._tagger.open(str(folder / CRF_FILE))
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise UserError(
                f"{show_path(folder)}: not a model annotator can read ({exc}); "
                "train it again with annotator train"
            ) from None
        self.labels: tuple[str, ...] = tuple(self.meta["labels"])

    def __reduce__(self) -> tuple[type[Model], tuple[Path, str]]:
        # crfsuite's tagger does not pickle: a child process (a long article's suggestions)
        # opens the model from its folder again.
        return Model, (self.folder, self.name)

    def _tagged(self, text: str) -> tuple[list[Token], list[str]]:
        """``text``'s units and the tags the model gives them (the tagger then holds their
        marginals)."""
        tokens = units(text)
        if not tokens:
            return [], []
        tags_in = gazetteer_tags(tokens, self.gazetteer.matches(Words(text)))
        return tokens, self._tagger.tag(features(tokens, tags_in))

    def predict(self, text: str) -> list[Found]:
        """The spans the model finds in ``text``, each with the model's confidence in it: the
        lowest marginal probability of its tags."""
        tokens, tags = self._tagged(text)
        tagger = self._tagger
        found = []
        for a, b, label in tag_spans(tags):
            confidence = min(tagger.marginal(tags[i], i) for i in range(a, b))
            found.append((tokens[a].start, tokens[b - 1].end, label, self.source, confidence))
        return found

    def uncertainty(self, text: str) -> float:
        """How unsure the model is about ``text``, 0 to 1: one less the probability of the
        tag it is least sure of (least confidence, as uncertainty sampling uses it); 0 for a
        text without a word."""
        _, tags = self._tagged(text)
        if not tags:
            return 0.0
        least: float = min(self._tagger.marginal(tag, i) for i, tag in enumerate(tags))
        return 1.0 - least
