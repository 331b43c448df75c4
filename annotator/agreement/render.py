"""The agreement report as plain text for a terminal (no markup, no escape sequences)."""

from __future__ import annotations

from collections.abc import Callable
from itertools import combinations

from annotator.agreement.links import LinkReport
from annotator.agreement.matching import Counts
from annotator.agreement.report import AgreementReport, PairReport

FSI = "\u2068"  # first-strong isolate
PDI = "\u2069"  # pop directional isolate


def safe(value: str) -> str:
    """Names and ids are data: control characters are shown as escapes, never sent raw."""
    return "".join(
        ch if ch.isprintable() or ch == " " else f"\\u{ord(ch):04x}" for ch in str(value)
    )


def isolated(value: str) -> str:
    """``safe`` and bidi-isolated, so an Arabic id cannot pull the figures beside it into its
    right-to-left run when the report is laid out with bidi (the app's agreement screen)."""
    return FSI + safe(value) + PDI


def figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _width(cell: str) -> int:
    return len(cell) - cell.count(FSI) - cell.count(PDI)


def _table(header: list[str], rows: list[list[str]], left: int = 1) -> list[str]:
    """Columns padded to width; the first ``left`` columns left-aligned, the rest right."""
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    out = []
    for row in [header, *rows]:
        cells = []
        for i, (cell, w) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (w - _width(cell))
            cells.append(cell + pad if i < left else pad + cell)
        out.append("  " + "  ".join(cells).rstrip())
    return out


def _counts_row(pair: str, match: str, label: str, c: Counts) -> list[str]:
    return [
        pair,
        match,
        label,
        str(c.tp),
        str(c.fp),
        str(c.fn),
        figure(c.precision),
        figure(c.recall),
        figure(c.f1),
    ]


def _links(links: LinkReport, data: Callable[[str], str]) -> list[str]:
    """Relation F1 per pair and type; attribute and document-label kappa and alpha per name."""
    lines = ["", "Relations (a relation matches when its type and both ends match):"]
    rows = [
        _counts_row(f"{data(a)} / {data(b)}", match, data(kind), counts[kind])
        for (a, b), per_type in links.exact.items()
        for kind in sorted(set(per_type) | set(links.overlap[(a, b)]))
        for match, counts in (("exact", per_type), ("overlap", links.overlap[(a, b)]))
        if kind in counts
    ]
    header = ["pair", "match", "type", "tp", "fp", "fn", "precision", "recall", "F1"]
    lines += _table(header, rows, left=3) if rows else ["  none"]
    for title, by_name in (
        ("Attributes (spans both marked exactly)", links.attributes),
        ("Document labels", links.doc_labels),
    ):
        lines += ["", f"{title}: Cohen's kappa per pair, Krippendorff's alpha:"]
        if not by_name:
            lines.append("  none")
            continue
        pairs = list(combinations(links.annotators, 2))
        lines += _table(
            ["name", "items", *(f"kappa {data(a)}/{data(b)}" for a, b in pairs), "alpha"],
            [
                [
                    data(name),
                    str(len(agreement.items)),
                    *(figure(agreement.kappa(a, b)) for a, b in pairs),
                    figure(agreement.alpha()),
                ]
                for name, agreement in sorted(by_name.items())
            ],
        )
    return lines


def render_text(report: AgreementReport, data: Callable[[str], str] = safe) -> str:
    """The report; ``data`` shows each name, id and label (``safe``, or ``isolated``)."""

    def pair_name(p: PairReport) -> str:
        return f"{data(p.a)} / {data(p.b)}"

    def span_rows(p: PairReport) -> list[list[str]]:
        rows = []
        for match, per_label, overall in (
            ("exact", p.exact, p.exact_total),
            ("overlap", p.overlap, p.overlap_total),
        ):
            rows.append(_counts_row(pair_name(p), match, "(all)", overall))
            for label in sorted(per_label):
                rows.append(_counts_row("", "", data(label), per_label[label]))
        return rows

    def confusion(p: PairReport) -> list[str]:
        rows_labels = sorted({a for a, _ in p.confusion})
        cols_labels = sorted({b for _, b in p.confusion})
        header = [f"{data(p.a)} \\ {data(p.b)}", *map(data, cols_labels)]
        rows = [
            [data(la), *(str(p.confusion.get((la, lb), 0)) for lb in cols_labels)]
            for la in rows_labels
        ]
        return _table(header, rows)

    names = ", ".join(data(n) for n in report.annotators)
    lines = [
        f"Agreement between {names}",
        f"{report.documents} document(s); {report.compared} with records from "
        "at least two annotators.",
        "",
        "Span F1 (exact: same start, end and label; overlap: same label, ranges overlap,",
        "one-to-one). fn = spans only the first annotator has, fp = only the second.",
    ]
    header = ["pair", "match", "label", "tp", "fp", "fn", "precision", "recall", "F1"]
    rows = [row for p in report.pairs for row in span_rows(p)]
    lines += _table(header, rows, left=3) if rows else ["  (no pairs)"]
    lines += ["", "Token-level Cohen's kappa over IOB tags:"]
    lines += _table(
        ["pair", "documents", "tokens", "kappa"],
        [[pair_name(p), str(p.documents), str(p.tokens), figure(p.kappa)] for p in report.pairs],
    )
    lines += [
        "",
        f"Krippendorff's alpha (nominal, IOB tags, all annotators): {figure(report.alpha)} "
        f"over {report.alpha_units} token(s) coded by at least two.",
        "",
        "Label confusions (same range, different label):",
    ]
    confused = [p for p in report.pairs if p.confusion]
    if not confused:
        lines.append("  none")
    for i, p in enumerate(confused):
        lines += ([""] if i else []) + confusion(p)
    lines += ["", "Documents with the lowest agreement (mean pairwise exact F1):"]
    if report.lowest:
        lines += _table(
            ["document", "exact F1", "overlap F1", "spans"],
            [
                [
                    data(d.doc_id),
                    figure(d.exact_f1),
                    figure(d.overlap_f1),
                    " ".join(f"{data(n)}={k}" for n, k in d.spans.items()),
                ]
                for d in report.lowest
            ],
        )
    else:
        lines.append("  none (no document was marked by two annotators)")
    if report.links is not None and not report.links.empty():
        lines += _links(report.links, data)
    if report.problems:
        lines += ["", f"Left out ({len(report.problems)}):"]
        lines += [f"  {data(problem)}" for problem in report.problems]
    return "\n".join(lines) + "\n"
