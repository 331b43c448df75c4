"""The built-in Arabic rules: casualty counts and reported quotes.

Both run on the normalised text (see annotator/text/normalize.py); their word lists live in
``builtin_words.toml`` beside this module (a team reads and extends them there) and are folded
the same way when loaded. A rule's matches come back as normalised ranges with the name of the
part of the rule that decided (``casualty_count:harm_clause``, ``quote:colon``...), which the
engine records as the suggestion's source so precision can be measured per part.

Each rule has a name (``casualty_count``, ``quote``) by which it can be turned off. The
decisions they follow are the label guidelines' (docs/suggest.md lists them with examples).
"""

from __future__ import annotations

import itertools
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from importlib import resources
from itertools import islice
from typing import Any

from annotator.suggest.quote_marks import Quoted, straight_quotes
from annotator.text.normalize import fold

Found = tuple[int, int, str]  # normalised start, end, and the part of the rule that decided

_PROCLITICS = re.compile(r"^(?:[وف]?[بلك]?)(?=\w{3,})")


@dataclass(frozen=True, slots=True)
class Words:
    """One list of builtin_words.toml, folded: single words in a set, and an alternation for
    the regular expressions (longest first, spaces matching any run of white space)."""

    singles: frozenset[str]
    pattern: str

    @classmethod
    def of(cls, words: Iterable[str]) -> Words:
        folded = frozenset(fold(w) for w in words)
        return cls(folded, _trie_pattern(sorted(folded)))

    def has(self, word: str) -> bool:
        """``word`` is in the list, also behind a proclitic or the article (وبالقتلى)."""
        return word in self.singles or _has_bare(self.singles, word)

    def has_with_enclitic(self, word: str, enclitics: Words) -> bool:
        """``word`` is in the list, also carrying one of ``enclitics`` (قتلته: قتلت + ه)."""
        return self.has(word) or self.has_carrying(word, enclitics)

    def has_carrying(self, word: str, enclitics: Words) -> bool:
        """``word`` is a word of the list carrying one of ``enclitics``; a verb's plural
        alif is not written before it (أصابوهم: أصابوا + هم)."""
        for e in enclitics.singles:
            if word.endswith(e) and len(word) > len(e) + 2:
                stem = word[: -len(e)]
                if self.has(stem) or (stem.endswith("و") and self.has(stem + "ا")):
                    return True
        return False


@lru_cache(maxsize=1 << 16)
def _has_bare(singles: frozenset[str], word: str) -> bool:
    """``word`` without its proclitic or article is in ``singles``; cached, as words recur
    and the rules ask about the same words of a text many times."""
    bare = _PROCLITICS.sub("", word, count=1)
    return bare in singles or (bare.startswith("ال") and bare[2:] in singles)


def _trie_pattern(words: list[str]) -> str:
    """An alternation of ``words`` (sorted) as a trie: the regular expression engine tries
    branches one by one, so sharing prefixes keeps a list of 100 words cheap at every
    position. Longer words are tried before their prefixes, as with a longest-first list."""
    if words == [""]:
        return ""
    ends_here = "" in words
    branches = []
    for first in sorted({w[0] for w in words if w}):
        rest = [w[1:] for w in words if w and w[0] == first]
        head = r"\s+" if first == " " else re.escape(first)
        branches.append(head + _trie_pattern(rest))
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body if len(branches) == 1 and len(words) == 1 else f"(?:{body})"


@cache
def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files(__package__).joinpath("builtin_words.toml").read_text())


@cache
def _lists() -> dict[str, dict[str, Words]]:
    return {
        section: {name: Words.of(words) for name, words in lists.items()}
        for section, lists in _data().items()
        if section != "confidence"
    }


def confidence(part: str) -> float | None:
    """How often a suggestion of this part of a rule was right on the dev set (the
    ``[confidence]`` table of builtin_words.toml), or None for a part it does not name."""
    value = _data()["confidence"].get(part)
    return None if value is None else float(value)


_SENTENCE_END = re.compile(r"[.!?؟\n]")
_WORD = re.compile(r"\w+")
_CHARS_PER_WORD = 16  # a generous bound on an Arabic word and the space after it


@lru_cache(maxsize=1)
def _text(normalized: str) -> _Text:
    """One _Text per document, shared by both rules (they run one after the other)."""
    return _Text(normalized)


