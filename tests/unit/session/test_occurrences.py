"""Label all occurrences: every other occurrence of a span's words in its document, found as
whole words with proclitics left outside, none over a span already there, added as one
change that one undo takes back; in the annotator's other documents, suggestions only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.labels import default_labels
from annotator.annotations.model import Span
from annotator.session.editing import OCCURRENCE_SOURCE, DocumentSession, EditRefused
from annotator.session.workspace import Workspace
from annotator.store.journal import Journal, journal_path
from annotator.suggest import Suggester
from annotator.suggest.phrases import word_key
from annotator.text.corpus import open_corpus
from annotator.text.tokenize import tokenize

LABELS = ("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE")
LRM = "\u200e"
TEXT = (
    "قصفت الطائرات البوكمال. وفي البوكمال قتل 5، ثم والبوكمال وبالبوكمال "
    "والبوكماليون قالوا إن قوات البوكمال انسحبت من البوكمال"
)


def session(text: str = TEXT) -> DocumentSession:
    return DocumentSession("d", text, LABELS)


def first(s: DocumentSession, words: str, label: str = "SITE") -> Span:
    start = s.text.index(words)
    return s.add(start, start + len(words), label)


def keys(spans: list[Span]) -> list[tuple[int, int, str, str]]:
    return [(x.start, x.end, x.label, x.text) for x in spans]


def test_every_other_occurrence_as_a_whole_word_with_proclitics_outside():
    s = session()
    span = first(s, "البوكمال")
    found = s.occurrences(span)
    # وفي البوكمال, والبوكمال (و outside), وبالبوكمال (وب outside), قوات البوكمال,
    # من البوكمال; never inside البوكماليون.
    assert [o.start for o in found] == [
        TEXT.index("البوكمال قتل"),
        TEXT.index("والبوكمال ") + 1,
        TEXT.index("وبالبوكمال") + 2,
        TEXT.index("البوكمال انسحبت"),
        TEXT.rindex("البوكمال"),
    ]
    assert [o.text for o in found] == ["البوكمال"] * 5
    assert all(o.label == "SITE" and o.source == OCCURRENCE_SOURCE for o in found)


def test_occurrences_never_overlap_a_span_already_there():
    s = session()
    span = first(s, "البوكمال")
    first(s, "قوات البوكمال", "ACTOR")
    inside = TEXT.index("البوكمال انسحبت")
    found = s.occurrences(span)
    assert inside not in [o.start for o in found]
    assert all(not (x.start < o.end and o.start < x.end) for o in found for x in s.spans)


def test_a_phrase_of_several_words_through_invisible_marks():
    text = f"قال {LRM}عين {LRM}الفرات إن {LRM}عين الفرات نقلت، و{LRM}عين الفرات"
    s = session(text)
    span = first(s, "عين")
    span = s.replace(span, span.start, text.index("الفرات") + len("الفرات"), "ACTOR")
    found = s.occurrences(span)
    # The second after و and a mark: both left outside.
    assert [(o.start, o.text) for o in found] == [
        (text.index(f"{LRM}عين الفرات نقلت") + 1, "عين الفرات"),
        (text.rindex("عين"), "عين الفرات"),
    ]


def test_labelling_them_all_is_one_change_one_undo_takes_back():
    s = session()
    span = first(s, "البوكمال")
    before = s.state
    added = s.label_all(s.occurrences(span))
    assert len(added) == 5 and len(s.spans) == 6
    record = s.record("amal")
    assert sorted((x.start, x.end, x.label, x.text, x.source) for x in record.spans) == sorted(
        [(span.start, span.end, "SITE", "البوكمال", "")]
        + [(o.start, o.end, "SITE", "البوكمال", OCCURRENCE_SOURCE) for o in added]
    )
    assert s.undo()
    assert s.state == before
    assert s.redo()
    assert keys(list(s.spans)) == keys(sorted([span, *added], key=lambda x: x.start))
    # Nothing left to label: said, not a change.
    with pytest.raises(EditRefused, match="no other occurrence"):
        s.label_all(s.occurrences(span))


def test_a_span_of_punctuation_has_nothing_to_look_for():
    s = session("قال: «نعم» ثم قال: «لا»")
    colon = s.add(3, 4, "QUOTE")
    with pytest.raises(EditRefused, match="no word to look for"):
        s.occurrences(colon)


WORDS = ["البوكمال", "والبوكمال", "للبوكمال", "البوكماليون", "قوات", "عين", "الفرات", "في", "،"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=2, max_size=30), st.data())
def test_occurrences_are_whole_words_apart_from_every_span(words, data):
    text = " ".join(words)
    s = session(text)
    tokens = [t for t in tokenize(text) if word_key(t.text)]
    i = data.draw(st.integers(0, len(tokens) - 1))
    j = data.draw(st.integers(i, min(i + 2, len(tokens) - 1)))
    if not any(c.isalpha() for t in tokens[i : j + 1] for c in t.text):
        return
    span = s.add(tokens[i].start, tokens[j].end, "SITE")
    found = s.occurrences(span)
    ends = {t.end for t in tokens}
    for o in found:
        assert o.end in ends  # ends where a token ends
        before = text[: o.start]
        # starts where a token starts, or after proclitics cut off the token it is in
        assert o.start in {t.start for t in tokens} or before[-1:] in "وفبلك"
        assert [word_key(t.text) for t in tokenize(o.text)][1:] == [
            word_key(t.text) for t in tokenize(span.text)
        ][1:]
    occupied = [(x.start, x.end) for x in [*s.spans, *found]]
    for a, (s1, e1) in enumerate(occupied):
        for s2, e2 in occupied[a + 1 :]:
            assert not (s1 < e2 and s2 < e1)
    before = s.state
    if found:
        s.label_all(found)
        s.undo()
    assert s.state == before


def test_in_the_other_documents_they_are_suggestions_never_edits(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("قصفت الطائرات البوكمال ثم البوكمال", encoding="utf-8")
    (folder / "b.txt").write_text("وصل الجيش إلى البوكمال أمس", encoding="utf-8")
    journal = Journal.open(journal_path(tmp_path / "annotations", "amal"))
    ws = Workspace(
        open_corpus(folder), journal, "amal", default_labels(), lambda: 0.0, Suggester(builtin=[])
    )
    span = first(ws.session, "البوكمال")
    added = ws.session.label_all(ws.session.occurrences(span))
    ws.save()
    ws.learn(added)
    ws.go(1)
    text = ws.session.text
    start = text.index("البوكمال")
    assert [(x.start, x.end, x.label, x.source) for x in ws.suggestions()] == [
        (start, start + 8, "SITE", "gazetteer")
    ]
    ws.close()
    journal.close()
    written = (tmp_path / "annotations" / "amal.jsonl").read_bytes().decode().splitlines()
    assert [line.count('"id":"b.txt"') for line in written] == [0] * len(written)
