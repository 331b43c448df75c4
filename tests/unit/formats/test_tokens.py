"""The canonical export's tokens: the tokenizer's tokens plus spaCy's whitespace tokens,
rebuilding the text exactly; the compiled module (annotator/_tokens.c) gives what the
tokenizer gives."""

import re
import shutil
import sysconfig
from types import SimpleNamespace

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span
from annotator.formats import jsonl, tokens
from annotator.formats.common import ExportOptions
from annotator.formats.report import ExportReport
from annotator.formats.tokens import as_dicts, compiled
from annotator.text.tokenize import Token, _piece_re, spacy_bounds, token_pattern
from tests.character_sets import signatures

ALPHABET = (
    list("كشفت البوكمال") + list("ًّـ") + list("٠١2.،,:") + list("\"().\\") + ["😀", "a", "_"]
    + [" ", " ", " ", "\n", "\t", "\u00a0", "\r", "\x01", "\u200c", "\u200e", "\u0301", "²"]
)  # fmt: skip
TEXTS = st.text(alphabet=st.sampled_from(ALPHABET), max_size=60)
COMPILED = compiled()
needs_compiled = pytest.mark.skipif(COMPILED is None, reason="annotator._tokens is not built")


def every_token(text):
    """The tokenizer's tokens with the invisible marks it passes over made tokens too (a
    spaCy document must hold every character)."""
    return [Token(m.group(), m.start(), m.end(), False) for m in re.finditer(token_pattern(), text)]


def reference(text):
    """spaCy's tokens, step by step: each token takes one following space; the whitespace
    between two tokens that is left (a line break, a second space) is a token of its own."""
    out, pos = [], 0
    for tok in every_token(text):
        if tok.start > pos:
            out.append({"text": text[pos : tok.start], "start": pos, "end": tok.start})
        space = text[tok.end : tok.end + 1] == " "
        out.append({"text": tok.text, "start": tok.start, "end": tok.end, "ws": space})
        pos = tok.end + space
    if pos < len(text):
        out.append({"text": text[pos:], "start": pos, "end": len(text)})
    return [{**t, "id": i, "ws": t.get("ws", False)} for i, t in enumerate(out)]


def test_whitespace_follows_spacy():
    toks = as_dicts("قال:  نعم\n لا", *spacy_bounds("قال:  نعم\n لا"))
    assert [(t["text"], t["ws"]) for t in toks] == [
        ("قال", False), (":", True), (" ", False), ("نعم", False), ("\n ", False), ("لا", False),
    ]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_spacy_tokens_are_the_tokenizers_plus_whitespace_and_rebuild_the_text(text):
    toks = as_dicts(text, *spacy_bounds(text))
    assert toks == reference(text)
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in toks) == text
    words = [t["text"] for t in toks if not t["text"].isspace()]
    assert words == [t.text for t in every_token(text)]


def test_the_compiled_module_is_built_wherever_a_compiler_is():
    """`make test` installs the package; with a C compiler on the machine the build hook must
    have compiled the module (a silent fall back to pure Python would hide a broken build)."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        pytest.skip(f"no C compiler ({compiler}) on this machine")
    assert COMPILED is not None


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_compiled_bounds_equal_the_tokenizers(text):
    starts, ends, ws = COMPILED.bounds(text)
    assert (starts, ends, list(map(bool, ws))) == spacy_bounds(text)


def around(c):
    """``c`` alone, between letters, between digits and after a space; the first ``|``
    starts a token whatever came before, so each code point's tokens are its own."""
    return f"|{c}|a{c}b|1{c}2| {c} "


@needs_compiled
def test_compiled_bounds_agree_on_every_code_point():
    """Each code point alone, between letters, between digits and after a space: the
    compiled module's own class table matches the tokenizer for all of Unicode.

    The module runs on every code point, one call for many code points of one signature.
    The tokenizer's expression reads a character only through its character sets, so code
    points in the same sets get the same tokens (tests/character_sets.py): it runs on one
    code point of each signature, and its tokens, repeated at every code point's offsets,
    are what the module must give."""
    period = len(around("x"))
    for key, ranges in signatures([_piece_re().pattern]).items():
        sample = chr(ranges[0][0])
        starts, ends, ws = spacy_bounds(around(sample) * 3 + "|")
        m = len(starts) // 3
        # Each code point's tokens are its own: three in a row are one repeated, then "|".
        assert starts[m:-1] == [s + period for s in starts[: 2 * m]], key
        assert ends[m:-1] == [e + period for e in ends[: 2 * m]], key
        assert ws[m:-1] == ws[: 2 * m], key
        code_points = [cp for r in ranges for cp in r]
        for first in range(0, len(code_points), 0x10000):
            chunk = code_points[first : first + 0x10000]
            n = len(chunk)
            got = COMPILED.bounds("".join(around(chr(cp)) for cp in chunk) + "|")
            where = (key, hex(chunk[0]))
            assert [len(got[0]), got[0][-1], got[1][-1], got[2][-1]] == [
                n * m + 1, period * n, period * n + 1, False,
            ], where  # fmt: skip
            for j in range(m):  # the j-th token of every code point's
                assert got[0][j : n * m : m] == every(starts[j], n, period), where
                assert got[1][j : n * m : m] == every(ends[j], n, period), where
                assert got[2][j : n * m : m] == bytes([ws[j]]) * n, where