class _Text:
    """A normalised text's sentences, to look at the words around a match. Words are found
    only where a match asks for them: most of a text is never looked at."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def sentence_ends(self) -> list[int]:
        return [m.end() for m in _SENTENCE_END.finditer(self.text)]

    def sentence_start(self, at: int) -> int:
        before = bisect_right(self.sentence_ends, at)
        return self.sentence_ends[before - 1] if before else 0

    def sentence_end(self, at: int) -> int:
        after = bisect_left(self.sentence_ends, at + 1)
        return self.sentence_ends[after] - 1 if after < len(self.sentence_ends) else len(self.text)

    def words_before(self, at: int, limit: int | None = None) -> list[str]:
        """The words of ``at``'s sentence that end before it (the last ``limit``), nearest last."""
        start = self.sentence_start(at)
        if limit is None:
            return _WORD.findall(self.text, start, at)
        # Words are short: read a window of text wide enough for ``limit`` of them, dropping
        # the first word when the window cut it.
        window = max(start, at - _CHARS_PER_WORD * limit)
        words = _WORD.findall(self.text, window, at)
        if window > start and window > 0 and self.text[window - 1].isalnum():
            words = words[1:]
        return words[-limit:]

    def words_after(self, at: int, limit: int) -> list[str]:
        """Up to ``limit`` words of ``at``'s sentence from ``at`` on, nearest first."""
        found = _WORD.finditer(self.text, at, self.sentence_end(at))
        return [m.group() for m in islice(found, limit)]

    def punctuation_before(self, at: int) -> str:
        """What stands between ``at`` and the word before it: ":" in ``قال: "...``."""
        # Read back from ``at``: a search from the sentence's start would read the whole
        # sentence again for every mark in it.
        start, text, tail = self.sentence_start(at), self.text, at
        while tail > start and not (text[tail - 1].isalnum() or text[tail - 1] == "_"):
            tail -= 1
        return text[tail:at]


# --- CASUALTY_COUNT ---------------------------------------------------------------------------

_NEXT_WORD = re.compile(r"[ \t]+(?P<word>\w+)(?!\w)")

# How far a harm word may stand from the count it makes a casualty count.
HARM_WORDS_BEFORE = 8
HARM_WORDS_AFTER = 4


# A plural of a relative adjective names people ("إيرانيين", "جزائريون", "قرويين"): counted with
# a harm word near, like the people nouns, when the list does not hold it.
_NISBA_PLURAL = r"\w{2,}(?:يين|يون)"


@cache
def _casualty_pattern() -> re.Pattern[str]:
    w = _lists()["casualty"]
    number = (
        r"(?:(?:\d{1,3}(?:[,٬]\d{3})+|\d+)(?:\s*[-–]\s*\d+)?"
        rf"|{w['number_words'].pattern}(?:\s+عشره?)?(?:\s+و{w['number_words'].pattern}){{0,3}})"
        rf"(?:\s+{w['scales'].pattern})?"
    )
    others = rf"(?:\s+{w['others'].pattern})?"
    # It starts with the character before a word, so the search skips from one such
    # character to the next (a lookbehind first would make it try every position); run it
    # on the text behind one space (see casualty_counts) to find a count at its start.
    return re.compile(
        r"\W(?:[وفبل]|ول|وب)?"  # a proclitic stays outside the span
        r"(?<!\d[،,.:/٫٬])"  # 1،10 is a time, 3.5 a decimal
        r"(?<!عام\s)(?<!سنه\s)(?<!العام\s)"  # a year: "عام 2020"
        r"(?P<span>"
        rf"(?P<approximator>{w['approximators'].pattern}\s+)?(?P<number>{number})"
        rf"(?!\s*{w['percent'].pattern})"  # a share: "40% من المدراء"
        r"(?:"
        rf"(?:\s+من)?\s+(?:ال)?(?P<casualty>{w['casualty_nouns'].pattern}){others}(?!\w)"
        rf"|(?:\s+من)?\s+(?:ال)?(?P<people>{w['people_nouns'].pattern}|{_NISBA_PLURAL}){others}(?!\w)"
        rf"|\s+(?P<of_them>{w['of_them'].pattern})(?!\w)"
        rf"|\s+من\s+(?P<group>(?!ال)\w+\s+ال\w+|\w+(?:\s+{w['one_words'].pattern})?)(?!\w)"
        # A pronoun the wire glued on stays outside: "قتل ثمانيةهم".
        rf"|(?P<bare>)(?=(?:(?<=ه){w['glued_pronouns'].pattern})?(?!\w))"
        r")"
        rf"|(?:ال)?(?P<dual>{w['dual_nouns'].pattern}){others}(?!\w)"
        r")"
    )


@cache
def _number_after_noun_pattern() -> re.Pattern[str]:
    """A number after its noun: a definite re-mention ("الشهداء الثلاثة", a pronoun the
    wire glued on left out) or one ("ضحية واحدة"). Its own pass, which starts with letters
    (ال, و), so the search skips to them: the noun before is looked up only where such a
    number stands, which is rare, instead of at every word of the text."""
    w = _lists()["casualty"]
    return re.compile(
        rf"ال(?P<definite>{w['number_words'].pattern})"
        rf"(?=(?:{w['glued_pronouns'].pattern})?(?!\w))"
        rf"|{w['one_words'].pattern}(?!\w)"
    )


