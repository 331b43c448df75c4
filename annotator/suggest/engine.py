"""Suggestions for one document: built-in rules, patterns, the gazetteer and learned models,
resolved.

A ``Suggester`` is built once (per session or per command run) and asked per document; the
document is normalised once and every source reads that copy. Candidates are then resolved
into a set that keeps the label set's nesting rule:

- nothing overlapping an accepted span, nothing the annotator rejected (same start, end and
  label);
- among overlapping candidates the longest wins, then rules before patterns before the
  gazetteer before a model, then the earlier one: a quote swallows the names inside it,
  "14 من قوات النظام" wins over the ACTOR "قوات النظام", and where the gazetteer and a model
  offer the same span it is offered once, as the gazetteer's;
- except that a built-in rule's candidate may stand wholly inside a longer span, accepted or
  suggested, where the nesting rule lets its label sit (a casualty count inside a quote: the
  guidelines mark both);
- a source whose confidence in a candidate is below its threshold (``thresholds``, by the
  source's kind: ``rule``, ``gazetteer``, ``model``) does not offer it.

Each suggestion is a ``Span`` whose ``source`` says where it came from: ``rule:<name>:<part>``,
``pattern:<file>:<line>``, ``gazetteer`` or ``model:<name>``, and, where the source knows it,
a ``confidence``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.annotations.labels import LabelSet, default_labels
from annotator.annotations.model import Span
from annotator.problems import UserError, printable
from annotator.suggest.builtin import RULES
from annotator.suggest.builtin import confidence as rule_confidence
from annotator.suggest.gazetteer import MIN_PRECISION, Gazetteer
from annotator.suggest.model import Model
from annotator.suggest.patterns import Patterns, no_patterns
from annotator.suggest.phrases import Words
from annotator.text.normalize import normalize
from annotator.text.words import without_marks

# "occurrence": every other occurrence of a span the annotator made (session.editing).
_PRIORITY = {"rule": 0, "pattern": 1, "gazetteer": 2, "model": 3, "occurrence": 4}
# Below these a source's candidate is not offered. A model's confidence is the lowest
# marginal probability of its tags; on the dev set, offers under 0.5 are wrong more often
# than right (bench/effort.py).
DEFAULT_THRESHOLDS = {"gazetteer": MIN_PRECISION, "model": 0.5}

Key = tuple[int, int, str]
Candidate = tuple[int, int, str, str, float | None]


def check_rule_names(names: Iterable[str]) -> list[str]:
    """``names`` as a list, or UserError naming the ones that are not built-in rules."""
    names = list(names)
    unknown = [name for name in names if name not in RULES]
    if unknown:
        raise UserError(f"no built-in rule {', '.join(unknown)}; the rules are {', '.join(RULES)}")
    return names


def rules_without(turned_off: str, labels: LabelSet | None = None) -> list[str]:
    """The built-in rules left on when ``turned_off`` (``"quote,casualty_count"`` or
    ``"all"``) are off; UserError if one left on makes a label ``labels`` does not have."""
    off = [name.strip() for name in turned_off.split(",") if name.strip()]
    if off == ["all"]:
        return []
    check_rule_names(off)
    on = [name for name in RULES if name not in off]
    labels = labels or default_labels()
    for name in on:
        if RULES[name].label not in labels:
            raise UserError(
                f"the built-in rule {name} suggests {RULES[name].label}, which is not one of "
                f"the labels ({', '.join(labels.names)}); add --no-builtin {name}"
            )
    return on


class Suggester:
    def __init__(
        self,
        patterns: Patterns | None = None,
        builtin: Iterable[str] = tuple(RULES),
        gazetteer: Gazetteer | None = None,
        models: Iterable[Model] = (),
        thresholds: Mapping[str, float] | None = None,
        faint_below: float = 0.0,
    ) -> None:
        self.patterns = patterns or no_patterns()
        self.rules = check_rule_names(builtin)
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.models = list(models)
        self.thresholds = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
        self.faint_below = faint_below

    def faint(self, suggestion: Span) -> bool:
        """Whether ``suggestion``'s source is less sure of it than ``faint_below`` (shown
        dim); a source that gives no confidence is never faint."""
        return suggestion.confidence is not None and suggestion.confidence < self.faint_below

    def use(self, model: Model) -> None:
        """Suggest with ``model`` from now on, in place of an older version of it."""
        self.models = [m for m in self.models if m.source != model.source] + [model]

    def learn(self, spans: Iterable[Span]) -> None:
        """Accepted spans join the gazetteer: the next document gets them as suggestions."""
        for span in spans:
            self.gazetteer.learn(span.text, span.label)

    def unlearn(self, phrases: Iterable[tuple[str, str]]) -> None:
        """(text, label) pairs learned before and taken back: no longer suggested."""
        for text, label in phrases:
            self.gazetteer.unlearn(text, label)

    def candidates(self, text: str) -> list[Span]:
        """Every suggestion any source makes on ``text`` at or above its source's threshold,
        before resolution."""
        norm = normalize(text)
        found: list[Candidate] = []
        for name in self.rules:
            rule = RULES[name]
            for start, end, part in rule.find(norm.text):
                found.append((*norm.span(start, end), rule.label, f"rule:{part}", None))
        if len(self.patterns.phrases) or len(self.gazetteer):
            words = Words(text)
            found += [(*f, None) for f in self.patterns.phrases.find(words)]
            found += self.gazetteer.find(words, self.thresholds["gazetteer"])
        for regex in self.patterns.regexes:
            found += [(*f, None) for f in regex.find(text)]
        for model in self.models:
            found += model.predict(text)
        out = []
        for start, end, label, source, confidence in found:
            kind = source.partition(":")[0]
            if confidence is None and kind == "rule":
                confidence = rule_confidence(source.partition(":")[2])
            if confidence is not None and confidence < self.thresholds.get(kind, 0.0):
                continue
            start, end = without_marks(text, start, end)
            if start < end:
                out.append(Span.of(text, start, end, label, source=source, confidence=confidence))
        return out

    def for_document(
        self,
        text: str,
        accepted: Iterable[Span] = (),
        rejected: Iterable[Key] = (),
    ) -> list[Span]:
        """The suggestions to show on ``text``, in text order."""
        return resolve(self.candidates(text), len(text), accepted, rejected)


def provenance(suggestion: Span) -> str:
    """Where ``suggestion`` comes from and how sure its source is, short enough for the status
    line: ``model:crf 62%``, ``gazetteer 70%``, ``rule 95%`` (a rule's or pattern's own name
    would push the suggestion's text off the line)."""
    kind = suggestion.source.partition(":")[0]
    source = suggestion.source if kind == "model" else kind
    sure = "" if suggestion.confidence is None else f" {suggestion.confidence:.0%}"
    return printable(source) + sure


def resolve(
    candidates: list[Span],
    length: int,
    accepted: Iterable[Span],
    rejected: Iterable[Key],
    labels: LabelSet | None = None,
) -> list[Span]:
    rejected = set(rejected)
    accepted = list(accepted)
    labels = labels or default_labels()
    taken = bytearray(length)
    for span in accepted:
        # A broken span (negative, or past the end) is clamped so the mask keeps its positions.
        start = min(max(span.start, 0), length)
        end = min(max(span.end, start), length)
        taken[start:end] = b"\x01" * (end - start)
    ranked = sorted(
        (c for c in candidates if c.key() not in rejected),
        key=lambda c: (c.start - c.end, _PRIORITY[c.source.partition(":")[0]], c.start, c.label),
    )
    chosen: list[Span] = []
    for span in ranked:
        if taken.find(1, span.start, span.end) == -1:
            taken[span.start : span.end] = b"\x01" * (span.end - span.start)
            chosen.append(span)
        elif span.source.startswith("rule:") and _nests(span, [*accepted, *chosen], labels):
            chosen.append(span)
    return sorted(chosen, key=Span.key)


def _nests(span: Span, placed: list[Span], labels: LabelSet) -> bool:
    """A rule's ``span`` may stand inside what is already placed: every span it overlaps holds
    it wholly and lets its label sit inside (a casualty count inside a quote, when the label
    set's nesting rule allows it), so the count the rule found is not lost to the quote."""
    overlapping = [p for p in placed if p.start < span.end and span.start < p.end]
    return all(
        p.start <= span.start
        and span.end <= p.end
        and (p.start, p.end) != (span.start, span.end)
        and labels.may_nest(span.label, p.label)
        for p in overlapping
    )


def suggest(
    text: str,
    *,
    patterns: Patterns | None = None,
    builtin: Iterable[str] = tuple(RULES),
    gazetteer: Gazetteer | None = None,
    models: Iterable[Model] = (),
    accepted: Iterable[Span] = (),
    rejected: Iterable[Key] = (),
) -> list[Span]:
    """Suggestions for one text (build a ``Suggester`` to reuse across documents)."""
    return Suggester(patterns, builtin, gazetteer, models).for_document(text, accepted, rejected)