def every(offset, n, period):
    return list(range(offset, offset + n * period, period))


LABELS = st.sampled_from(["ACTOR", "SITE", 'Q"\\', "عربي"])
PROVENANCE = st.tuples(
    st.lists(st.sampled_from(["sara", "omar", "\x1b[31m"]), max_size=2).map(tuple),
    st.sampled_from(["", "rule:number", "gazetteer"]),
)


@st.composite
def documents(draw):
    """A document and spans in any order: most sound, some stale, some whose text or offsets
    do not match the document (both paths must leave those out and report them alike), and
    some sharing offsets and label (their order given must be kept)."""
    text = draw(st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=60))
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        annotators, source = draw(PROVENANCE)
        span = Span(start, end, draw(LABELS), text[start:end], annotators, source)
        fault = draw(st.sampled_from(["none"] * 6 + ["stale", "text", "outside", "twin"]))
        if fault == "stale":
            span = Span(start, end, span.label, span.text, stale=True)
        elif fault == "text":
            span = Span(start, end, span.label, span.text + "x")
        elif fault == "outside":
            span = Span(start, len(text) + 2, span.label, span.text)
        elif fault == "twin" and spans:
            twin = spans[-1]
            span = Span(twin.start, twin.end, twin.label, twin.text, ("twin",))
        spans.append(span)
    return DocRecord("doc", text, spans, status="accepted")


def exported(record, pure):
    with pytest.MonkeyPatch.context() as patch:
        if pure:
            # Both users of the module: the split path, and bounds() for the others.
            patch.setattr(jsonl, "compiled", lambda: None)
            patch.setattr(tokens, "compiled", lambda: None)
        report = ExportReport()
        line = orjson.dumps(jsonl.document(record, ExportOptions(), report))
    return line, [(i.kind, str(i)) for i in report.issues], report.spans


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(documents())
def test_compiled_split_export_equals_the_pure_python_export(record):
    """Byte for byte the same line, the same issues in the same order, the same span count:
    tokens cut at span edges, spaces made tokens, provenance and escapes written alike."""
    assert exported(record, False) == exported(record, True)
    # ...and by the compiled path itself, not by its fall back to Python.
    assert COMPILED.split_export(record.text, record.spans)[1] is not None


@needs_compiled
def test_compiled_export_escapes_as_orjson_does():
    text = 'say "hi"\\ \x00\x1f\x7f\b\f\n\r\t é 😀'
    starts, ends, ws = COMPILED.bounds(text)
    written, spans, events, left_out = COMPILED.split_export(text, [Span.of(text, 0, 3, "A\u2028")])
    assert written == orjson.dumps(as_dicts(text, starts, ends, ws))
    assert orjson.loads(spans)[0]["label"] == "A\u2028"
    assert events is None and left_out is None


@needs_compiled
def test_compiled_export_refuses_what_it_cannot_write():
    with pytest.raises(ValueError, match="lone surrogate"):
        COMPILED.split_export("a\ud800b", [])
    with pytest.raises(TypeError):
        COMPILED.split_export("abc", [Span(0, 1, 5, "a")])
    with pytest.raises(AttributeError, match="start"):
        COMPILED.split_export("abc", [SimpleNamespace(end=1)])


@needs_compiled
def test_compiled_export_survives_a_span_that_changes_the_list():
    """Reading a span's fields runs Python code; the list may not be trusted meanwhile."""

    class Clearing:
        end, label, text, annotators, source, stale, id = 1, "A", "a", (), "", False, "c"

        def __init__(self, spans):
            self.spans = spans

        @property
        def start(self):
            self.spans.clear()
            return 0

    spans = []
    spans += [Clearing(spans), Span(0, 1, "A", "a")]
    _, aligned, _, _ = COMPILED.split_export("ab", spans)
    assert [s["token_start"] for s in orjson.loads(aligned)] == [0, 0]


@needs_compiled
@pytest.mark.parametrize(
    ("value", "pure"), [("1", True), ("yes", True), ("0", False), ("", False), ("false", False)]
)
def test_the_pure_python_switch(monkeypatch, value, pure):
    monkeypatch.setenv("ANNOTATOR_PURE_PYTHON", value)
    assert (compiled.__wrapped__() is None) is pure
