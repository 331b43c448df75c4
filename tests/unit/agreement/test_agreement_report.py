"""The whole report on the fixture journals (tests/fixtures/review/README.md), by hand."""

import pytest

from annotator.agreement.documents import collect_documents
from annotator.agreement.iob import iob_tags
from annotator.agreement.kappa import cohen_kappa_of
from annotator.agreement.matching import Counts
from annotator.agreement.report import agreement_report
from annotator.agreement.sources import load_documents, parse_annotators
from annotator.annotations.model import DocRecord, Span
from annotator.problems import UserError
from annotator.text.tokenize import tokenize
from tests.review_fixtures import CORPUS, FIXTURES

SAMPLE = "deir-ez-zor-strikes.txt"


@pytest.fixture(scope="module")
def loaded():
    return load_documents(CORPUS, FIXTURES, ["amal", "omar", "sami"])


def test_documents_in_corpus_order_then_by_id(loaded):
    docs, problems = loaded
    assert problems == []
    assert [d.doc_id for d in docs] == [SAMPLE, "note-agreed", "note-partial"]
    assert sorted(docs[0].spans) == ["amal", "omar", "sami"]
    assert sorted(docs[1].spans) == ["amal", "omar"]  # sami is missing, not empty


def test_span_counts_amal_omar_by_hand(loaded):
    docs, _ = loaded
    pair = agreement_report(docs, ["amal", "omar"]).pairs[0]
    # sample: 3 shared, 3 each of their own; note-agreed: 3 shared; note-partial: 1 shared,
    # amal's ACTOR قافلة المساعدات alone.
    assert pair.exact_total == Counts(tp=7, fp=3, fn=4)
    assert pair.exact == {
        "ACTOR": Counts(3, 0, 2),
        "SITE": Counts(3, 2, 1),
        "CASUALTY_COUNT": Counts(1, 1, 1),
    }
    # overlap adds 38 عنصرا ~ 38 عنصرا على الأقل
    assert pair.overlap_total == Counts(tp=8, fp=2, fn=3)
    assert pair.overlap["CASUALTY_COUNT"] == Counts(2, 0, 0)
    assert pair.exact_total.f1 == 14 / 21
    assert pair.overlap_total.f1 == 16 / 21
    assert pair.confusion == {("ACTOR", "SITE"): 1}
    assert pair.documents == 3


def test_kappa_is_over_every_shared_token(loaded):
    docs, _ = loaded
    pair = agreement_report(docs, ["amal", "omar"]).pairs[0]
    y1, y2 = [], []
    for doc in docs:
        tokens = tokenize(doc.text)
        y1 += iob_tags(tokens, doc.spans["amal"])
        y2 += iob_tags(tokens, doc.spans["omar"])
    assert pair.tokens == len(y1) == 611 + 9 + 8
    assert pair.kappa == cohen_kappa_of(y1, y2)


def test_lowest_documents_by_mean_pairwise_exact_f1(loaded):
    docs, _ = loaded
    report = agreement_report(docs, ["amal", "omar", "sami"], worst=2)
    # sample: amal/omar 6/12, amal/sami 8/10, omar/sami 4/10
    assert [d.doc_id for d in report.lowest] == [SAMPLE, "note-partial"]
    assert report.lowest[0].exact_f1 == pytest.approx((0.5 + 0.8 + 0.4) / 3)
    assert report.lowest[0].spans == {"amal": 6, "omar": 6, "sami": 4}
    assert report.lowest[1].exact_f1 == 2 / 3
    pairs = {(p.a, p.b): p for p in report.pairs}
    assert pairs[("amal", "sami")].documents == 1  # only the sample has sami's record
    assert report.alpha_units == 611 + 9 + 8
    assert report.compared == 3


def test_documents_without_any_span_have_no_f1_and_are_not_listed():
    text = "لا شيء هنا"
    records = {name: {"d": DocRecord("d", text, [], annotator=name)} for name in ("amal", "omar")}
    docs, _ = collect_documents(["amal", "omar"], records)
    report = agreement_report(docs, ["amal", "omar"])
    assert report.lowest == []
    assert report.pairs[0].exact_total.f1 is None
    assert report.pairs[0].kappa is None  # both all O: undefined
    assert report.alpha is None


def test_records_on_another_text_and_bad_spans_are_left_out_and_reported():
    text = "قصف في حلب"
    good = Span.of(text, 7, 10, "SITE")
    records = {
        "amal": {"d": DocRecord("d", text, [good])},
        "omar": {"d": DocRecord("d", text + ".", [good])},
        "sami": {"d": DocRecord("d", text, [Span(0, 3, "SITE", "xyz")])},
    }
    docs, problems = collect_documents(["amal", "omar", "sami"], records, lambda _: text)
    assert docs[0].spans == {"amal": (good,), "sami": ()}
    assert len(problems) == 2
    assert "omar's record of 'd' was made on a different text than the corpus" in problems[0]
    assert problems[1].startswith("sami's record of 'd': span SITE [0, 3) text 'xyz' differs")


def test_duplicate_spans_count_once():
    text = "قصف في حلب"
    s = Span.of(text, 7, 10, "SITE")
    docs, _ = collect_documents(["a"], {"a": {"d": DocRecord("d", text, [s, s])}})
    assert docs[0].spans["a"] == (s,)


def test_missing_journal_names_the_path():
    with pytest.raises(UserError, match=r"fixtures/review/zed\.jsonl: no journal"):
        load_documents(CORPUS, FIXTURES, ["amal", "zed"])


def test_annotator_list_parsing():
    assert parse_annotators(" amal, omar ,", at_least=2) == ["amal", "omar"]
    with pytest.raises(UserError, match="at least 2"):
        parse_annotators("amal", at_least=2)
    with pytest.raises(UserError, match="amal more than once"):
        parse_annotators("amal,amal", at_least=2)
