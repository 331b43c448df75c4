"""Progress figures over journals: documents by status, spans per label and per annotator,
mean time per document. Plain data and plain text; the terminal table needs no Rich."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from annotator.annotations.model import STATUSES, DocRecord


@dataclass
class Tally:
    documents: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    spans: int = 0
    by_label: Counter[str] = field(default_factory=Counter)
    timed: int = 0  # documents with time recorded
    seconds: float = 0.0

    def add(self, record: DocRecord) -> None:
        self.documents += 1
        self.by_status[record.status] += 1
        self.spans += len(record.spans)
        self.by_label.update(s.label for s in record.spans)
        if record.seconds > 0:
            self.timed += 1
            self.seconds += record.seconds

    @property
    def mean_seconds(self) -> float | None:
        return self.seconds / self.timed if self.timed else None

    def to_json(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "by_status": {s: self.by_status[s] for s in STATUSES if self.by_status[s]},
            "spans": self.spans,
            "by_label": dict(sorted(self.by_label.items())),
            "timed_documents": self.timed,
            "seconds": round(self.seconds, 3),
            "mean_seconds_per_document": (
                None if self.mean_seconds is None else round(self.mean_seconds, 3)
            ),
        }


@dataclass
class Stats:
    total: Tally
    annotators: dict[str, Tally]

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"total": self.total.to_json()}
        out["annotators"] = {name: t.to_json() for name, t in self.annotators.items()}
        return out


def compute(journals: Mapping[str, Mapping[str, DocRecord]]) -> Stats:
    """Figures for journals given as ``{annotator: {doc id: record}}``; a journal's records
    count for the annotator it belongs to (its file name), and each journal's documents count
    in the total."""
    total = Tally()
    annotators = {}
    for name, records in journals.items():
        tally = annotators[name] = Tally()
        for record in records.values():
            tally.add(record)
            total.add(record)
    return Stats(total, annotators)


def duration(seconds: float | None) -> str:
    """Seconds as a table shows them: ``1m05s``, ``42s``, ``-`` when unknown."""
    if seconds is None:
        return "-"
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _cell(value: str) -> str:
    # Names and labels come from files: never let one carry a terminal escape to the screen.
    return value if value.isprintable() else repr(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    header = [_cell(c) for c in header]
    rows = [[_cell(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    return [line(header), line(["-" * w for w in widths]), *map(line, rows)]


def render_text(stats: Stats) -> str:
    tallies = [*stats.annotators.items(), ("total", stats.total)]
    statuses = [s for s in STATUSES if stats.total.by_status[s]]
    labels = sorted(stats.total.by_label)
    header = ["annotator", "docs", *statuses, "spans", *labels, "mean time"]
    rows = [
        [
            name,
            str(t.documents),
            *(str(t.by_status[s]) for s in statuses),
            str(t.spans),
            *(str(t.by_label[label]) for label in labels),
            duration(t.mean_seconds),
        ]
        for name, t in tallies
    ]
    return "\n".join(_table(header, rows)) + "\n"
