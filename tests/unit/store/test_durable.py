"""A whole-file write leaves the old content or the new one, and nothing beside them."""

import pytest

from annotator.store.durable import replacing


def test_the_new_content_replaces_the_old_and_no_temporary_file_is_left(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"old")
    with replacing(path) as out:
        out.write(b"new")
    assert path.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_write_that_fails_leaves_the_old_content_and_removes_its_temporary_file(tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"old")
    with pytest.raises(OSError, match="disk full"), replacing(path) as out:
        out.write(b"half of the n")
        raise OSError(28, "disk full")
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]


def test_a_temporary_file_left_by_a_crash_is_never_written_into(tmp_path):
    path = tmp_path / "state.json"
    leftover = tmp_path / ".state.json.tmp"
    target = tmp_path / "elsewhere"
    target.write_bytes(b"keep")
    leftover.symlink_to(target)
    with replacing(path) as out:
        out.write(b"new")
    assert target.read_bytes() == b"keep"
    assert path.read_bytes() == b"new"