def _numbers_after_nouns(text: _Text) -> list[Found]:
    w = _lists()["casualty"]
    normalized = text.text
    found = []
    for match in _number_after_noun_pattern().finditer(normalized):
        end, start = match.end(), match.start()
        while start > 0 and normalized[start - 1] in " \t":
            start -= 1
        noun_end = start
        if noun_end == match.start():
            continue  # inside a word, or the text's first word
        while start > 0 and (normalized[start - 1].isalnum() or normalized[start - 1] == "_"):
            start -= 1
        word = normalized[start:noun_end]
        number = match.group("definite")
        # A plural number or a scale takes its noun after it ("العشرات من عناصر"): the main pass.
        plural = number is not None and (w["plural_numbers"].has(number) or w["scales"].has(number))
        if number is not None and not plural and _harm(word) and not _ARTICLE.match(word):
            # Right after a harm word, a definite number counts people named before: "وتوفي
            # الاثنان". A count after it makes it a day: "قتل الاثنين خمسة".
            after = text.words_after(end, 1)
            if not (after and (after[0].isdigit() or after[0] in w["number_words"].singles)):
                found.append((match.start(), end, "casualty_count:after_harm_word"))
            continue
        # The noun, behind a proclitic or not: "والشهداء الثلاثة", "وضحية واحدة".
        for cut in (0, 1) if word[:1] in _PROCLITIC_LETTERS else (0,):
            noun = word[cut:]
            if match.group("definite") is not None:
                if not noun.startswith("ال"):
                    continue
                part = "casualty_count:definite"
            else:
                part = "casualty_count:one"
            noun = noun.removeprefix("ال")
            if noun in w["casualty_nouns"].singles or (
                noun in w["people_nouns"].singles and _harm_near(text, start + cut, end)
            ):
                found.append((start + cut, end, part))
                break
    return found


_PROCLITIC_LETTERS = frozenset("وفبل")


@lru_cache(maxsize=1 << 16)
def _harm(word: str) -> bool:
    w = _lists()["casualty"]
    return w["harm"].has_with_enclitic(word, w["harm_enclitics"])


def _harm_near(text: _Text, start: int, end: int, *, immediately: bool = False) -> bool:
    """A harm word decides the count: the nearest of harm and not-harm words before it in its
    clause, or else a harm word just after it ("5 حراس أمن قتلوا"), or else a toll earlier in
    its sentence ("بلغ عدد القتلى ... أكثر من 10 آلاف شخص")."""
    w = _lists()["casualty"]
    after = text.words_after(end, HARM_WORDS_AFTER)
    if any(w["missing_after"].has(word) for word in after):
        return False
    before = text.words_before(start, 1 if immediately else HARM_WORDS_BEFORE + 1)
    if start > 0 and text.text[start - 1].isalnum() and before:
        before = before[:-1]  # the proclitic glued to the count ("واربع") is not a word before it
    for word in reversed(before[-(1 if immediately else HARM_WORDS_BEFORE) :]):
        if _harm(word):
            return True
        if w["not_harm"].has(word):
            return False
    if immediately:
        return False
    if any(_harm(word) for word in after):
        return True
    return _toll_before(text, start) or _harmed_later(text, end)


def _harmed_later(text: _Text, end: int) -> bool:
    """A harm verb later in the sentence carries a pronoun for the people counted: "ثلاثة
    فلسطينيين اقتربوا ... فأطلق الجنود النار وأصابوهم"."""
    w = _lists()["casualty"]
    words = _WORD.findall(text.text, end, text.sentence_end(end))
    return any(w["harm"].has_carrying(word, w["glued_pronouns"]) for word in words)


def _toll_before(text: _Text, at: int) -> bool:
    """A toll ("حصيلة القتلى", "عدد الشهداء") stands earlier in ``at``'s sentence."""
    toll = _toll_pattern().search(text.text, text.sentence_start(at), at)
    return toll is not None


@cache
def _toll_pattern() -> re.Pattern[str]:
    w = _lists()["casualty"]
    return re.compile(
        rf"(?<!\w)(?:[وفبل]|ول|وب)?(?:ال)?{w['toll_words'].pattern}\s+{w['toll_nouns'].pattern}"
    )


_YEAR = re.compile(r"(?:19|20)\d\d")


def _bare_count(text: _Text, start: int, end: int) -> str | None:
    """The part of the rule that takes a number standing alone, or None: right after a harm
    word ("قتلت سبعة"), after a killing verb and its subject ("قتلت القوات سبعة"), right
    before a harm verb ("10 آلاف قتلوا"), or as a toll's value ("ارتفع عدد الشهداء إلى
    ثمانية")."""
    w = _lists()["casualty"]
    before = text.words_before(start, 3)
    if before and _harm(before[-1]):
        return "casualty_count:after_harm_word"
    if len(before) >= 2 and before[-1].startswith("ال") and w["killing_verbs"].has(before[-2]):
        return "casualty_count:after_harm_word"
    if _YEAR.fullmatch(text.text, start, end):
        return None  # "في 2006 قتل": a year, not a count
    after = text.words_after(end, 1)
    if after and _harm(after[0]) and not w["not_nouns"].has(after[0]):
        return "casualty_count:before_harm_word"
    if before and w["toll_values"].has(before[-1]) and _toll_before(text, start):
        return "casualty_count:toll"
    return None


