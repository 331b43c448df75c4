"""The exports load into the tools they are for: spaCy reads the canonical JSONL into a DocBin,
and an independent plain reader (and spaCy's own converter) reads the CoNLL file."""

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span
from annotator.formats import ExportOptions, ExportReport, jsonl
from annotator.formats.common import exportable_spans
from annotator.formats.conll import DOCSTART

spacy = pytest.importorskip("spacy")
from spacy.tokens import Doc, DocBin  # noqa: E402


def document(record, options, report):
    """The document as the exported line reads back (tokens and spans may be pre-written)."""
    return orjson.loads(orjson.dumps(jsonl.document(record, options, report)))


NLP = spacy.blank("ar")


def spacy_doc(exported: dict) -> Doc:
    tokens = exported["tokens"]
    return Doc(NLP.vocab, words=[t["text"] for t in tokens], spaces=[t["ws"] for t in tokens])


def strict_misses(doc: Doc, spans) -> int:
    return sum(
        doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict") is None for s in spans
    )


def test_canonical_jsonl_loads_into_a_spacy_docbin(gold):
    report = ExportReport()
    exported = document(gold, ExportOptions(), report)
    doc = spacy_doc(exported)
    assert doc.text == gold.text
    assert [t.idx for t in doc] == [t["start"] for t in exported["tokens"]]
    # The default (--align split) cuts the tokens the 16 trimmed proclitic spans start inside,
    # so spaCy finds every annotated span, exactly as annotated; the cuts are reported.
    assert strict_misses(doc, gold.spans) == 0
    assert len(report.of_kind("split")) == 16 and report.misaligned() == []
    assert [(s["start"], s["end"], s["text"]) for s in exported["spans"]] == [
        (s.start, s.end, s.text) for s in sorted(gold.spans)
    ]
    ents = []
    for span in exported["spans"]:
        ent = doc.char_span(
            span["start"], span["end"], label=span["label"], alignment_mode="strict"
        )
        assert ent is not None
        assert (ent.start, ent.end - 1) == (span["token_start"], span["token_end"])
        ents.append(ent)
    doc.ents = ents
    loaded = list(DocBin(docs=[doc]).from_bytes(DocBin(docs=[doc]).to_bytes()).get_docs(NLP.vocab))
    assert [(e.start_char, e.end_char, e.label_) for e in loaded[0].ents] == [
        (s["start"], s["end"], s["label"]) for s in exported["spans"]
    ]


def test_under_expand_spacy_refuses_exactly_the_reported_spans(gold):
    report = ExportReport()
    doc = spacy_doc(document(gold, ExportOptions(align="expand"), report))
    misses = strict_misses(doc, gold.spans)
    print(
        f"\nspaCy strict char_span: {misses} of {len(gold.spans)} annotated spans misaligned; "
        f"export report: {len(report.misaligned())}"
    )
    assert misses == len(report.misaligned()) == 16


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_split_keeps_every_span_exactly_and_spacy_finds_it(generated, data):
    for record in data.draw(generated):
        report = ExportReport()
        exported = document(record, ExportOptions(), report)
        doc = spacy_doc(exported)
        assert doc.text == record.text
        spans = exportable_spans(record, ExportReport())
        assert strict_misses(doc, spans) == 0
        assert [(s["start"], s["end"], s["label"], s["text"]) for s in exported["spans"]] == [
            (s.start, s.end, s.label, s.text) for s in spans
        ]
        assert report.misaligned() == []


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_spacy_and_the_alignment_report_agree_on_generated_documents(generated, data):
    records = data.draw(generated)
    for record in records:
        report = ExportReport()
        exported = document(record, ExportOptions(align="contract"), report)
        doc = spacy_doc(exported)
        assert doc.text == record.text
        spans = exportable_spans(record, ExportReport())
        assert strict_misses(doc, spans) == len(report.misaligned())
        assert strict_misses(doc, [_Span(**s) for s in exported["spans"]]) == 0


class _Span:
    def __init__(self, start, end, label, **_):
        self.start, self.end, self.label = start, end, label


def read_conll(text: str) -> list[list[tuple[str, str]]]:
    """A plain CoNLL reader written from the format, not from the exporter: documents of
    (token, tag) with sentences flattened."""
    docs = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        columns = line.split(" ")
        assert len(columns) == 4, f"every line has CoNLL-2003's four columns: {line!r}"
        if columns[0] == "-DOCSTART-":
            docs.append([])
        else:
            docs[-1].append((columns[0], columns[3]))
    return docs


def entities(pairs):
    out, current = [], None
    for token, tag in pairs:
        if tag.startswith("B-"):
            current = [tag[2:], [token]]
            out.append(current)
        elif tag.startswith("I-"):
            assert current is not None and current[0] == tag[2:], "I- must continue a span"
            current[1].append(token)
        else:
            assert tag == "O"
            current = None
    return [(label, " ".join(tokens)) for label, tokens in out]


def test_conll_reads_back_with_a_plain_reader_and_spacy_convert(gold, roundtrip):
    _, _, _, files = roundtrip([gold, gold], "conll")
    text = files["out.conll"].decode("utf-8")
    assert text.startswith(DOCSTART + "\n\n")
    assert "\n\n\n" not in text
    docs = read_conll(text)
    assert len(docs) == 2
    jsonl = document(gold, ExportOptions(), ExportReport())
    want = [(s["label"], " ".join(s["text"].split())) for s in jsonl["spans"]]
    for doc in docs:
        got = entities(doc)
        assert len(got) == 81
        # The same spans as the canonical export, tokens joined by single spaces.
        assert [(label, "".join(t.split())) for label, t in got] == [
            (label, "".join(t.split())) for label, t in want
        ]
    from spacy.training.converters import conll_ner_to_docs

    converted = list(conll_ner_to_docs(text, n_sents=10, no_print=True))
    # spaCy splits documents at the -DOCSTART- line and takes none of it for a word.
    assert len(converted) == 2
    assert [len(d) for d in converted] == [len(doc) for doc in docs]
    assert all(t.text != "-DOCSTART-" for d in converted for t in d)
    assert sum(len(d.ents) for d in converted) == 2 * 81


def test_spacy_docbin_keeps_every_overlapping_span_and_reads_back(gold, roundtrip):
    """The gold article's 81 spans go into doc.spans["sc"] whole, quotes holding actors
    included, where IOB tags must drop the nested ones; import gives them back exactly."""
    quote = next(s for s in gold.spans if s.label == "QUOTE")
    actor = Span.of(gold.text, quote.start + 1, quote.start + 5, "ACTOR")
    record = DocRecord(gold.id, gold.text, [*gold.spans, actor], "accepted")
    report, back, problems, files = roundtrip([record], "spacy")
    assert problems == [] and report.of_kind("overlap") == []
    (doc,) = DocBin().from_bytes(files["out.spacy"]).get_docs(NLP.vocab)
    assert doc.text == gold.text
    kept = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"])
    assert kept == sorted((s.start, s.end, s.label) for s in record.spans)
    assert any(q[0] <= actor.start and actor.end <= q[1] for q in kept if q[2] == "QUOTE")
    assert back[0].id == gold.id and back[0].status == "accepted"
    assert sorted(back[0].spans) == sorted(record.spans)
