"""Suggested relations and attributes: the speaker of a quote, the kind of a casualty count.

* **Speaker** (``SPEAKER: QUOTE -> ACTOR``): the nearest speech verb before the quote in its
  sentence (the built-in rules' ``speech_verbs``, at most ``VERB_WORDS`` words back), then the
  first ACTOR between that verb and the quote: the subject after the verb, ``قال رئيس الوزراء
  بنيامين نتنياهو، إن "..."``, ``وأضاف نتنياهو "..."`` (source ``relation:speaker_after_verb``).
  The verbs are tried nearest first (``وصرح رونالدو لصحيفة صن ... قائلا``), and an ACTOR after
  a preposition is no subject (``لفرانس برس``, ``الى مستشفى الشفاء``). With no ACTOR after any
  verb, the first ACTOR of the sentence, ``واعترف رونالدو ... وقال`` (``relation:
  speaker_sentence_subject``).
* **Kind** (``kind`` of a CASUALTY_COUNT): from its noun, ``قتلى``/``قتيلا`` → killed,
  ``جرحى``/``مصابين`` → wounded, ``مفقودين`` → missing (``attribute:kind_noun``); else from the
  nearest word of killing or wounding in the ``HARM_WORDS`` before it in its sentence,
  ``بمقتل 38 عنصرا``, ``لإصابة نحو 50 آخرين`` (``attribute:kind_harm``); nothing when words of
  both stand equally near (``قتل وأصيب العشرات``).

Both work on the spans a document holds (accepted spans, not span suggestions): a relation
needs both its ends to exist. They are offered like span suggestions, with a source and a
confidence (each part's precision on tests/fixtures/relations-gold.jsonl, smoothed as the
built-in rules' are: (right + 1) / (suggested + 2)), and the annotator accepts or rejects each.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from annotator.annotations.labels import LabelSet
from annotator.annotations.model import Span
from annotator.suggest.builtin import Words
from annotator.text.normalize import fold

# How far back a speech verb may stand from its quote, and a harm word from its count.
VERB_WORDS = 15
HARM_WORDS = 8

SPEAKER_AFTER_VERB = "relation:speaker_after_verb"
SPEAKER_SENTENCE_SUBJECT = "relation:speaker_sentence_subject"
KIND_NOUN = "attribute:kind_noun"
KIND_HARM = "attribute:kind_harm"

# Precision of each part on tests/fixtures/relations-gold.jsonl, smoothed (test_suggest_relations
# measures them again and fails when they drift).
CONFIDENCE = {
    SPEAKER_AFTER_VERB: 0.92,  # 10 right of 10
    SPEAKER_SENTENCE_SUBJECT: 0.5,  # none on the fixture since "اعترف" is a speech verb
    KIND_NOUN: 0.89,  # 7 of 7
    KIND_HARM: 0.93,  # 12 of 12
}

_WORD = re.compile(r"\w+")
_PREPOSITIONS = frozenset(
    fold(w) for w in ("الى", "إلى", "في", "من", "على", "عن", "مع", "لدى", "عند", "ضد", "عبر")
)
_SENTENCE_END = re.compile(r"[.!?؟\n]")

# Nouns that say what happened to the people counted, and words of killing or wounding.
_KIND_NOUNS = {
    "killed": ("قتيل", "قتيلا", "قتلى", "قتيلان", "قتيلين", "قتلاه", "جثة", "جثث", "شهيد",
               "شهيدا", "شهداء", "ضحية", "ضحايا"),
    "wounded": ("جريح", "جريحا", "جرحى", "جريحان", "جريحين", "مصاب", "مصابا", "مصابين",
                "مصابون", "مصابان"),
    "missing": ("مفقود", "مفقودا", "مفقودين", "مفقودون"),
}  # fmt: skip
_HARM = {
    "killed": ("قتل", "قتلت", "قتلوا", "يقتل", "تقتل", "مقتل", "مصرع", "لقي", "لقوا", "حتفه",
               "حتفهم", "استشهد", "استشهاد", "استشهدوا", "وفاة", "توفي", "أودى", "أودت", "بحياة",
               "إعدام", "أعدم", "اغتيال", "اغتيل", "ذبح"),
    "wounded": ("أصيب", "أصيبت", "أصيبوا", "إصابة", "إصابات", "أصاب", "أصابت", "جرح", "جرحت",
                "جرحوا"),
    "missing": ("فقد", "فقدان", "اختفى", "اختفاء"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class RelationSuggestion:
    type: str
    head: Span
    tail: Span
    source: str
    confidence: float


@dataclass(frozen=True, slots=True)
class AttributeSuggestion:
    span: Span
    name: str
    value: str
    source: str
    confidence: float


@cache
def _words() -> tuple[Words, dict[str, Words], dict[str, Words]]:
    # The same speech verbs as the built-in quote rule, from its word list.
    source = resources.files("annotator.suggest").joinpath("builtin_words.toml").read_text()
    verbs = Words.of(tomllib.loads(source)["quote"]["speech_verbs"])
    nouns = {kind: Words.of(words) for kind, words in _KIND_NOUNS.items()}
    harm = {kind: Words.of(words) for kind, words in _HARM.items()}
    return verbs, nouns, harm


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding offset ``at`` begins."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, at):
        start = match.end()
    return start


def _words_before(text: str, at: int, limit: int) -> list[re.Match[str]]:
    """The words of ``at``'s sentence before it, nearest first, at most ``limit``."""
    found = list(_WORD.finditer(text, _sentence_start(text, at), at))
    return found[::-1][:limit]