def _counted_noun_end(normalized: str, end: int) -> int:
    """Where a count after a harm word ends: with the noun after the number when one follows
    ("قتلت سبعة سياح"; an unlisted noun, as nouns after numbers are many), not when the number
    stands alone ("جرح اثنين أحدهما"): a noun after a number has no article and is not a
    particle, a conjunction or a word of time."""
    noun = _NEXT_WORD.match(normalized, end)
    if noun is None:
        return end
    word = noun.group("word")
    w = _lists()["casualty"]
    if word.startswith(("ال", "و", "ف")) or word.isdigit() or w["not_nouns"].has(word):
        return end
    if w["not_people"].has(word):
        return -1  # "5 ملايين دولار", "3 أسابيع": a sum or a time, no count
    after = _NEXT_WORD.match(normalized, noun.end())
    if after is not None and w["others"].has(after.group("word")):
        return after.end()
    return noun.end()


# How many words "من ..." naming the people counted may take: "من حركة المقاومة الإسلامية حماس".
WHO_WORDS = 5
_WHO = re.compile(r"[ \t]+من(?=[ \t])")
_WORD_AFTER_SPACE = re.compile(r"[ \t]+(\w+)")


def _who_end(normalized: str, end: int) -> int:
    """Where a count ends when "من ..." after its noun names who they are ("ثلاثة ناشطين من
    حركة حماس"): at the phrase's last word before a punctuation mark, a particle or word of
    time (not_nouns), a harm word or a new clause (a word joined with و); ``end`` when no
    such phrase of at most WHO_WORDS words follows ("من جراء" names no one)."""
    who = _WHO.match(normalized, end)
    if who is None:
        return end
    w = _lists()["casualty"]
    last, at = end, who.end()
    for index in range(WHO_WORDS + 1):
        word = _WORD_AFTER_SPACE.match(normalized, at)
        if word is None:
            return last  # punctuation or the text's end closes the phrase
        token = word.group(1)
        if w["not_nouns"].has(token) or _harm(token) or (index and token.startswith("و")):
            return last
        if index == WHO_WORDS:
            return end  # too long to be sure where it ends
        last = at = word.end()
    return end


def casualty_counts(normalized: str) -> list[Found]:
    text = _text(normalized)
    w = _lists()["casualty"]
    after_nouns = _numbers_after_nouns(text)
    found: list[Found] = []
    for match in _casualty_pattern().finditer(" " + normalized):
        start, end = match.start("span") - 1, match.end("span") - 1
        if any(s < end and start < e for s, e, _ in after_nouns):
            continue  # "ضحية واحدة" is one count, not "واحدة" after a harm word
        if _vague(match, normalized, start):
            continue
        if match.group("casualty") is not None:
            if _harm_before_number(text, match, start):
                # "وإصابة اثنين إصابات خطيرة": the noun says how they were harmed.
                found.append((start, match.end("number") - 1, "casualty_count:after_harm_word"))
                continue
            found.append((start, _who_end(normalized, end), "casualty_count:casualty_noun"))
        elif match.group("bare") is not None:
            number = normalized[start:end].rsplit(None, 1)[-1]
            noun = _NEXT_WORD.match(normalized, end)
            if w["plural_numbers"].has(number) and noun and noun.group("word").startswith("ال"):
                continue  # "غرق عشرات القرى": dozens of something other than people
            part = _bare_count(text, start, end)
            if part == "casualty_count:after_harm_word":
                noun_end = _counted_noun_end(normalized, end)
                if noun_end >= 0:
                    found.append((start, noun_end, part))
            elif part is not None:
                found.append((start, end, part))
        elif match.group("dual") is not None:
            # A dual right after a count is its adjective: "جنديان إسرائيليان" is one count.
            adjective = bool(found) and _only_space(normalized, found[-1][1], start)
            if not adjective and _harm_near(text, start, end):
                found.append((start, _who_end(normalized, end), "casualty_count:dual"))
        elif not _harm_near(text, start, end):
            continue
        elif match.group("of_them") is not None:
            found.append((start, end, "casualty_count:of_them"))
        elif match.group("people") is not None:
            found.append((start, _who_end(normalized, end), "casualty_count:harm_clause"))
        else:
            found.append((start, end, "casualty_count:harm_clause"))
    return sorted(found + after_nouns)


def _harm_before_number(text: _Text, match: re.Match[str], start: int) -> bool:
    """A number right after a harm word whose casualty noun says how they were harmed, not
    who (``not_nouns``: إصابات، جروح): the count is the number alone."""
    w = _lists()["casualty"]
    if match.group("approximator") is not None or not w["not_nouns"].has(match.group("casualty")):
        return False
    before = text.words_before(start, 1)
    return bool(before) and _harm(before[-1])


