"""An ACTOR inside a QUOTE in the IOB formats: dropped and reported by default, kept by a
label priority (--prefer) or in a tag column of its own (--columns)."""

from annotator.annotations.model import DocRecord, Span
from annotator.formats import ExportOptions

TEXT = "قال نتنياهو إن القوات انسحبت"
QUOTE = Span.of(TEXT, 0, len(TEXT), "QUOTE")
ACTOR = Span.of(TEXT, 4, 11, "ACTOR")
SITE = Span.of(TEXT, 15, 21, "SITE")
RECORD = DocRecord("d", TEXT, [QUOTE, ACTOR, SITE], "accepted")


def tag_lines(files):
    return [line.split(" ")[3:] for line in files["out.conll"].decode().splitlines()[2:] if line]


def test_by_default_the_longest_span_is_kept_and_the_nested_ones_reported(roundtrip):
    report, back, _, _ = roundtrip([RECORD], "conll")
    assert [s.label for s in back[0].spans] == ["QUOTE"]
    dropped = report.of_kind("overlap")
    assert sorted(i.span.label for i in dropped) == ["ACTOR", "SITE"]
    assert all("the longer span is kept" in i.action for i in dropped)


def test_prefer_keeps_the_named_labels_first(roundtrip):
    options = ExportOptions(labels=("ACTOR", "SITE", "QUOTE"), prefer=("ACTOR", "SITE"))
    report, back, _, _ = roundtrip([RECORD], "hf", options)
    assert sorted(s.label for s in back[0].spans) == ["ACTOR", "SITE"]
    (dropped,) = report.of_kind("overlap")
    assert dropped.span.label == "QUOTE" and "--prefer ACTOR,SITE" in dropped.action


def test_columns_keep_every_span_and_conll_import_reads_every_column(roundtrip):
    options = ExportOptions(columns=(("QUOTE",), ("ACTOR", "SITE")))
    report, back, problems, files = roundtrip([RECORD], "conll", options)
    assert problems == [] and report.of_kind("overlap") == [] and report.spans == 3
    assert tag_lines(files)[:3] == [["B-QUOTE", "O"], ["I-QUOTE", "B-ACTOR"], ["I-QUOTE", "O"]]
    assert files["out.conll"].decode().startswith("-DOCSTART- -X- O O O\n")
    assert sorted(s.label for s in back[0].spans) == ["ACTOR", "QUOTE", "SITE"]


def test_a_label_in_no_column_group_is_reported_dropped(roundtrip):
    report, back, _, _ = roundtrip([RECORD], "conll", ExportOptions(columns=(("QUOTE",),)))
    assert [s.label for s in back[0].spans] == ["QUOTE"]
    assert sorted(i.span.label for i in report.of_kind("column")) == ["ACTOR", "SITE"]
