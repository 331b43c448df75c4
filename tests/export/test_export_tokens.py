"""The canonical export's tokens: the tokenizer's tokens plus spaCy's whitespace tokens,
rebuilding the text exactly; its fast path gives what the plain regular expression gives."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.export.jsonl import canonical_tokens
from annotator.tokenize import token_pattern, tokenize

PIECES = re.compile(f"({token_pattern()}|\\s+)( ?)")
TEXTS = st.text(
    alphabet=st.sampled_from(
        list("كشفت البوكمال") + list("ًّـ") + list("٠١2.،,") + list("\"().") + ["😀", "a"]
        + [" ", " ", " ", "\n", "\t", "\u00a0", "\r"]
    ),
    max_size=60,
)  # fmt: skip


def reference(text):
    out, pos = [], 0
    for i, (tok, space) in enumerate(PIECES.findall(text)):
        out.append({"text": tok, "start": pos, "end": pos + len(tok), "id": i, "ws": bool(space)})
        pos += len(tok) + len(space)
    return out


def test_whitespace_follows_spacy():
    toks = canonical_tokens("قال:  نعم\n لا")
    assert [(t["text"], t["ws"]) for t in toks] == [
        ("قال", False), (":", True), (" ", False), ("نعم", False), ("\n ", False), ("لا", False),
    ]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_fast_path_equals_the_regular_expression_and_rebuilds_the_text(text):
    toks = canonical_tokens(text)
    assert toks == reference(text)
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in toks) == text
    words = [t["text"] for t in toks if not t["text"].isspace()]
    assert words == [t.text for t in tokenize(text)]