def _vague(match: re.Match[str], normalized: str, start: int) -> bool:
    """A number with no numeral (عشرات، مئات الآلاف) is a count only when من names the
    people after it ("العشرات من عناصر"): not in construct ("آلاف الضحايا"), alone ("لقيه
    الآلاف") or as a magnitude behind ب ("عدد الضحايا بالآلاف من القتلى")."""
    w = _lists()["casualty"]
    number = match.group("number")
    if number is None or number[0].isdigit():
        return False  # a dual, or a numeral
    first, *rest = number.split()
    if not w["plural_numbers"].has(first) or not all(w["scales"].has(word) for word in rest):
        return False
    if start > 0 and normalized[start - 1] == "ب":
        return True
    after = _NEXT_WORD.match(normalized, match.end("number") - 1)  # the match is on " " + text
    return after is None or after.group("word") != "من"


def _only_space(text: str, start: int, end: int) -> bool:
    return start <= end and not text[start:end].strip()


# --- QUOTE ------------------------------------------------------------------------------------

# How many words may stand between a speech verb and the quote it introduces: room for a
# speaker with a title, "قال رئيس الوزراء الإسرائيلي بنيامين نتنياهو، إن "...""
WINDOW_WORDS = 10
# ... and between a speech verb and the colon before unmarked speech, which is often preceded
# by when and where it was said: "وأضاف الوزير، خلال كلمته في مؤتمر صحفي مع نظيره، اليوم:".
COLON_SPEECH_WORDS = 15
# Quoted text this long is a sentence, not a name, even with no introducer before it.
SENTENCE_WORDS = 5
# Right after a speech verb, or after it and its subject (at most SUBJECT_WORDS words), a
# quote of NEAR_WORDS or more is speech: "وهتف المشاركون " ليذهب طيب إلى العراق "". (A name
# quoted as the verb's subject, "أعلنت "وزارة الدفاع الروسية"", starts with a name noun.)
SUBJECT_WORDS = 2
NEAR_WORDS = 3
# A quote introduced from afar (a colon, "أن" after a report) has at least this many words.
DISTANT_WORDS = 2

# Quotation marks: «», “”, "", and ء where wire text writes a quotation mark with it (an ء
# that starts a word after a space, closed by the next ء that ends one).
# Every branch starts with its mark, so the search skips to the marks (a lookbehind first
# would make it try every position of the text); (?<!\Sء) is "after a space or at the start".
_PAIRS = re.compile(
    r"«([^«»\n]*)»|“([^“”\n]*)”"
    r"|ء(?<!\Sء)(\w[^ء\n]*?)ء(?!\w)"
    # ... or standing alone on both sides: "قائلا ء ستكون المباريات أكثر تعقيدا ء."; a
    # doubled one ("ء ء 150 ألف دولار ء ء") sets off an amount or a name, never speech.
    r"|ء(?<!\Sء)(?<!ء[ \t]ء)[ \t]+(?!ء)(\w[^\n]*?)[ \t]+ء(?!\w)(?![ \t]+ء(?!\w))"
)
# Straight quotation marks look the same at both ends; a title quoted inside a quote
# ("... كتاب "x" ...") is told by a mark after a space and before a letter, which opens.
_STRAIGHT = re.compile(r'"')
_OPENING = frozenset('«“"')
_ARTICLE = re.compile(r"(?:[وفبلك]|ول|وب)?ال")
# A dash between words before a colon: the names of a byline ("متابعة - بلال قناوي:").
_BYLINE_DASH = re.compile(r"\s[-–]\s")
_LIST_JOIN = re.compile(r"[ \t]*و[ \t]*")
# Where unmarked speech after a colon stops: the sentence's end, or a quotation mark.
_SPEECH_END = re.compile(r"[.!\n\"«»“”]")
_TRIM = " \t.,،؛:!?؟-–"
# How far back in its sentence a quote looks for a speech verb or report: a long sentence's
# start says nothing of a quote 60 words later (and reading it for every quote of a long
# text without full stops would take time growing with its square).
SENTENCE_WINDOW = 60
# The longest unmarked speech after a colon, in characters: about 150 words.
SPEECH_CHARS = 1500
# Where narration may resume inside unmarked speech: a comma, or a word joined with و;
# it does when a speech verb follows within NARRATION_WORDS ("... بنفسها وعاد نجاد ليؤكد").
_NARRATION = re.compile(r"،|(?<=\s)(?=و(?!ما|لا|لم|لن)\w)")
NARRATION_WORDS = 3


@lru_cache(maxsize=1 << 16)
def _speech(word: str) -> bool:
    w = _lists()["quote"]
    return _speech_verb(word) or w["speech_nouns"].has(word)


