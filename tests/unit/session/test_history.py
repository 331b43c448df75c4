"""History: the undo and redo steps both sessions keep."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.session.history import History


def test_undo_and_redo_walk_back_and_forth_through_the_states():
    history: History[str] = History()
    assert not history.can_undo and not history.can_redo
    assert history.undo("a") is None and history.redo("a") is None
    history.push("a")  # a -> b
    history.push("b")  # b -> c
    assert history.steps == 2 and not history.can_redo
    assert history.undo("c") == "b"
    assert history.undo("b") == "a"
    assert history.undo("a") is None
    assert history.can_redo and not history.can_undo
    assert history.redo("a") == "b"
    assert history.redo("b") == "c"
    assert history.redo("c") is None


def test_a_change_after_an_undo_drops_what_was_undone():
    history: History[str] = History()
    history.push("a")
    assert history.undo("b") == "a"
    history.push("a")  # a -> x instead of b
    assert not history.can_redo and history.steps == 1
    assert history.undo("x") == "a"


def test_a_copy_is_left_as_it_was_by_later_changes():
    history: History[str] = History()
    history.push("a")
    kept = history.copy()
    history.push("b")
    assert history.undo("c") == "b"
    assert kept.steps == 1 and not kept.can_redo
    assert kept.undo("b") == "a"


@given(st.lists(st.sampled_from(["change", "undo", "redo"]), max_size=40))
def test_the_present_state_follows_a_list_of_states_and_a_cursor(moves):
    # A plain model: every state ever reached, in order, and where the present one is.
    history: History[int] = History()
    present, timeline, at, made = 0, [0], 0, 0
    for move in moves:
        if move == "change":
            made += 1
            history.push(present)
            present = made
            timeline[at + 1 :] = [made]
            at += 1
        elif move == "undo":
            back = history.undo(present)
            assert (back is None) == (at == 0)
            if back is not None:
                at -= 1
                present = back
        else:
            forward = history.redo(present)
            assert (forward is None) == (at == len(timeline) - 1)
            if forward is not None:
                at += 1
                present = forward
        assert present == timeline[at]
        assert history.steps == at
