"""The built-in Arabic rules: casualty counts and reported quotes.

Both run on the normalised text (see normalize.py), so their word lists are written here in
ordinary Arabic and folded the same way when compiled; a rule's matches come back as
normalised ranges and the engine maps them to the original offsets.

Each rule has a name (``casualty_count``, ``quote``) by which it can be turned off.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from annotator.text.normalize import fold

# --- CASUALTY_COUNT ---------------------------------------------------------------------------

_APPROXIMATORS = (
    "نحو", "حوالي", "حوالى", "قرابة", "زهاء", "أكثر من", "أقل من", "أزيد من", "ما لا يقل عن",
    "ما يزيد عن", "ما يزيد على", "ما يقارب", "ما يناهز",
)  # fmt: skip
_NUMBER_WORDS = (
    "واحد", "اثنان", "اثنين", "اثنا", "اثني", "ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة",
    "ست", "ستة", "سبع", "سبعة", "ثماني", "ثمان", "ثمانية", "تسع", "تسعة", "عشر", "عشرة",
    "أحد عشر", "إحدى عشرة",
    "عشرون", "عشرين", "ثلاثون", "ثلاثين", "أربعون", "أربعين", "خمسون", "خمسين", "ستون", "ستين",
    "سبعون", "سبعين", "ثمانون", "ثمانين", "تسعون", "تسعين",
    "مئة", "مائة", "مئتان", "مئتين", "مائتين", "مئات", "ألف", "ألفين", "آلاف",
    "عشرات", "العشرات", "المئات", "الآلاف",
)  # fmt: skip
_SCALES = ("ألف", "آلاف", "مليون")
# Nouns naming the people counted (singular after 11+, plural after 3-10, and the accusative
# tanwin form: harakat are folded away, so "عنصراً" is "عنصرا").
_PEOPLE = (
    "قتيل", "قتيلا", "قتلى", "جريح", "جريحا", "جرحى", "مصاب", "مصابا", "مصابين", "مصابون",
    "شخص", "شخصا", "أشخاص", "عنصر", "عنصرا", "عناصر", "آخر", "آخرين", "آخرون", "مدني",
    "مدنيا", "مدنيين", "مدنيون", "جندي", "جنديا", "جنود", "مقاتل", "مقاتلا", "مقاتلين",
    "مقاتلون", "ضحية", "ضحايا", "طفل", "طفلا", "أطفال", "امرأة", "نساء", "مسلح", "مسلحا",
    "مسلحين", "مسلحون", "شهيد", "شهيدا", "شهداء", "قتلاه", "عسكري", "عسكريا", "عسكريين",
)  # fmt: skip
# Nouns that name a side rather than people: the count keeps their owner ("14 من قوات النظام").
_SIDES = ("قوات",)


def _alternation(words: tuple[str, ...]) -> str:
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in folded) + ")"


_CASUALTY = re.compile(
    r"(?<!\w)[وف]?"  # a proclitic stays outside the span
    r"(?<!\d[،,.:/٫٬])"  # 1،10 is a time, 3.5 a decimal
    r"(?<!عام\s)(?<!سنه\s)"  # a year: "عام 2020"
    r"(?P<span>"
    rf"(?:{_alternation(_APPROXIMATORS)}\s+)?"
    # 38, 1,200, a range 12-15, optionally in thousands or millions
    rf"(?:(?:\d{{1,3}}(?:[,٬]\d{{3}})+|\d+)(?:\s*[-–]\s*\d+)?(?:\s+{_alternation(_SCALES)})?"
    # خمسة, خمسة عشر, مئة وخمسة وعشرين (bounded, which also keeps a run of number words linear)
    rf"|{_alternation(_NUMBER_WORDS)}(?:\s+عشره?)?(?:\s+و{_alternation(_NUMBER_WORDS)}){{0,3}})"
    rf"(?:\s+من)?\s+"
    rf"(?:(?:ال)?{_alternation(_PEOPLE)}|{_alternation(_SIDES)}\s+\w+)"
    r")(?!\w)"
)


def casualty_counts(normalized: str) -> list[tuple[int, int]]:
    return [m.span("span") for m in _CASUALTY.finditer(normalized)]


# --- QUOTE ------------------------------------------------------------------------------------

_SPEECH_VERBS = (
    "قال", "قالت", "قالوا", "يقول", "تقول", "أضاف", "أضافت", "يضيف", "تضيف", "أوضح", "أوضحت",
    "أكد", "أكدت", "أشار", "أشارت", "صرح", "صرحت", "ذكر", "ذكرت", "تابع", "تابعت", "أعلن",
    "أعلنت", "كتب", "كتبت", "غرد", "غردت", "اعتبر", "اعتبرت", "زعم", "زعمت", "نقل", "نقلت",
    "نقلوا", "مضيفا", "مضيفة", "موضحا", "موضحة", "مؤكدا", "مؤكدة", "مشيرا", "مشيرة", "قائلا",
    "قائلة", "قوله", "قولها", "قولهم",
)  # fmt: skip
# What stands right before a quote that is reported speech: "قال إن "..."", "قوله، إنه "..."".
# Without one, a short quote is more likely a name, often the verb's own subject:
# "نقلت "سانا"", "ذكرت "سانا" أن", "أعلنت "وزارة الدفاع الروسية"".
_INTRODUCERS = ("إن", "أن", "إنه", "أنه", "إنها", "أنها", "إنهم", "أنهم", "قائلا", "قائلة")
_TRIGGERS = frozenset(fold(w) for w in _SPEECH_VERBS)
_INTRO = frozenset(fold(w) for w in _INTRODUCERS)
# How many words may stand between the speech verb and the quote: room for a speaker with a
# title, "قال رئيس الوزراء الإسرائيلي بنيامين نتنياهو، إن "...""
WINDOW_WORDS = 10
# Quoted text this long is a sentence, not a name, even with no introducer before it:
# "وأضاف نتنياهو "نقاتل ضد محاولات إيران ...""
SENTENCE_WORDS = 5

_PAIRS = re.compile(r"«([^«»\n]*)»|“([^“”\n]*)”|\"([^\"\n]*)\"")
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_WORD = re.compile(r"\w+")


def _proclitic_free(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وف" else word


def _is_trigger(word: str) -> bool:
    return word in _TRIGGERS or _proclitic_free(word) in _TRIGGERS


def quotes(normalized: str) -> list[tuple[int, int]]:
    words = list(_WORD.finditer(normalized))
    word_ends = [w.end() for w in words]
    sentence_ends = [m.end() for m in _SENTENCE_END.finditer(normalized)]
    found = []
    for pair in _PAIRS.finditer(normalized):
        group = next(g for g in (1, 2, 3) if pair.group(g) is not None)
        inner_start, inner_end = pair.span(group)
        inner = normalized[inner_start:inner_end]
        inner_words = _WORD.findall(inner)
        if not inner_words:
            continue
        opening = pair.start()
        ends_before = bisect_right(sentence_ends, opening)
        sentence_start = sentence_ends[ends_before - 1] if ends_before else 0
        last_word = bisect_right(word_ends, opening)
        window = [
            w.group()
            for w in words[max(0, last_word - WINDOW_WORDS) : last_word]
            if w.start() >= sentence_start
        ]
        if not window or not any(_is_trigger(w) for w in window):
            continue
        introduced = window[-1] in _INTRO or normalized[
            words[last_word - 1].end() : opening
        ].strip().endswith(":")
        if introduced or len(inner_words) >= SENTENCE_WORDS:
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(inner.rstrip())
            found.append((inner_start + lead, inner_end - trail))
    return found


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    find: Callable[[str], list[tuple[int, int]]]  # normalised text -> normalised ranges


RULES: dict[str, Rule] = {
    "casualty_count": Rule("CASUALTY_COUNT", casualty_counts),
    "quote": Rule("QUOTE", quotes),
}