@lru_cache(maxsize=1 << 16)
def _speech_verb(word: str) -> bool:
    """``word`` is a speech verb, also behind a proclitic; never with the article, which makes
    it a noun ("الرأي", the opinion, is not "رأى", he said)."""
    if _ARTICLE.match(word):
        return False
    return _lists()["quote"]["speech_verbs"].has(word)


def _marked(text: _Text, opening: int, inner_start: int, inner_end: int) -> str | None:
    """The part of the rule that takes the marked quote at ``opening``, or None.

    Near a speech verb (WINDOW_WORDS), a quote is taken when an introducer or a colon stands
    right before it, or when it is a sentence. Further away, anywhere earlier in its
    sentence, a speech verb or a report noun takes a quote of DISTANT_WORDS or more after a
    colon or an introducer, one that starts with an introducer itself ("بيان ... "إنها"),
    and a fragment quoted inside indirect speech (an introducer between the verb and it), unless
    a preposition stands before it ("المدعومة من "الحرس الثوري"" is a name).
    A quote right after a noun that names things ("حركة "أمل"") is a name, never a quote.
    """
    w = _lists()["quote"]
    inner_words = _WORD.findall(text.text, inner_start, inner_end)
    sentence = text.words_before(opening, SENTENCE_WINDOW)
    if not inner_words or not sentence or _names(sentence):
        return None
    # A name quoted whole: إن "حزب الله", أن "منظمة أطباء بلا حدود", إن "الجيش الحر"; a
    # noun with the article may also be the subject of a sentence: إن "الفريق قدم مباراة رائعة".
    longest = NEAR_WORDS if _ARTICLE.match(inner_words[0]) else SENTENCE_WORDS
    if len(inner_words) < longest and _name_noun(inner_words[0]):
        return None
    previous = sentence[-1]
    colon = text.punctuation_before(opening).strip().endswith(":")
    if any(_speech_verb(word) for word in sentence[-WINDOW_WORDS:]):
        if w["introducers"].has(previous) or colon:
            return "quote:introduced"
        if len(inner_words) >= SENTENCE_WORDS:
            return "quote:sentence"
        near = sentence[-1 - SUBJECT_WORDS :]
        if (
            len(inner_words) >= NEAR_WORDS
            and any(_speech_verb(word) for word in near)
            and not w["name_prepositions"].has(previous)  # "ودعا إلى "وقف إطلاق النار""
        ):
            return "quote:near_verb"
    if len(inner_words) < DISTANT_WORDS:
        return None
    speech = [i for i, word in enumerate(sentence) if _speech(word)]
    if not speech:
        return None
    if w["first_person"].has(inner_words[0]):
        return "quote:first_person"
    if colon:
        return "quote:colon"
    if w["introducers"].has(previous):
        return "quote:reported"
    if w["introducers"].has(inner_words[0]):
        return "quote:opens_with_introducer"
    if w["name_prepositions"].has(previous):
        return None
    if any(w["introducers"].has(word) for word in sentence[speech[0] + 1 :]):
        # Two words that both carry the article name or label something ("بين الطرفين
        # "العربي والصيني""); speech quoted in pieces is "فرصة استثنائية", "ستبدأ اليوم".
        if len(inner_words) < NEAR_WORDS and all(_ARTICLE.match(word) for word in inner_words):
            return None
        return "quote:fragment"
    if len(inner_words) >= SENTENCE_WORDS and speech[-1] >= len(sentence) - WINDOW_WORDS:
        return "quote:report_sentence"
    if len(inner_words) >= SENTENCE_WORDS:
        return "quote:distant_sentence"
    return None


# After a quote's closing mark, a comma at most, then the speech verb: "«...»، قال المتحدث".
_VERB_AFTER = re.compile(r"[^\w\n]{1,3}?[ \t]*(\w+)")


def _verb_after(text: _Text, opening: int, inner_start: int, inner_end: int) -> str | None:
    """The part that takes a marked quote the speech verb follows ("«الوضع تحت السيطرة»، قال
    المتحدث"), or None: NEAR_WORDS or more, not a name quoted whole nor after a noun that
    names things or a preposition."""
    w = _lists()["quote"]
    verb = _VERB_AFTER.match(text.text, inner_end)
    if verb is None or not _speech_verb(verb.group(1)):
        return None
    if verb.group(1)[0] in "وف" and _speech_verb(verb.group(1)[1:]):
        return None  # "... " ودعا البنك": a new sentence, the quote before it a headline
    inner_words = _WORD.findall(text.text, inner_start, inner_end)
    if len(inner_words) < NEAR_WORDS or _name_noun(inner_words[0]):
        return None
    before = text.words_before(opening, 2)
    if before and (_names(before) or w["name_prepositions"].has(before[-1])):
        return None
    return "quote:verb_after"


def _name_noun(word: str) -> bool:
    """``word`` names things: a name noun (حزب، وزارة ...) or an event's, a team's or a deal's
    (بطولة، فريق، صفقة ...)."""
    w = _lists()["quote"]
    return w["name_nouns"].has(word) or w["event_nouns"].has(word)


