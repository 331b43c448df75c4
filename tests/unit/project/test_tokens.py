"""Sign-in tokens: kept only as salted hashes, checked exactly, replaced by a new one."""

from __future__ import annotations

import stat

import orjson
import pytest

from annotator.problems import UserError
from annotator.project.tokens import check_token, issue_token, token_stamp, tokens_path


def test_a_token_signs_in_its_person_only_and_is_never_stored(tmp_path):
    amal = issue_token(tmp_path, "amal")
    omar = issue_token(tmp_path, "omar")
    stored = tokens_path(tmp_path).read_bytes()
    assert amal.encode() not in stored and omar.encode() not in stored
    assert stat.S_IMODE(tokens_path(tmp_path).stat().st_mode) == 0o600
    assert check_token(tmp_path, "amal", amal) == token_stamp(tmp_path, "amal") is not None
    assert check_token(tmp_path, "amal", omar) is None  # another person's token
    assert check_token(tmp_path, "nobody", amal) is None  # a person with no token
    assert check_token(tmp_path, "amal", amal[:-1]) is None
    assert check_token(tmp_path, "amal", "") is None


def test_a_new_token_replaces_the_old_one_and_changes_the_stamp(tmp_path):
    old = issue_token(tmp_path, "amal")
    stamp = token_stamp(tmp_path, "amal")
    new = issue_token(tmp_path, "amal")
    assert check_token(tmp_path, "amal", old) is None
    assert check_token(tmp_path, "amal", new) == token_stamp(tmp_path, "amal") != stamp


def test_no_tokens_file_means_nobody_signs_in(tmp_path):
    assert token_stamp(tmp_path, "amal") is None
    assert check_token(tmp_path, "amal", "anything") is None


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden", "a\u202eb", ""])
def test_a_name_that_cannot_name_a_file_gets_no_token(tmp_path, name):
    with pytest.raises(UserError, match="cannot name a file"):
        issue_token(tmp_path, name)
    assert not tokens_path(tmp_path).exists()


@pytest.mark.parametrize(
    "content", [b"", b"{", b"[]", b'{"format": 2, "people": {}}', b'{"format": 1}']
)
def test_a_damaged_tokens_file_is_named_with_what_to_do(tmp_path, content):
    tokens_path(tmp_path).write_bytes(content)
    with pytest.raises(UserError, match=r"tokens\.json: not a tokens file.*annotator token NAME"):
        check_token(tmp_path, "amal", "x")


def test_the_file_holds_a_salt_and_a_hash_per_person(tmp_path):
    issue_token(tmp_path, "amal")
    issue_token(tmp_path, "omar")
    data = orjson.loads(tokens_path(tmp_path).read_bytes())
    assert sorted(data["people"]) == ["amal", "omar"]
    salts = {entry["salt"] for entry in data["people"].values()}
    assert len(salts) == 2  # each its own salt: equal tokens would still hash apart
