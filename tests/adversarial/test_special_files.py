"""Issue 14 item 6: only regular files are read. A FIFO, a socket, a symlink loop or a device
where an article or a journal should be is named with what it is and skipped (or refused),
never opened in a way that waits for a writer that will not come."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.problems import UserError
from annotator.regular_files import NotRegularFile, open_regular
from annotator.text.corpus import open_corpus

Cli = Callable[..., Any]  # the ``cli`` fixture of conftest.py


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_socket(path: Path) -> None:
    # What bind() leaves behind, without bind's 108-byte limit on the path.
    os.mknod(path, 0o600 | stat.S_IFSOCK)


def make_loop(path: Path) -> None:
    path.symlink_to(path.name)


KINDS: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (make_fifo, "a FIFO (named pipe), not a regular file"),
    "socket": (make_socket, "a socket, not a regular file"),
    "loop": (make_loop, "a symlink loop"),
}
JOURNAL_COMMANDS = {
    "validate": ["validate"],
    "stats": ["stats"],
    "compact": ["compact"],
    "export": ["export", "--format", "jsonl", "--from"],
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_corpus_names_a_special_article_with_its_kind_and_loads_the_rest(
    cli: Cli, corpus: Path, kind: str
) -> None:
    make, said = KINDS[kind]
    make(corpus / "x.txt")
    ran = cli("check-corpus", "corpus")
    assert ran.code == 1
    assert f"skipped: corpus/x.txt: {said}" in ran.out
    assert "corpus: 1 article(s) load, 1 problem(s)" in ran.out


def test_a_link_to_its_own_folder_is_named_as_the_link_not_the_folder(
    cli: Cli, corpus: Path
) -> None:
    (corpus / "loop").symlink_to(".")
    ran = cli("check-corpus", "corpus")
    assert "skipped: corpus/loop: a link to a folder; not followed, skipped" in ran.out
    assert "corpus: 1 article(s) load" in ran.out


def test_a_link_to_nothing_is_named_as_such(cli: Cli, corpus: Path) -> None:
    (corpus / "gone.txt").symlink_to("deleted.txt")
    ran = cli("check-corpus", "corpus")
    assert "corpus/gone.txt: a link to nothing (its target is missing); skipped" in ran.out


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_special_file_given_as_the_corpus_is_refused_with_its_kind(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    make, said = KINDS[kind]
    make(tmp_path / "x.jsonl")
    ran = cli("check-corpus", "x.jsonl")
    assert ran.code == 2
    assert f"annotator: x.jsonl: {said}" in ran.err


@pytest.mark.parametrize("command", sorted(JOURNAL_COMMANDS))
@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_every_command_reading_a_journal_names_a_special_one(
    cli: Cli, tmp_path: Path, command: str, kind: str
) -> None:
    make, said = KINDS[kind]
    make(tmp_path / "ali.jsonl")
    ran = cli(*JOURNAL_COMMANDS[command], "ali.jsonl")
    assert ran.code == 2
    assert f"ali.jsonl: {said}" in ran.said


@pytest.mark.parametrize("kind", ["fifo", "loop"])
def test_annotate_skips_a_fifo_article_and_refuses_a_special_journal(
    cli: Cli, tmp_path: Path, corpus: Path, kind: str
) -> None:
    make_fifo(corpus / "x.txt")
    annotations = tmp_path / "annotations" / "corpus"
    annotations.mkdir(parents=True)
    make, said = KINDS[kind]
    make(annotations / "ali.jsonl")
    ran = cli("annotate", "corpus", "--annotator", "ali")
    assert ran.code == 2
    # The corpus is opened first: reaching the journal means the FIFO article did not block.
    assert f"annotator: annotations/corpus/ali.jsonl: {said}" in ran.err
    assert "; a journal must be a regular file" in ran.err


def test_an_article_swapped_for_a_fifo_after_opening_is_a_bad_document(
    corpus: Path, article: str, finishes: Callable[[Callable[[], object]], object]
) -> None:
    (corpus / "later.txt").write_text(article, encoding="utf-8")
    opened = open_corpus(corpus, check_all=False)
    (corpus / "later.txt").unlink()
    make_fifo(corpus / "later.txt")
    with pytest.raises(UserError, match=r"later\.txt: a FIFO"):
        finishes(lambda: opened.text("later.txt"))
    assert opened.text("good.txt") == article


@pytest.mark.parametrize(("path", "said"), [("/dev/null", "a character device"), (".", "a folder")])
def test_devices_and_folders_are_not_opened_as_files(path: str, said: str) -> None:
    with pytest.raises(NotRegularFile, match=said):
        open_regular(path)
