"""Issue 14 item 7: a corpus over ``EAGER_BYTES`` is only indexed when it opens, so a bad line is
found when its article is first read. Every way of moving (n, p, a, u) steps over it, as over
an article found bad at opening, and says so once; none stays stuck on the document before it.
The limit is lowered through ``open_corpus(eager_bytes=...)`` instead of writing 64 MB."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from annotator.annotations.labels import default_labels
from annotator.problems import UserError
from annotator.session.workspace import Workspace
from annotator.store.journal import Journal
from annotator.text.corpus import open_corpus

# A line whose id the index reads without parsing the rest: it is only found bad when read.
TORN = b'{"id": "c", "text": "\xd9\x86\xd8\xb5 \n'


def line(doc_id: str) -> bytes:
    return orjson.dumps({"id": doc_id, "text": f"نص المقال {doc_id}"}) + b"\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    corpus_file = tmp_path / "news.jsonl"
    corpus_file.write_bytes(line("a") + line("b") + TORN + line("d") + line("e"))
    corpus = open_corpus(corpus_file, eager_bytes=10)
    assert list(corpus.ids) == ["a", "b", "c", "d", "e"]  # indexed, not checked
    journal = Journal.open(tmp_path / "annotations" / "ali.jsonl")
    return Workspace(corpus, journal, "ali", default_labels(), lambda: 0.0)


def said(workspace: Workspace) -> list[str]:
    notices = list(workspace.notices)
    workspace.notices.clear()
    return notices


def test_next_steps_over_the_bad_line_and_says_so_once(workspace: Workspace) -> None:
    workspace.go(1)
    workspace.go(2)  # n on b
    assert workspace.session.doc_id == "d"
    [notice] = said(workspace)
    assert notice.startswith("skipped: ") and "news.jsonl: line 3: not valid JSON" in notice
    workspace.go(2)  # p on d
    assert workspace.session.doc_id == "b"
    workspace.go(2)  # n again
    assert workspace.session.doc_id == "d"
    assert said(workspace) == []
    assert len(workspace.corpus.problems) == 1


def test_previous_steps_over_it_too(workspace: Workspace) -> None:
    workspace.go(4)
    workspace.go(3)
    workspace.go(2)  # p on d
    assert workspace.session.doc_id == "b"
    assert len(said(workspace)) == 1


def test_accept_and_next_not_done_step_over_it(workspace: Workspace) -> None:
    workspace.go(1)
    workspace.session.set_status("accepted")
    workspace.save()
    following = workspace.next_not_done()  # u, and a after accepting
    assert following == 3
    workspace.go(following)
    assert workspace.session.doc_id == "d"
    workspace.go(1)
    assert workspace.next_not_done() == 3


def test_a_bad_last_article_leaves_the_annotator_where_they_are(tmp_path: Path) -> None:
    corpus_file = tmp_path / "news.jsonl"
    corpus_file.write_bytes(line("a") + TORN)
    journal = Journal.open(tmp_path / "ali.jsonl")
    corpus = open_corpus(corpus_file, eager_bytes=10)
    workspace = Workspace(corpus, journal, "ali", default_labels(), lambda: 0.0)
    with pytest.raises(UserError, match="no document after this one can be read") as error:
        workspace.go(1)
    # Nothing opens to show the notice, so the error names the bad line itself.
    assert "news.jsonl: line 2: not valid JSON" in str(error.value)
    assert workspace.session.doc_id == "a"
    assert workspace.next_not_done() == 0  # only the open one is left