def _governed(text: str, span: Span) -> bool:
    """Whether ``span`` follows a preposition, so it is not a subject: ``لفرانس برس``
    (a proclitic joined to it), ``الى مستشفى الشفاء``."""
    if span.start and text[span.start - 1].isalpha():
        return True
    before = _WORD.findall(text, max(0, span.start - 12), span.start)
    return bool(before) and fold(before[-1]) in _PREPOSITIONS


def suggest_speakers(
    text: str, spans: Sequence[Span], labels: LabelSet
) -> list[RelationSuggestion]:
    """A SPEAKER for each QUOTE, when the label set has that relation."""
    relation = labels.relation("SPEAKER")
    if relation is None:
        return []
    verbs = _words()[0]
    actors = sorted(
        (s for s in spans if s.label in relation.tail and not _governed(text, s)),
        key=lambda s: s.start,
    )
    out = []
    for quote in (s for s in spans if s.label in relation.head):
        found = [w for w in _words_before(text, quote.start, VERB_WORDS) if verbs.has(fold(w[0]))]
        # The subject after the nearest verb that has one ("وصرح رونالدو لصحيفة ... قائلا").
        speaker = next(
            (a for verb in found for a in actors if a.start >= verb.end() and a.end <= quote.start),
            None,
        )
        source = SPEAKER_AFTER_VERB
        if speaker is None and found:
            sentence = _sentence_start(text, found[0].start())
            speaker = next((a for a in actors if sentence <= a.start < found[0].start()), None)
            source = SPEAKER_SENTENCE_SUBJECT
        if speaker is not None:
            out.append(RelationSuggestion("SPEAKER", quote, speaker, source, CONFIDENCE[source]))
    return out


def suggest_kinds(text: str, spans: Sequence[Span], labels: LabelSet) -> list[AttributeSuggestion]:
    """A ``kind`` for each span whose label has that attribute with the values suggested."""
    _, nouns, harm = _words()
    out = []
    for span in spans:
        attribute = labels.attribute(span.label, "kind")
        if attribute is None:
            continue
        found = _kind_of(text, span, nouns, harm)
        if found is not None and found[0] in attribute.values:
            value, source = found
            out.append(AttributeSuggestion(span, "kind", value, source, CONFIDENCE[source]))
    return out


def _kind_of(
    text: str, span: Span, nouns: dict[str, Words], harm: dict[str, Words]
) -> tuple[str, str] | None:
    for word in _WORD.finditer(text, span.start, span.end):
        folded = fold(word[0])
        named = [kind for kind, words in nouns.items() if words.has(folded)]
        if len(named) == 1:
            return named[0], KIND_NOUN
    before = _words_before(text, span.start, HARM_WORDS)
    for i, word in enumerate(before):
        kinds = _harm_kinds(word[0], harm)
        if not kinds:
            continue
        # "قتل وأصيب العشرات": two kinds side by side say nothing about this count.
        earlier = _harm_kinds(before[i + 1][0], harm) if i + 1 < len(before) else set()
        if len(kinds) == 1 and not earlier - kinds:
            return kinds.pop(), KIND_HARM
        return None
    return None


def _harm_kinds(word: str, harm: dict[str, Words]) -> set[str]:
    folded = fold(word)
    return {kind for kind, words in harm.items() if words.has(folded)}
