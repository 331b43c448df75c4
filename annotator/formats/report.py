"""What an export or import did to each span it could not carry over unchanged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from annotator.annotations.model import Span


class Described:
    """What every span issue prints: the document, the span, why, and what was done."""

    __slots__ = ()
    doc_id: str
    span: Span
    kind: str
    reason: str
    action: str

    def __str__(self) -> str:
        return _described(self.doc_id, self.span, self.reason, self.action)


def _described(doc_id: str, s: Span, reason: str, action: str) -> str:
    # Ids come from files: never let one carry a terminal escape to the screen.
    shown = doc_id if doc_id.isprintable() else repr(doc_id)
    return f"{shown}: {s.label} [{s.start}, {s.end}) {s.text!r}: {reason}; {action}"


@dataclass(frozen=True, slots=True)
class SpanIssue(Described):
    """One span an export changed or left out, with why and what was done instead."""

    doc_id: str
    span: Span
    kind: str  # "misaligned", "stale", "overlap", "line-break", "link"
    reason: str
    action: str


# (span index, "starts" | "ends", "cut" | "space", offset, token start, token end): one change
# a span edge made to the tokens under --align split (annotator.formats.alignment).
SplitEvent = tuple[int, str, str, int, int, int]


class SplitIssue(NamedTuple):
    """What a span's edges did to the tokens under ``--align split`` (one or two events); its
    words are put together only when it is read."""

    doc_id: str
    text: str  # the document's
    span: Span
    events: tuple[SplitEvent, ...]

    @property
    def kind(self) -> str:
        return "split"

    def __str__(self) -> str:
        return _described(self.doc_id, self.span, self.reason, self.action)

    @property
    def reason(self) -> str:
        text, reasons = self.text, []
        for _, role, what, _, s, e in self.events:
            if what == "cut":
                reasons.append(f"{role} inside token {text[s:e]!r} [{s}, {e})")
            else:
                reasons.append(f"{role} at the space after token {text[s:e]!r}")
        return " and ".join(reasons)

    @property
    def action(self) -> str:
        text, actions = self.text, []
        for _, _, what, at, s, e in self.events:
            if what == "cut":
                actions.append(f"token split at {at}: {text[s:at]!r} + {text[at:e]!r}")
            else:
                actions.append(f"the space [{at}, {at + 1}) made a token")
        return "; ".join(actions) + "; span exported as annotated"


@dataclass
class ExportReport:
    documents: int = 0
    spans: int = 0
    relations: int = 0
    attributes: int = 0
    doc_labels: int = 0  # documents with document labels
    # What the records hold that the format cannot carry: "relations", "attributes",
    # "doc_labels" -> how many.
    not_carried: Counter[str] = field(default_factory=Counter)
    excluded: Counter[str] = field(default_factory=Counter)  # documents left out, by status
    # SpanIssue objects, and each split issue as a plain tuple of SplitIssue's fields: most
    # exports of Arabic split a proclitic off somewhere, thousands of times in a corpus, and a
    # plain tuple costs a tenth of a named one to make.
    _found: list[SpanIssue | tuple[str, str, Span, tuple[SplitEvent, ...]]] = field(
        default_factory=list
    )

    def add(self, issue: SpanIssue) -> None:
        self._found.append(issue)

    def add_split(self, doc_id: str, text: str, span: Span, events: tuple[SplitEvent, ...]) -> None:
        self._found.append((doc_id, text, span, events))

    @property
    def issues(self) -> list[SpanIssue | SplitIssue]:
        """Every issue, in the order found."""
        return [SplitIssue(*i) if isinstance(i, tuple) else i for i in self._found]

    def misaligned(self) -> list[SpanIssue | SplitIssue]:
        return self.of_kind("misaligned")

    def of_kind(self, kind: str) -> list[SpanIssue | SplitIssue]:
        return [i for i in self.issues if i.kind == kind]