def _names(sentence: list[str]) -> bool:
    """The words before a mark make what it quotes a name or a title: a noun that names
    things, without the article ("حركة "أمل"", "عنوانها "..."") or a title's noun and its
    adjective ("المجموعة القصصية "..."", "الثلاثية الشهيرة "..."")."""
    w = _lists()["quote"]
    previous = sentence[-1]
    # With the article the noun is whole, and may be the one speaking: "وأكدت الوزارة "..."".
    if not _ARTICLE.match(previous) and (
        w["name_nouns"].has_with_enclitic(previous, w["name_enclitics"])
        or w["event_nouns"].has(previous)  # with a pronoun, the speaker's: "فريقه "لم يقدم...""
    ):
        return True
    if len(sentence) < 2 or not previous.startswith("ال"):
        return False
    return w["title_nouns"].has_with_enclitic(sentence[-2], w["name_enclitics"])


def _listed(normalized: str, quoted: list[Quoted]) -> set[Quoted]:
    """Quoted stretches joined by و into a list ("" بين القصرين " و" قصر الشوق ""): titles
    or names, not speech, which is quoted one stretch at a time."""
    listed: set[Quoted] = set()
    for first, second in itertools.pairwise(quoted):
        if first.kind == second.kind == "paired" and _LIST_JOIN.fullmatch(
            normalized, first.end + 1, second.opening
        ):
            listed.update((first, second))
    return listed


def _unmarked_after_colon(text: _Text, colon: int) -> tuple[int, int] | None:
    """Direct speech after a speech verb and a colon, without marks: to the sentence's end, or
    to a comma where narration resumes with another speech verb."""
    normalized = text.text
    w = _lists()["quote"]
    before = text.words_before(colon, COLON_SPEECH_WORDS)
    if not any(_speech_verb(word) for word in before):
        return None
    if len(before) == 1 and w["byline_words"].has(before[0]):
        return None  # "كتب: فلان" is a byline
    near = max(text.sentence_start(colon), colon - _CHARS_PER_WORD * WINDOW_WORDS)
    if _BYLINE_DASH.search(normalized, near, colon):
        return None  # "عاطف فتحي - صالح الحمصي:": names in a byline, joined by a dash
    if ":" in normalized[near:colon]:
        return None  # "واشنطن: فلان نيويورك: فلان": a chain of bylines
    start = colon + 1
    while start < len(normalized) and normalized[start] in " \t-–":
        start += 1  # an interview's answer dash stays outside: "فقال: - ..."
    if start >= len(normalized) or normalized[start] in _OPENING:
        return None
    # A stretch with no end in sight is not one person's words (and looking further for each
    # colon of a long text without full stops would take time growing with its square).
    stop = _SPEECH_END.search(normalized, start, start + SPEECH_CHARS)
    while stop is not None and (name_end := _quoted_name_end(normalized, stop.start())):
        stop = _SPEECH_END.search(normalized, name_end, start + SPEECH_CHARS)
    if stop is None and start + SPEECH_CHARS < len(normalized):
        return None
    end = stop.start() if stop else len(normalized)
    for resume in _NARRATION.finditer(normalized, start, end):
        if any(_speech(word) for word in text.words_after(resume.end(), NARRATION_WORDS)):
            end = resume.start()
            break
    while end > start and normalized[end - 1] in _TRIM:
        end -= 1
    if len(_WORD.findall(normalized[start:end])) < DISTANT_WORDS:
        return None
    if ":" in normalized[start:end] or _listing(normalized[start:end]):
        return None  # bylines run on ("واشنطن: فلان نيويورك: ..."), or a list of names
    return start, end


_CLOSING_OF = {"«": "»", "“": "”", '"': '"'}


def _quoted_name_end(normalized: str, at: int) -> int:
    """After the closing mark of a name quoted inside unmarked speech ("... في منطقة "جبل
    الشيخ" بريف دمشق"): an opening mark at ``at`` whose partner closes it on the same line
    within SENTENCE_WORDS words; 0 for any other mark."""
    closing = _CLOSING_OF.get(normalized[at])
    if closing is None:
        return 0
    line_end = normalized.find("\n", at)
    end = normalized.find(closing, at + 1, line_end if line_end >= 0 else len(normalized))
    inner = _WORD.findall(normalized, at + 1, end) if end > 0 else []
    return end + 1 if 0 < len(inner) < SENTENCE_WORDS else 0


# A list after a colon ("13 دولة هي: النرويج، الدانمارك، ..."): this many items or more, each
# of at most LIST_ITEM_WORDS words, is a list, not speech.
LIST_ITEMS = 3
LIST_ITEM_WORDS = 3


def _listing(stretch: str) -> bool:
    items = [_WORD.findall(item) for item in re.split(r"[،,]", stretch)]
    return len(items) >= LIST_ITEMS and all(len(item) <= LIST_ITEM_WORDS for item in items)


