"""What an export or import did to each span it could not carry over unchanged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.model import Span


class Described:
    """What every span issue prints: the document, the span, why, and what was done."""

    __slots__ = ()
    doc_id: str
    span: Span
    kind: str
    reason: str
    action: str

    def __str__(self) -> str:
        s = self.span
        # Ids come from files: never let one carry a terminal escape to the screen.
        shown = self.doc_id if self.doc_id.isprintable() else repr(self.doc_id)
        return f"{shown}: {s.label} [{s.start}, {s.end}) {s.text!r}: {self.reason}; {self.action}"


@dataclass(frozen=True, slots=True)
class SpanIssue(Described):
    """One span an export changed or left out, with why and what was done instead."""

    doc_id: str
    span: Span
    kind: str  # "misaligned", "stale", "overlap", "line-break"
    reason: str
    action: str


@dataclass
class ExportReport:
    documents: int = 0
    spans: int = 0
    excluded: Counter[str] = field(default_factory=Counter)  # documents left out, by status
    issues: list[Described] = field(default_factory=list)  # SpanIssue, SplitIssue

    def misaligned(self) -> list[Described]:
        return [i for i in self.issues if i.kind == "misaligned"]

    def of_kind(self, kind: str) -> list[Described]:
        return [i for i in self.issues if i.kind == kind]
