"""Agreement on what links spans and labels documents: relations, span attributes, document
labels, each per type.

* **Relations** are compared by their ends. Exactly: a relation of ``a`` matches one of ``b``
  when the type, the head span's ``(start, end, label)`` and the tail span's are all equal.
  Under overlap: the type is equal and each end overlaps the other's same-labelled end; matching
  is one to one, the pair sharing the most characters over both ends first (then earlier
  ``a``, then earlier ``b``), as for spans (annotator.agreement.matching). Counts and F1 per
  relation type, ``a`` the reference.
* **Attributes**, per attribute name: the items are the spans both annotators marked exactly
  (same offsets and label) on which either set the attribute; each annotator's value is the
  one set, or ``(unset)``. Cohen's kappa per pair; Krippendorff's alpha over every annotator
  who marked the span.
* **Document labels**, per name: the items are the documents. A single-choice name's value is
  the one set, or ``(none)``; a name with several values set by anyone in the document
  (multiple choice) gives one yes/no item per value. Kappa per pair, alpha over the annotators
  with a record of the document.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from annotator.agreement.alpha import nominal_alpha
from annotator.agreement.kappa import cohen_kappa
from annotator.agreement.matching import Counts
from annotator.annotations.links import Key, relation_keys
from annotator.annotations.model import DocRecord, Scalar
from annotator.annotations.schema import split_doc_label

UNSET = "(unset)"
NONE = "(none)"

Relation = tuple[str, Key, Key]


def relation_counts(a: DocRecord, b: DocRecord) -> dict[str, Counts]:
    """Per relation type, exact matches of ``b``'s relations against ``a``'s."""
    keys_a, keys_b = relation_keys(a), relation_keys(b)
    tp = Counter(k[0] for k in keys_a & keys_b)
    fn = Counter(k[0] for k in keys_a - keys_b)
    fp = Counter(k[0] for k in keys_b - keys_a)
    return {kind: Counts(tp[kind], fp[kind], fn[kind]) for kind in tp | fn | fp}


def _shared(x: Key, y: Key) -> int:
    if x[2] != y[2]:
        return 0
    return max(0, min(x[1], y[1]) - max(x[0], y[0]))


def relation_overlap_counts(a: DocRecord, b: DocRecord) -> dict[str, Counts]:
    """Per relation type, one-to-one overlap matches (see the module docstring)."""
    rels_a, rels_b = sorted(relation_keys(a)), sorted(relation_keys(b))
    candidates = []
    for i, x in enumerate(rels_a):
        for j, y in enumerate(rels_b):
            if x[0] != y[0]:
                continue
            head, tail = _shared(x[1], y[1]), _shared(x[2], y[2])
            if head and tail:
                candidates.append((-(head + tail), i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    tp: Counter[str] = Counter()
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            tp[rels_a[i][0]] += 1
    total_a = Counter(k[0] for k in rels_a)
    total_b = Counter(k[0] for k in rels_b)
    return {
        kind: Counts(tp[kind], total_b[kind] - tp[kind], total_a[kind] - tp[kind])
        for kind in total_a | total_b
    }


def attribute_items(records: Mapping[str, DocRecord]) -> dict[str, dict[Key, dict[str, str]]]:
    """Per attribute name, per span key: each annotator's value (as text) on the spans at
    least two of ``records`` marked exactly and someone set the attribute on."""
    values: dict[str, dict[Key, dict[str, str]]] = {}
    marked: dict[Key, list[str]] = {}
    set_on: dict[str, dict[Key, dict[str, Scalar]]] = {}
    for name, record in records.items():
        keys = {span.id: span.key() for span in record.spans}
        for key in set(keys.values()):
            marked.setdefault(key, []).append(name)
        for span_id, attributes in record.attributes.items():
            if span_id in keys:
                for attribute, value in attributes.items():
                    set_on.setdefault(attribute, {}).setdefault(keys[span_id], {})[name] = value
    for attribute, by_key in set_on.items():
        for key, given in by_key.items():
            coders = marked.get(key, [])
            if len(coders) >= 2:
                values.setdefault(attribute, {})[key] = {
                    name: str(given[name]) if name in given else UNSET for name in coders
                }
    return values


def doc_label_items(
    records: Mapping[str, DocRecord], doc_id: str
) -> dict[str, dict[str, dict[str, str]]]:
    """Per document-label name, per item (the document, or the document and one value for a
    name with several values set): each annotator's value."""
    chosen: dict[str, dict[str, set[str]]] = {}
    for name, record in records.items():
        for entry in record.doc_labels:
            group, value = split_doc_label(entry)
            chosen.setdefault(group, {}).setdefault(name, set()).add(value)
    out: dict[str, dict[str, dict[str, str]]] = {}
    for group, by_annotator in chosen.items():
        every = set().union(*by_annotator.values())
        if all(len(v) <= 1 for v in by_annotator.values()):
            out[group] = {
                doc_id: {
                    name: next(iter(by_annotator[name])) if by_annotator.get(name) else NONE
                    for name in records
                }
            }
        else:
            out[group] = {
                f"{doc_id}={value}": {
                    name: "yes" if value in by_annotator.get(name, set()) else "no"
                    for name in records
                }
                for value in sorted(every)
            }
    return out


