"""Which straight quotation marks open and which close a quote.

A straight mark (``"``) looks the same at both ends, and wire text sets it off with spaces on
both sides (``قال " ... "``), so pairing the marks one by one from the start goes wrong at the
first mark without a partner. News articles cut from a running feed have many: a quote opened
at an article's end is closed in the next article, which then starts inside it; a mark is
left out by the writer. Each mark is therefore read for how it looks as an opening mark and
as a closing one (a colon or a speech verb before it opens; punctuation after it, or a full
stop before it, closes), and the reading of all the marks of a line that fits best is kept:
the line may start inside a quote (its first mark closes it), end inside one, or leave a
quote unclosed up to the end of its sentence, each at a cost.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_MARK = re.compile(r'"')
_SENTENCE_END = re.compile(r"[.!?؟]")
# After a closing mark, or before an opening one that cannot be: punctuation.
_CLOSING_PUNCTUATION = frozenset(".،,؛;:!?؟)")
_ENDS_SENTENCE = frozenset(".!?؟")
_PROCLITICS = frozenset("وفبلك")
_MUST_CLOSE = re.compile(r'"(?=\s*(?:[.،,؛;:!?؟)]|$))')
_MUST_OPEN = re.compile(r'(?:^|:)\s*"')

# What each reading of a line costs beyond its marks' own look (scores, higher is better).
STARTS_INSIDE = -2  # the line opens inside a quote the text before it opened
ENDS_INSIDE = -1  # the line ends inside a quote: an article cut from a running feed
UNCLOSED = -2  # a quote left unclosed, ending at its sentence's end, before the next mark


@dataclass(frozen=True, slots=True)
class Quoted:
    """A stretch between marks: ``opening`` is its mark (its inner start when no mark opens
    it, the text having started inside it); ``kind`` is ``paired``, ``continued`` (from the
    text's start to a closing mark), ``to_end`` (an opening mark never closed before the
    text ends) or ``to_sentence_end`` (one never closed, ending with its sentence)."""

    opening: int
    start: int
    end: int
    kind: str


def _look(line: str, at: int, introduces: Callable[[str], bool]) -> tuple[int, int]:
    """How much the mark at ``at`` looks like an opening and like a closing mark."""
    left_at = at - 1
    while left_at >= 0 and line[left_at].isspace():
        left_at -= 1
    right_at = at + 1
    while right_at < len(line) and line[right_at].isspace():
        right_at += 1
    left = line[left_at] if left_at >= 0 else None
    right = line[right_at] if right_at < len(line) else None
    opening = closing = 0
    if left == ":":
        opening += 2
        closing -= 3
    if left is None:
        opening += 1
        closing -= 3
    if left is not None and left.isalnum():
        word_start = left_at
        while word_start > 0 and line[word_start - 1].isalnum():
            word_start -= 1
        if introduces(line[word_start : left_at + 1]):
            opening += 1
            closing -= 1
    if right is None or right in _CLOSING_PUNCTUATION:
        opening -= 3
        closing += 2
    if left in _ENDS_SENTENCE:
        closing += 1
    # A proclitic glued to a mark opens a quote or a name with it: و" قصر الشوق ", بـ"نعم".
    proclitic = left_at == at - 1 and left in _PROCLITICS
    proclitic = proclitic and (at < 2 or not line[at - 2].isalnum())
    glued_left = at > 0 and line[at - 1].isalnum() and not proclitic
    if proclitic:
        opening, closing = opening + 1, closing - 1
    glued_right = at + 1 < len(line) and line[at + 1].isalnum()
    if glued_right and not glued_left:
        opening, closing = opening + 1, closing - 1
    elif glued_left and not glued_right:
        opening, closing = opening - 1, closing + 1
    return opening, closing


def _in_order(line: str, marks: list[int]) -> bool:
    """The marks pair in order, as most lines' do: an even number of them, and none that
    must close (punctuation or the line's end after it) or must open (a colon or the line's
    start before it) in the wrong place. The whole reading is then not needed."""
    if len(marks) % 2:
        return False
    index = {at: i for i, at in enumerate(marks)}
    closing = (index[m.start()] for m in _MUST_CLOSE.finditer(line))
    opening = (index[m.end() - 1] for m in _MUST_OPEN.finditer(line))
    return all(i % 2 for i in closing) and not any(i % 2 for i in opening)


def straight_quotes(
    line: str, offset: int, *, first: bool, last: bool, introduces: Callable[[str], bool]
) -> list[Quoted]:
    """The quoted stretches of ``line`` (at ``offset`` in its text; ``first`` and ``last``
    say whether the text starts or ends with it) by the best reading of its straight marks.
    ``introduces`` tells a word that introduces speech (a speech verb, إن, قائلا)."""
    marks = [m.start() for m in _MARK.finditer(line)]
    if not marks:
        return []
    if _in_order(line, marks):
        return [
            Quoted(offset + a, offset + a + 1, offset + b, "paired")
            for a, b in zip(marks[::2], marks[1::2], strict=True)
            if line[a + 1 : b].strip()
        ]
    looks = [_look(line, at, introduces) for at in marks]
    # best[i][state]: the best score after the first i marks, outside (0) or inside (1) a
    # quote, and how it was reached. Inside, the quote was opened by mark i-1 (or by the
    # text before the line, when i == 0): a closing mark always leads outside.
    minus = float("-inf")
    best: list[list[tuple[float, int, str]]] = [[(0.0, -1, ""), (STARTS_INSIDE, -1, "")]]
    for i, at in enumerate(marks):
        opening, closing = looks[i]
        out, inside = best[i]
        unclosed = minus
        since = marks[i - 1] + 1 if i else 0
        if _SENTENCE_END.search(line, since, at):
            unclosed = inside[0] + UNCLOSED + opening
        step_out = (inside[0] + closing, 1, "close")
        step_in = max((out[0] + opening, 0, "open"), (unclosed, 1, "unclosed"))
        best.append([step_out, step_in])
    end_out, end_in = best[-1]
    state = 0 if end_out[0] >= end_in[0] + ENDS_INSIDE else 1
    # Walk back through the choices, collecting each mark's role.
    roles = []
    for i in range(len(marks), 0, -1):
        _, previous, role = best[i][state]
        roles.append(role)
        state = previous
    roles.reverse()
    starts_inside = state == 1
    found = []
    opener = None if not starts_inside else -1
    for at, role in zip(marks, roles, strict=True):
        if role == "close":
            if opener == -1:
                if first:
                    found.append(Quoted(offset, offset, offset + at, "continued"))
            elif opener is not None:
                found.append(Quoted(offset + opener, offset + opener + 1, offset + at, "paired"))
            opener = None
            continue
        if role == "unclosed" and opener is not None:
            sentence_end = _SENTENCE_END.search(line, opener + 1 if opener >= 0 else 0)
            if opener >= 0 and sentence_end is not None:
                end = offset + sentence_end.start()
                found.append(Quoted(offset + opener, offset + opener + 1, end, "to_sentence_end"))
        opener = at
    if opener is not None and opener >= 0:
        if last:
            found.append(Quoted(offset + opener, offset + opener + 1, offset + len(line), "to_end"))
        elif sentence_end := _SENTENCE_END.search(line, opener + 1):
            # A paragraph left open: its quote ends with its sentence (one running on into
            # the next paragraph is not taken).
            end = offset + sentence_end.start()
            found.append(Quoted(offset + opener, offset + opener + 1, end, "to_sentence_end"))
    return [q for q in found if line[q.start - offset : q.end - offset].strip()]
