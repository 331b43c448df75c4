"""What the learned model sees of a text: the one tokenizer's tokens with proclitics split off,
and for each a bag of string features.

Spans start after a proclitic (the gold rule: "والبوكمال" -> "البوكمال"), so the model's units
are ``split_proclitics(tokenize(text))``: every span edge of the dev set but 18 of 3,001
(enclitics such as "العربهم") falls on a unit edge. Invisible marks are no unit.

The features were chosen by 10-fold cross-validation on the NewsFANE dev set (bench/learning.py
and docs/suggest.md): the folded word and its stem without the article, prefixes and suffixes
(Arabic morphology lives there: ية، ين، ون، ات), a shape, whether a unit is glued to the next
(a proclitic) or the previous one (its host), the words and suffixes around it, word pairs,
and what the gazetteer says about it (label and whether its precision is high), which is
how the gazetteer becomes a feature the model can learn to trust or distrust.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from annotator.suggest.phrases import word_key
from annotator.text.proclitics import split_proclitics
from annotator.text.tokenize import Token, tokenize

# The gazetteer's precision above which its feature says "hi".
HIGH_PRECISION = 0.5
_ARTICLE = "ال"

# (start, end, label, precision) of a phrase the gazetteer knows, in text offsets.
GazetteerMatch = tuple[int, int, str, float]


def units(text: str) -> list[Token]:
    """The model's tokens of ``text``: words with proclitics split off, numbers, punctuation."""
    return [t for t in split_proclitics(tokenize(text)) if word_key(t.text)]


def _shape(word: str) -> str:
    first = word[0]
    if first.isdigit():
        return "D"
    if first.isalpha():
        return "A" if "\u0600" <= first <= "\u06ff" else "L"
    return "P"


def gazetteer_tags(tokens: Sequence[Token], matches: Iterable[GazetteerMatch]) -> list[str]:
    """Per token, ``B-LABEL-hi``, ``I-LABEL-lo``... from the gazetteer's matches, the longest
    first where they overlap; "" where it knows nothing."""
    tags = [""] * len(tokens)
    first = {t.start: i for i, t in enumerate(tokens)}
    last = {t.end: i for i, t in enumerate(tokens)}
    for start, end, label, precision in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        a, b = first.get(start), last.get(end)
        if a is None or b is None or any(tags[a : b + 1]):
            continue
        level = "hi" if precision >= HIGH_PRECISION else "lo"
        tags[a] = f"B-{label}-{level}"
        for i in range(a + 1, b + 1):
            tags[i] = f"I-{label}-{level}"
    return tags


@lru_cache(maxsize=1 << 16)
def _own(word: str) -> tuple[str, ...]:
    """The features a word brings wherever it is, cached: words recur."""
    stem = word[2:] if word.startswith(_ARTICLE) and len(word) > 4 else word
    return (
        "bias",
        "w=" + word,
        "st=" + stem,
        "sh=" + _shape(word),
        "p2=" + word[:2],
        "p3=" + word[:3],
        "s1=" + word[-1:],
        "s2=" + word[-2:],
        "s3=" + word[-3:],
        "al" if word.startswith(_ARTICLE) else "-al",
        f"len={min(len(word), 8)}",
    )


@lru_cache(maxsize=1 << 16)
def _around(word: str) -> dict[int, tuple[str, ...]]:
    """The features a word gives its neighbours at each distance, cached."""
    return {
        d: (
            f"{d}w={word}",
            f"{d}s2={word[-2:]}",
            *((f"{d}sh={_shape(word)}",) if d in (-1, 1) else ()),
        )
        for d in (-2, -1, 1, 2)
    }


def features(tokens: Sequence[Token], gazetteer: Sequence[str]) -> list[list[str]]:
    """One list of string features per token (``gazetteer``: ``gazetteer_tags``)."""
    words = [word_key(t.text) for t in tokens]
    around = [_around(w) for w in words]
    n = len(tokens)
    out = []
    for i, token in enumerate(tokens):
        w = words[i]
        f = list(_own(w))
        if i + 1 < n and tokens[i + 1].start == token.end:
            f.append("glued_next")
        if i and tokens[i - 1].end == token.start:
            f.append("glued_prev")
        if gazetteer[i]:
            f.append("g=" + gazetteer[i])
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f += around[j][d]
                if gazetteer[j]:
                    f.append(f"{d}g={gazetteer[j]}")
            else:
                f.append(f"{d}edge")
        if i:
            f.append(f"-1bi={words[i - 1]}|{w}")
        if i + 1 < n:
            f.append(f"+1bi={w}|{words[i + 1]}")
        out.append(f)
    return out


def bio_tags(tokens: Sequence[Token], spans: Iterable[tuple[int, int, str]]) -> list[str]:
    """BIO tags of ``spans`` over ``tokens``; a span whose edges are not token edges (an
    enclitic glued to a name) is left out, as are spans overlapping one already tagged."""
    tags = ["O"] * len(tokens)
    first = {t.start: i for i, t in enumerate(tokens)}
    last = {t.end: i for i, t in enumerate(tokens)}
    for start, end, label in sorted(spans):
        a, b = first.get(start), last.get(end)
        if a is None or b is None or b < a or any(t != "O" for t in tags[a : b + 1]):
            continue
        tags[a] = "B-" + label
        for i in range(a + 1, b + 1):
            tags[i] = "I-" + label
    return tags


def tag_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, label) of each run of tags (an I- after O starts one)."""
    out = []
    i = 0
    while i < len(tags):
        if tags[i] == "O":
            i += 1
            continue
        label = tags[i][2:]
        j = i + 1
        while j < len(tags) and tags[j] == "I-" + label:
            j += 1
        out.append((i, j, label))
        i = j
    return out
