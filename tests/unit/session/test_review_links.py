"""Gold keeps the relations, attributes and document labels every annotator made, mapped
onto the gold spans' ids; the rest are counted as still to settle."""

from annotator.agreement.documents import collect_documents
from annotator.annotations.labels import default_labels
from annotator.annotations.links import attribute_keys, relation_keys
from annotator.annotations.model import DocRecord
from annotator.session.editing import DocumentSession
from annotator.session.review import DocReview

LABELS = default_labels()
TEXT = "قال نتنياهو: سنرد. قتل 5 في البوكمال"


def record(extra_relation: bool, kind: str, relevant: str) -> DocRecord:
    s = DocumentSession("d", TEXT, LABELS.names, schema=LABELS)
    made = {}
    for words, label in (("نتنياهو", "ACTOR"), ("سنرد", "QUOTE"), ("5", "CASUALTY_COUNT"),
                         ("البوكمال", "SITE")):  # fmt: skip
        made[words] = s.add(TEXT.index(words), TEXT.index(words) + len(words), label)
    s.link(made["سنرد"], made["نتنياهو"], "SPEAKER")
    if extra_relation:
        s.link(made["5"], made["البوكمال"], "LOCATION")
    s.set_attribute(made["5"], "kind", kind)
    s.toggle_doc_label("relevant", relevant)
    s.toggle_doc_label("event", "airstrike")
    return s.record("x")


def test_gold_holds_what_everyone_made_between_accepted_spans():
    a, b = record(True, "killed", "yes"), record(False, "killed", "no")
    docs, problems = collect_documents(["a", "b"], {"a": {"d": a}, "b": {"d": b}})
    assert problems == []
    review = DocReview(docs[0], ["a", "b"], labels=LABELS)
    assert review.accept_agreed() == 4 + 3  # the agreed spans, then the agreed links
    gold = review.to_record("lina")
    assert relation_keys(gold) == {("SPEAKER", (13, 17, "QUOTE"), (4, 11, "ACTOR"))}
    assert attribute_keys(gold) == {((23, 24, "CASUALTY_COUNT"), "kind", "killed")}
    assert gold.doc_labels == ["event=airstrike"]
    # LOCATION (only a's) and relevant=yes / relevant=no are left to settle.
    assert review.link_disagreements() == 3
    # A relation whose end is not accepted in gold is not written: never a dangling id.
    review.reject((4, 11, "ACTOR"))
    assert review.to_record("lina").relations == []
    again = DocRecord.from_json(gold.to_json())
    assert relation_keys(again) == relation_keys(gold)