def _opens(text: str, at: int) -> bool:
    """A straight mark after a space (or a line's start) and before a letter opens a quote."""
    return (at == 0 or text[at - 1].isspace()) and at + 1 < len(text) and text[at + 1].isalnum()


def _straight_pairs(normalized: str) -> list[Quoted]:
    """The outermost straight-quoted stretches of each line. A line whose marks nest cleanly
    around a title glued to its marks (``"عرضنا فيلم "الرسالة" في ..."``) keeps that
    nesting; any other is read mark by mark for which opens and which closes
    (annotator.suggest.quote_marks)."""
    found: list[Quoted] = []
    line_start = 0
    lines = normalized.split("\n")
    for number, line in enumerate(lines):
        marks = [m.start() for m in _STRAIGHT.finditer(line)]
        nested: list[Quoted] = []
        stack: list[int] = []
        nesting = False
        for i, at in enumerate(marks):
            if not stack or (_opens(line, at) and len(marks) - i - 1 > len(stack)):
                nesting = nesting or bool(stack)
                stack.append(at)
                continue
            opening = stack.pop()
            if not stack:
                nested.append(
                    Quoted(
                        line_start + opening, line_start + opening + 1, line_start + at, "paired"
                    )
                )
        if nesting and not stack:
            found.extend(nested)
        elif marks:
            found.extend(
                straight_quotes(
                    line,
                    line_start,
                    first=number == 0,
                    last=number == len(lines) - 1,
                    introduces=_introduces,
                )
            )
        line_start += len(line) + 1
    return found


def _closing_marks_as_straight(normalized: str) -> str:
    """The text with ``”`` read as a straight mark on every line without ``“``, and ``“`` on
    every line without ``”``: some sites write one of the two at both ends (``وقالت
    المصادر:” ان ... ”.``)."""
    if "”" not in normalized and "“" not in normalized:
        return normalized
    return "\n".join(map(_one_curly_mark_as_straight, normalized.split("\n")))


def _one_curly_mark_as_straight(line: str) -> str:
    if "“" not in line:
        return line.replace("”", '"')
    if "”" not in line:
        return line.replace("“", '"')
    return line


@lru_cache(maxsize=1 << 16)
def _introduces(word: str) -> bool:
    """``word`` introduces speech right after it: a speech verb or noun, إن, قائلا."""
    return _speech(word) or _lists()["quote"]["introducers"].has(word)


def _hamza_names(text: _Text, opening: int, inner_end: int) -> bool:
    """The ء at ``opening`` closes a name rather than opening a quote: it follows a word an ء
    opened ("ءلانس ء"), or the ء taken to close the quote follows a noun that names things,
    so that one opens a name ("... ذكرت صحيفة ء دايلي ميرور ء")."""
    before = text.words_before(opening, 1)
    if before and before[0].startswith("ء"):
        return True
    last = text.words_before(inner_end, 1)
    return bool(last) and _lists()["quote"]["name_nouns"].has(last[0])


def quotes(normalized: str) -> list[Found]:
    text = _text(normalized)
    found = []
    pairs = []
    for pair in _PAIRS.finditer(normalized):
        group = next(g for g in (1, 2, 3, 4) if pair.group(g) is not None)
        pairs.append(Quoted(pair.start(), *pair.span(group), "paired"))
    pairs.extend(_straight_pairs(_closing_marks_as_straight(normalized)))
    pairs.sort(key=lambda q: q.start)
    listed = _listed(normalized, pairs)
    for quoted in pairs:
        if quoted in listed:
            continue
        opening, inner_start, inner_end = quoted.opening, quoted.start, quoted.end
        if quoted.kind == "continued":
            # The text opens inside a quote its mark closes: the words are someone's, said
            # before the text begins (an article cut from a running feed).
            enough = len(_WORD.findall(normalized, inner_start, inner_end)) >= DISTANT_WORDS
            part = "quote:continued" if enough else None
        elif normalized[opening] == "ء" and _hamza_names(text, opening, inner_end):
            continue
        else:
            part = _marked(text, opening, inner_start, inner_end)
            if part is None and quoted.kind == "paired":
                part = _verb_after(text, opening, inner_start, inner_end)
        if part is not None:
            inner = normalized[inner_start:inner_end]
            lead = len(inner) - len(inner.lstrip())
            trail = len(inner) - len(inner.rstrip())
            found.append((inner_start + lead, inner_end - trail, part))
    for colon in re.finditer(":", normalized):
        span = _unmarked_after_colon(text, colon.start())
        if span is not None:
            found.append((*span, "quote:colon_unmarked"))
    return found


@dataclass(frozen=True, slots=True)
class Rule:
    label: str
    find: Callable[[str], list[Found]]  # normalised text -> normalised ranges and their part


RULES: dict[str, Rule] = {
    "casualty_count": Rule("CASUALTY_COUNT", casualty_counts),
    "quote": Rule("QUOTE", quotes),
}
