"""Patterns files: one rule per line, in the shape spaCy's entity ruler uses.

    {"label": "SITE", "pattern": "دير الزور"}
    {"label": "ACTOR", "pattern": [{"TEXT": "حزب"}, {"TEXT": "الله"}]}
    {"label": "SITE", "regex": "مطار\\s+\\w+"}

A ``pattern`` (a string, or a list of tokens each with one TEXT, ORTH, LOWER or NORM string)
is a phrase: matched as whole words, tolerant of harakat and letter variants, with proclitics
(و ف ب ل ك) left outside (see phrases.py). A ``regex`` runs on the text exactly as written
(so write variants as character classes); when it has a group named ``span``, that group is the
span, otherwise the whole match. An ``id`` key, as spaCy writes, is allowed and ignored. Blank
lines are skipped. Any other problem stops loading with a message naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import orjson

from annotator.annotations.labels import LabelSet, default_labels
from annotator.problems import UserError
from annotator.regular_files import read_regular
from annotator.suggest.phrases import PhraseIndex, split_phrase

_TOKEN_KEYS = ("TEXT", "ORTH", "LOWER", "NORM")
_KEYS = {"label", "pattern", "regex", "id"}
# Enough problems to fix in one go without burying the first.
_MAX_SHOWN = 10


@dataclass(frozen=True, slots=True)
class RegexRule:
    regex: re.Pattern[str]
    label: str
    source: str

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        group = "span" if "span" in self.regex.groupindex else 0
        found = []
        for match in self.regex.finditer(text):
            start, end = match.span(group)
            if start >= 0 and end > start:
                found.append((start, end, self.label, self.source))
        return found


@dataclass
class Patterns:
    phrases: PhraseIndex
    regexes: list[RegexRule]

    def __len__(self) -> int:
        return len(self.phrases) + len(self.regexes)


def no_patterns() -> Patterns:
    return Patterns(PhraseIndex(), [])


def _phrase_text(pattern: object) -> str | None:
    """The phrase a ``pattern`` value stands for, or None when it is not a usable one."""
    if isinstance(pattern, str):
        return pattern
    if not isinstance(pattern, list) or not pattern:
        return None
    words = []
    for token in pattern:
        if not isinstance(token, dict) or len(token) != 1:
            return None
        ((key, value),) = token.items()
        if key not in _TOKEN_KEYS or not isinstance(value, str) or not value.strip():
            return None
        words.append(value.strip())
    return " ".join(words)


def parse_patterns(files: list[tuple[str, bytes]], labels: LabelSet | None = None) -> Patterns:
    """The rules in ``files`` (each a name and its contents), or UserError naming every
    bad line."""
    labels = labels or default_labels()
    phrases = PhraseIndex()
    regexes: list[RegexRule] = []
    problems: list[str] = []
    first_seen: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, str]] = {}
    for name, data in files:
        for number, raw in enumerate(data.split(b"\n"), 1):
            if raw.strip():
                where = f"{name}: line {number}"
                source = f"pattern:{Path(name).name}:{number}"
                problem = _parse_line(raw, where, source, labels, phrases, regexes, first_seen)
                if problem:
                    problems.append(f"{where}: {problem}")
    if problems:
        more = len(problems) - _MAX_SHOWN
        shown = "\n  ".join(problems[:_MAX_SHOWN])
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise UserError(f"bad patterns file:\n  {shown}{tail}")
    return Patterns(phrases, regexes)


def _parse_line(
    raw: bytes,
    where: str,
    source: str,
    labels: LabelSet,
    phrases: PhraseIndex,
    regexes: list[RegexRule],
    first_seen: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[str, str]],
) -> str | None:
    """Add the rule on one line; the problem with it, if any."""
    try:
        rule = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return f"not valid JSON ({exc}); write one object per line"
    if not isinstance(rule, dict):
        return 'expected an object like {"label": "SITE", "pattern": "دير الزور"}'
    unknown = set(rule) - _KEYS
    if unknown:
        return f"unknown key(s) {', '.join(sorted(unknown))}; use label with pattern or regex"
    label = rule.get("label")
    if not isinstance(label, str) or label not in labels:
        return f"label {label!r} is not one of {', '.join(labels.names)}"
    if ("pattern" in rule) == ("regex" in rule):
        return 'give exactly one of "pattern" or "regex"'
    if "regex" in rule:
        if not isinstance(rule["regex"], str) or not rule["regex"]:
            return "regex must be a non-empty string"
        try:
            compiled = re.compile(rule["regex"])
        except re.error as exc:
            return f"regex does not compile: {exc}"
        if compiled.match(""):
            return "regex matches empty text; it must match at least one character"
        regexes.append(RegexRule(compiled, label, source))
        return None
    text = _phrase_text(rule["pattern"])
    words, gaps = split_phrase(text) if text is not None else ((), ())
    if text is None or not words:
        return (
            "pattern must be a string with at least one word, or a list of tokens "
            'like [{"TEXT": "حزب"}, {"TEXT": "الله"}]; use "regex" for anything more'
        )
    if (words, gaps) in first_seen:
        earlier, earlier_label = first_seen[words, gaps]
        if earlier_label != label:
            return f"the same words are {earlier_label} at {earlier}; keep one label per phrase"
        return None
    first_seen[words, gaps] = (where, label)
    phrases.put(text, label, source)
    return None


def load_patterns(paths: list[Path], labels: LabelSet | None = None) -> Patterns:
    """The rules of every patterns file in ``paths``, or UserError."""
    files = []
    for path in paths:
        try:
            data = read_regular(path)
        except FileNotFoundError:
            raise UserError(f"{path}: no such patterns file") from None
        except OSError as exc:
            raise UserError(f"{path}: cannot read patterns: {exc.strerror}") from None
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError(
                f"{path}: byte {exc.start}: not UTF-8; save the file as UTF-8"
            ) from None
        files.append((str(path), data.removeprefix(b"\xef\xbb\xbf")))
    return parse_patterns(files, labels)
