"""Issue 14 item 10: a save of where the annotator is (``<name>.resume.json``, written to
``.tmp`` and renamed) that fails half way (a full disk) leaves nothing behind, and a ``.tmp`` left
by an older run or a kill is removed when the workspace next opens, never read as the position."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

from annotator.annotations.labels import default_labels
from annotator.session.workspace import Workspace, resume_path
from annotator.store.journal import Journal
from annotator.text.corpus import open_corpus

# The disk fills while the position is written: files may grow to 10 bytes, then EFBIG (the
# signal that would kill the process is ignored, as a full disk kills nothing).
FULL_DISK = """
import resource, signal, sys
from annotator.annotations.labels import default_labels
from annotator.session.workspace import Workspace
from annotator.store.journal import Journal
from annotator.text.corpus import open_corpus

corpus, journal = sys.argv[1:]
workspace = Workspace(
    open_corpus(corpus), Journal.open(journal), "ali", default_labels(), lambda: 0.0
)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10))
workspace.go(1)
print(*workspace.notices, sep="\\n")
"""


def test_a_position_save_that_fills_the_disk_leaves_no_tmp_file(
    tmp_path: Path, corpus: Path, article: str
) -> None:
    (corpus / "second.txt").write_text(article, encoding="utf-8")
    journal = tmp_path / "annotations" / "ali.jsonl"
    ran = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(corpus), str(journal)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert "ali.resume.json: cannot remember the open document: File too large" in ran.stdout
    assert sorted(p.name for p in journal.parent.iterdir()) == ["ali.jsonl", "ali.jsonl.lock"]


def test_a_tmp_file_left_behind_is_removed_on_reopening_and_not_read(
    tmp_path: Path, corpus: Path, article: str
) -> None:
    (corpus / "second.txt").write_text(article, encoding="utf-8")
    journal = tmp_path / "annotations" / "ali.jsonl"
    journal.parent.mkdir()
    saved = resume_path(journal)
    saved.write_bytes(orjson.dumps({"last": "second.txt", "cursor": 3, "top": 0}))
    leftover = saved.with_name(saved.name + ".tmp")
    leftover.write_bytes(b'{"last": "good.t')  # what a full disk cut short
    workspace = Workspace(
        open_corpus(corpus), Journal.open(journal), "ali", default_labels(), lambda: 0.0
    )
    try:
        assert not leftover.exists()
        assert (workspace.session.doc_id, workspace.place) == ("second.txt", (3, 0))
        assert workspace.notices == []
    finally:
        workspace.journal.close()