@dataclass(slots=True)
class NominalAgreement:
    """Values coded on items by several annotators: kappa per pair, alpha over everyone."""

    items: dict[str, dict[str, str]] = field(default_factory=dict)  # item -> annotator -> value

    def add(self, items: Mapping[str, Mapping[str, str]]) -> None:
        for item, values in items.items():
            self.items[item] = dict(values)

    def kappa(self, a: str, b: str) -> float | None:
        pairs = Counter((v[a], v[b]) for v in self.items.values() if a in v and b in v)
        return cohen_kappa(pairs)

    def alpha(self) -> float | None:
        units = Counter(tuple(sorted(v.values())) for v in self.items.values())
        return nominal_alpha(units)

    def to_json(self, annotators: Sequence[str]) -> dict[str, Any]:
        return {
            "items": len(self.items),
            "alpha": self.alpha(),
            "kappa": [
                {"a": a, "b": b, "kappa": self.kappa(a, b)} for a, b in combinations(annotators, 2)
            ],
        }


@dataclass(slots=True)
class LinkReport:
    """Relation F1 per pair and type; attribute and document-label agreement per name."""

    annotators: tuple[str, ...]
    exact: dict[tuple[str, str], dict[str, Counts]] = field(default_factory=dict)
    overlap: dict[tuple[str, str], dict[str, Counts]] = field(default_factory=dict)
    attributes: dict[str, NominalAgreement] = field(default_factory=dict)
    doc_labels: dict[str, NominalAgreement] = field(default_factory=dict)

    def add(self, doc_id: str, records: Mapping[str, DocRecord]) -> None:
        """One document, as each annotator with a record of it has it (all on one text)."""
        present = [name for name in self.annotators if name in records]
        chosen = {name: records[name] for name in present}
        # Most documents hold none of these: nothing to count, and no span to look at.
        if not any(r.relations or r.attributes or r.doc_labels for r in chosen.values()):
            for a, b in combinations(present, 2):
                self.exact.setdefault((a, b), {})
                self.overlap.setdefault((a, b), {})
            return
        for a, b in combinations(present, 2):
            for into, counts in (
                (self.exact, relation_counts(records[a], records[b])),
                (self.overlap, relation_overlap_counts(records[a], records[b])),
            ):
                per_type = into.setdefault((a, b), {})
                for kind, c in counts.items():
                    per_type[kind] = per_type.get(kind, Counts()) + c
        for attribute, by_key in attribute_items(chosen).items():
            self.attributes.setdefault(attribute, NominalAgreement()).add(
                {f"{doc_id}@{k[0]}-{k[1]}:{k[2]}": v for k, v in by_key.items()}
            )
        if len(present) >= 2:
            for group, items in doc_label_items(chosen, doc_id).items():
                self.doc_labels.setdefault(group, NominalAgreement()).add(items)

    def empty(self) -> bool:
        has_relations = any(self.exact.values()) or any(self.overlap.values())
        return not (has_relations or self.attributes or self.doc_labels)

    def to_json(self) -> dict[str, Any]:
        return {
            "relations": [
                {
                    "a": a,
                    "b": b,
                    "per_type": {
                        kind: {
                            "exact": self.exact[(a, b)].get(kind, Counts()).to_json(),
                            "overlap": self.overlap[(a, b)].get(kind, Counts()).to_json(),
                        }
                        for kind in sorted(set(self.exact[(a, b)]) | set(self.overlap[(a, b)]))
                    },
                }
                for a, b in self.exact
            ],
            "attributes": {
                name: agreement.to_json(self.annotators)
                for name, agreement in sorted(self.attributes.items())
            },
            "doc_labels": {
                name: agreement.to_json(self.annotators)
                for name, agreement in sorted(self.doc_labels.items())
            },
        }
