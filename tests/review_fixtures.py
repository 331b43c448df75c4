"""The review fixture journals (tests/fixtures/review/README.md) and the candidates they make
on the sample article, named once for every review and agreement test."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora"
FIXTURES = ROOT / "tests" / "fixtures" / "review"
TWO = ["amal", "omar"]  # the two annotators reviewed: 6 conflicts on the sample article

# (start, end, label) of each candidate on deir-ez-zor-strikes.txt, as the README's table.
FORCES = (29, 43, "ACTOR")
SITE = (81, 89, "SITE")
DEIR = (95, 103, "SITE")
IRGC_ACTOR = (1262, 1283, "ACTOR")
IRGC_SITE = (1262, 1283, "SITE")
CAS_SHORT = (1325, 1333, "CASUALTY_COUNT")
CAS_LONG = (1325, 1343, "CASUALTY_COUNT")
BASE = (1478, 1494, "SITE")
NETANYAHU = (2142, 2149, "ACTOR")


# Two annotators' relations, attributes and document labels on the sample article, for the
# review of links (written by ``relation_journals``). amal and omar agree on the spans but
# amal's ARMY; on the first quote's speaker, the 38's kind and event=airstrike. They differ on
# the second quote's speaker (NETANYAHU_FULL vs NETANYAHU_SHORT), the 50's kind (wounded vs
# killed), and relevant (yes vs no). The third quote's speaker is amal's ARMY, a span only
# she marked.
QUOTE_1 = (2155, 2309, "QUOTE")
QUOTE_2 = (2327, 2542, "QUOTE")
QUOTE_3 = (2669, 2791, "QUOTE")
NETANYAHU_FULL = (2134, 2149, "ACTOR")
NETANYAHU_SHORT = (2318, 2325, "ACTOR")
ARMY = (2635, 2651, "ACTOR")
CAS_38 = (1325, 1333, "CASUALTY_COUNT")
CAS_50 = (1433, 1445, "CASUALTY_COUNT")
LINK_SPANS = {
    "q1": QUOTE_1,
    "q2": QUOTE_2,
    "q3": QUOTE_3,
    "full": NETANYAHU_FULL,
    "short": NETANYAHU_SHORT,
    "army": ARMY,
    "c38": CAS_38,
    "c50": CAS_50,
}


def relation_journals(folder: Path) -> Path:
    """amal's and omar's journals with relations in ``folder`` (created); the folder. Span
    ids are ``<name>.<LINK_SPANS key>``, relation ids ``<name>.r<n>``."""
    from annotator.annotations.model import DocRecord, Relation, Span
    from annotator.store.journal import Journal

    sample = (CORPUS / "deir-ez-zor-strikes.txt").read_text(encoding="utf-8")
    amal = {
        "spans": list(LINK_SPANS),
        "relations": [("q1", "full"), ("q2", "short"), ("q3", "army")],
        "kinds": {"c38": "killed", "c50": "wounded"},
        "doc_labels": ["event=airstrike", "relevant=yes"],
    }
    omar = {
        "spans": [name for name in LINK_SPANS if name != "army"],
        "relations": [("q1", "full"), ("q2", "full")],
        "kinds": {"c38": "killed", "c50": "killed"},
        "doc_labels": ["event=airstrike", "relevant=no"],
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, made in (("amal", amal), ("omar", omar)):
        spans = [
            Span.of(sample, *LINK_SPANS[s][:2], LINK_SPANS[s][2], id=f"{name}.{s}")
            for s in made["spans"]
        ]
        relations = [
            Relation(f"{name}.r{n}", "SPEAKER", f"{name}.{head}", f"{name}.{tail}")
            for n, (head, tail) in enumerate(made["relations"])
        ]
        kinds = made["kinds"]
        assert isinstance(kinds, dict)
        record = DocRecord(
            "deir-ez-zor-strikes.txt",
            sample,
            sorted(spans, key=Span.key),
            "accepted",
            annotator=name,
            relations=relations,
            attributes={f"{name}.{s}": {"kind": kind} for s, kind in kinds.items()},
            doc_labels=list(made["doc_labels"]),
        )
        with Journal.open(folder / f"{name}.jsonl") as journal:
            journal.append(record)
    return folder
