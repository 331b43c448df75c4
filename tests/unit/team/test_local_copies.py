"""The local copies of what the server holds (the outbox's place, the documents in hand) are
written over in place: a shorter copy leaves nothing of a longer one behind."""

from __future__ import annotations

from pathlib import Path

from annotator.team.postgres import in_hand
from annotator.team.postgres.outbox import SyncState, load_state, overwrite_quietly, save_state


def test_a_shorter_copy_written_over_a_longer_one_is_read_back_whole(tmp_path: Path) -> None:
    path = tmp_path / "copy.json"
    overwrite_quietly(path, b'{"held": ["a-long-document-id", "another"]}')
    overwrite_quietly(path, b'{"held": []}')
    assert path.read_bytes() == b'{"held": []}'


def test_the_outbox_place_and_the_documents_in_hand_read_back_as_saved(tmp_path: Path) -> None:
    journal = tmp_path / "amal.jsonl"
    save_state(journal, SyncState("c" * 16, offset=123_456_789, file=(2049, 77), seen=10_000))
    save_state(journal, SyncState("c" * 16, offset=9, file=(1, 2), seen=3))
    assert load_state(journal) == SyncState("c" * 16, offset=9, file=(1, 2), seen=3)
    in_hand.handed_out(tmp_path, "amal", "doc-with-a-long-name-0001")
    in_hand.handed_out(tmp_path, "amal", "n2")
    in_hand.let_go(tmp_path, "amal", "doc-with-a-long-name-0001")
    assert in_hand.held(tmp_path, "amal") == ("n2",)
    assert in_hand.routed(tmp_path, "amal") == {"doc-with-a-long-name-0001", "n2"}
