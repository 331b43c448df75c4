import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.annotations.model import DocRecord, Span, check_span
from annotator.session.editing import IDLE_CAP_SECONDS, DocumentSession, EditRefused, step_through

TEXT = "انسحبت من مقرها في البوكمال بريف ديرالزور، قال نتنياهو"
LABELS = ("ACTOR", "SITE", "CASUALTY_COUNT", "QUOTE")


def session() -> DocumentSession:
    return DocumentSession("doc", TEXT, LABELS)


def where(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def test_add_stores_the_exact_text_and_starts_progress():
    s = session()
    span = s.add(*where("البوكمال"), "SITE")
    assert (span.text, span.label) == ("البوكمال", "SITE")
    assert TEXT[span.start : span.end] == "البوكمال"
    assert s.status == "in_progress"


def test_identical_span_is_refused_but_overlap_with_another_label_is_kept():
    s = session()
    s.add(*where("البوكمال"), "SITE")
    with pytest.raises(EditRefused, match="already there"):
        s.add(*where("البوكمال"), "SITE")
    s.add(*where("البوكمال"), "ACTOR")
    assert [x.label for x in s.spans] == ["ACTOR", "SITE"]


@pytest.mark.parametrize(("start", "end"), [(3, 3), (5, 2), (-1, 2), (0, len(TEXT) + 1)])
def test_empty_or_outside_ranges_are_refused(start, end):
    with pytest.raises(EditRefused):
        session().add(start, end, "SITE")


def test_unknown_label_is_refused():
    with pytest.raises(EditRefused, match="unknown label"):
        session().add(0, 3, "PERSON")


def test_relabel_adjust_remove_and_undo_redo_each_step():
    s = session()
    span = s.add(*where("البوكمال"), "SITE")
    relabelled = s.replace(span, span.start, span.end, "ACTOR")
    assert [x.label for x in s.spans] == ["ACTOR"]
    shrunk = s.replace(relabelled, relabelled.start + 2, relabelled.end, "ACTOR")
    assert shrunk.text == "بوكمال"
    s.remove(shrunk)
    assert s.spans == ()
    assert s.undo() and s.spans == (shrunk,)
    assert s.undo() and s.spans == (relabelled,)
    assert s.undo() and s.spans == (span,)
    assert s.redo() and s.spans == (relabelled,)
    s.add(*where("نتنياهو"), "ACTOR")
    assert not s.history.can_redo
    assert s.undo() and s.undo() and s.undo()
    assert s.spans == () and s.status == "new"
    assert not s.undo()


def test_a_change_that_changes_nothing_is_refused_and_takes_no_undo_step():
    s = session()
    span = s.add(*where("البوكمال"), "SITE")
    steps = s.history.steps
    with pytest.raises(EditRefused, match="changes nothing"):
        s.replace(span, span.start, span.end, span.label)
    assert s.history.steps == steps
    assert s.spans == (span,)
    s.undo()
    assert s.spans == ()


def test_relabel_onto_an_existing_span_is_refused():
    s = session()
    site = s.add(*where("البوكمال"), "SITE")
    s.add(*where("البوكمال"), "ACTOR")
    with pytest.raises(EditRefused):
        s.replace(site, site.start, site.end, "ACTOR")


def test_status_and_note_are_undoable_changes():
    s = session()
    s.set_status("flagged", "unclear source")
    assert (s.status, s.note) == ("flagged", "unclear source")
    with pytest.raises(EditRefused, match="already"):
        s.set_status("flagged")
    s.set_status("accepted")
    assert s.note == "unclear source"
    s.undo()
    assert s.status == "flagged"
    with pytest.raises(EditRefused):
        s.set_status("finished")


def test_time_counts_active_gaps_and_caps_idle_ones():
    s = session()
    s.tick(100.0)
    s.tick(103.5)
    assert s.seconds == 3.5
    s.tick(103.5 + 10 * IDLE_CAP_SECONDS)
    assert s.seconds == 3.5 + IDLE_CAP_SECONDS
    s.pause(103.5 + 10 * IDLE_CAP_SECONDS + 1)
    s.tick(9999.0)
    assert s.seconds == 4.5 + IDLE_CAP_SECONDS


def test_record_round_trips_through_json():
    s = session()
    s.add(*where("نتنياهو"), "ACTOR")
    s.set_status("flagged", "check")
    record = s.record("alice", "2026-01-01T00:00:00.000+00:00")
    again = DocRecord.from_json(record.to_json())
    assert again.spans == list(s.spans)
    assert (again.status, again.note, again.annotator) == ("flagged", "check", "alice")
    back = DocumentSession.from_record(again, LABELS)
    assert back.spans == s.spans and back.status == "flagged"


def test_span_at_picks_the_innermost():
    s = session()
    outer = s.add(0, len(TEXT), "QUOTE")
    inner = s.add(*where("نتنياهو"), "ACTOR")
    assert s.span_at(TEXT.index("نتنياهو") + 1) == inner
    assert s.span_at(0) == outer


OPS = st.lists(
    st.tuples(
        st.sampled_from(["add", "remove", "relabel", "undo", "redo"]),
        st.integers(0, len(TEXT)),
        st.integers(0, len(TEXT)),
        st.sampled_from(LABELS),
    ),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(OPS)
def test_any_edit_sequence_keeps_spans_sound_distinct_and_undo_exact(ops):
    s = session()
    history = [s.state]
    for op, a, b, label in ops:
        try:
            if op == "add":
                s.add(min(a, b), max(a, b), label)
            elif op == "remove" and s.spans:
                s.remove(s.spans[a % len(s.spans)])
            elif op == "relabel" and s.spans:
                span = s.spans[a % len(s.spans)]
                s.replace(span, span.start, span.end, label)
            elif op == "undo":
                s.undo()
            elif op == "redo":
                s.redo()
        except EditRefused:
            pass
        for span in s.spans:
            assert check_span(span, TEXT) == []
        assert len({x.key() for x in s.spans}) == len(s.spans)
        history.append(s.state)
    while s.undo():
        pass
    assert s.state == history[0]


def test_restore_puts_back_state_and_both_stacks():
    s = session()
    s.add(*where("نتنياهو"), "ACTOR")
    saved = s.snapshot()
    s.add(*where("البوكمال"), "SITE")
    s.undo()
    s.restore(saved)
    assert [x.label for x in s.spans] == ["ACTOR"]
    assert not s.history.can_redo
    assert s.undo() and s.spans == ()


def test_accepted_suggestions_keep_their_source_in_one_undoable_change():
    s = session()
    site = Span.of(TEXT, *where("البوكمال"), "SITE", source="gazetteer")
    actor = Span.of(TEXT, *where("نتنياهو"), "ACTOR", source="pattern:p.jsonl:2")
    added = s.accept_suggestions([site, actor])
    assert added == [site, actor]
    assert [(x.text, x.source) for x in s.record("a").spans] == [
        ("البوكمال", "gazetteer"),
        ("نتنياهو", "pattern:p.jsonl:2"),
    ]
    s.undo()
    assert s.spans == ()
    with pytest.raises(EditRefused, match="no suggestion"):
        s.accept_suggestions([])


def test_rejections_are_saved_in_the_record_undoable_and_read_back():
    s = session()
    quote = Span.of(TEXT, *where("نتنياهو"), "QUOTE", source="rule:quote")
    s.reject_suggestion(quote)
    with pytest.raises(EditRefused, match="already rejected"):
        s.reject_suggestion(quote)
    record = s.record("a")
    start, end = where("نتنياهو")
    entry = {"start": start, "end": end, "label": "QUOTE", "text": "نتنياهو"}
    assert record.extra["rejected_suggestions"] == [entry]
    again = DocumentSession.from_record(DocRecord.from_json(record.to_json()), LABELS)
    assert [x.key() for x in again.rejected] == [(start, end, "QUOTE")]
    assert again.record("a").extra["rejected_suggestions"] == [entry]
    s.set_status("accepted")
    assert s.rejected  # a status change keeps the rejections
    s.undo()
    s.undo()
    assert s.rejected == ()
    assert "rejected_suggestions" not in s.record("a").extra


def test_step_through_wraps_and_starts_from_the_cursor():
    spans = [Span(0, 3, "SITE", "abc"), Span(10, 12, "SITE", "de"), Span(20, 25, "SITE", "fghij")]
    assert step_through(spans, spans[0], 0, 1) is spans[1]
    assert step_through(spans, spans[2], 0, 1) is spans[0]  # wraps round
    assert step_through(spans, spans[0], 0, -1) is spans[2]
    assert step_through(spans, None, 11, 1) is spans[2]  # the first one at or after the cursor
    assert step_through(spans, None, 11, -1) is spans[1]  # the last one before it
    assert step_through(spans, None, 30, 1) is spans[0]
    assert step_through(spans, None, 0, -1) is spans[2]
