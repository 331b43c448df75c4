import orjson
import pytest

from annotator.annotations.labels import default_labels
from annotator.problems import UserError
from annotator.session.workspace import Workspace, resume_path
from annotator.store.journal import Journal, journal_path, load_journal
from annotator.text.corpus import open_corpus


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def corpus_dir(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in [("a", "قال نتنياهو"), ("b", "في البوكمال"), ("c", "38 عنصرا")]:
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def open_workspace(corpus_dir, clock=None):
    journal = Journal.open(journal_path(corpus_dir.parent / "annotations", "alice"))
    return Workspace(open_corpus(corpus_dir), journal, "alice", default_labels(), clock or Clock())


def lines(corpus_dir):
    path = journal_path(corpus_dir.parent / "annotations", "alice")
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


def test_every_save_is_a_journal_line_and_the_latest_wins(corpus_dir):
    ws = open_workspace(corpus_dir)
    assert ws.session.doc_id == "a.txt"
    ws.session.add(4, 11, "ACTOR")
    ws.save()
    ws.session.set_status("accepted")
    ws.save()
    ws.close()
    ws.journal.close()
    written = lines(corpus_dir)
    assert [line["status"] for line in written] == ["in_progress", "accepted"]
    (span,) = written[-1]["spans"]
    assert span == {"id": span["id"], "start": 4, "end": 11, "label": "ACTOR", "text": "نتنياهو"}
    assert load_journal(ws.journal.path).records["a.txt"].status == "accepted"


def test_reopening_resumes_at_the_last_open_document_with_its_spans(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.go(1)
    ws.session.add(3, 11, "SITE")
    ws.save()
    ws.go(2)
    ws.close()
    ws.journal.close()
    assert orjson.loads(resume_path(ws.journal.path).read_bytes()) == {
        "last": "c.txt",
        "cursor": 0,
        "top": 0,
    }
    again = open_workspace(corpus_dir)
    assert again.session.doc_id == "c.txt"
    assert again.go(1).spans[0].text == "البوكمال"
    again.journal.close()


def test_reopening_resumes_at_the_same_cursor_and_top_of_screen(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.go(1)
    ws.place = (7, 3)
    ws.close()
    ws.journal.close()
    again = open_workspace(corpus_dir)
    assert (again.session.doc_id, again.place) == ("b.txt", (7, 3))
    again.go(2)  # another document opens at its start
    assert again.place == (0, 0)
    again.journal.close()


def test_a_resume_place_past_the_text_or_not_a_number_is_not_trusted(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.close()
    ws.journal.close()
    path = resume_path(ws.journal.path)
    length = len(ws.session.text)
    path.write_bytes(orjson.dumps({"last": "a.txt", "cursor": 10**9, "top": 10**9}))
    again = open_workspace(corpus_dir)
    assert again.place == (length, length)
    again.journal.close()
    for bad in ({"cursor": "3", "top": 1}, {"cursor": True, "top": 0}, {"cursor": -1, "top": 0}):
        path.write_bytes(orjson.dumps({"last": "a.txt", **bad}))
        again = open_workspace(corpus_dir)
        assert again.place == (0, 0)
        again.journal.close()
    path.write_bytes(b"[1, 2]")
    again = open_workspace(corpus_dir)
    assert again.place == (0, 0)
    again.journal.close()


def test_without_a_resume_file_the_latest_changed_document_opens(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.go(1)
    ws.session.add(3, 11, "SITE")
    ws.save()
    ws.journal.close()
    resume_path(ws.journal.path).unlink()
    again = open_workspace(corpus_dir)
    assert again.session.doc_id == "b.txt"
    again.journal.close()


def test_time_is_accumulated_and_saved_when_leaving_a_touched_document(corpus_dir):
    clock = Clock()
    ws = open_workspace(corpus_dir, clock)
    clock.now += 5
    ws.session.add(4, 11, "ACTOR")
    ws.save()
    clock.now += 7
    ws.go(1)
    clock.now += 30
    ws.go(0)
    ws.journal.close()
    written = lines(corpus_dir)
    assert [line["seconds"] for line in written] == [5.0, 12.0]
    assert "b.txt" not in {line["id"] for line in written}


def test_progress_next_not_done_and_find(corpus_dir):
    ws = open_workspace(corpus_dir)
    assert ws.progress() == (0, 3)
    ws.session.set_status("accepted")
    ws.save()
    ws.go(1)
    ws.session.set_status("rejected")
    assert ws.progress() == (2, 3)
    assert ws.next_not_done() == 2
    assert ws.find("c.txt") == 2
    assert ws.find("2") == 1
    assert ws.find("9") is None
    assert ws.find("") is None
    ws.journal.close()


def test_undo_stacks_survive_moving_between_documents(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.session.add(4, 11, "ACTOR")
    ws.go(1)
    back = ws.go(0)
    assert back.undo() and back.spans == ()
    ws.journal.close()


def test_changed_corpus_text_is_reconciled_saved_and_flagged(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.session.add(4, 11, "ACTOR")  # نتنياهو
    ws.session.add(0, 3, "QUOTE")  # قال
    ws.save()
    ws.journal.close()
    text = "وقد قال الوزير إن الحرب مستمرة"
    (corpus_dir / "a.txt").write_text(text, encoding="utf-8")
    again = open_workspace(corpus_dir)
    again.go(0)
    assert again.session.text == text
    assert again.session.status == "flagged"
    moved = [(s.start, s.end, s.label, s.text, s.stale) for s in again.session.spans]
    assert moved == [
        (4, 11, "ACTOR", "نتنياهو", True),  # gone: kept where it was, stale
        (4, 7, "QUOTE", "قال", False),  # once in each text: re-anchored
    ]
    assert any("1 marked stale" in notice for notice in again.notices)
    saved = lines(corpus_dir)[-1]
    assert saved["text"] == text and saved["status"] == "flagged"
    assert saved["drift"]["previous_status"] == "in_progress"
    assert [s.get("stale", False) for s in saved["spans"]] == [False, True]
    again.journal.close()
    # Reopened: reconciled once, nothing new to say.
    third = open_workspace(corpus_dir)
    third.go(0)
    assert not any("changed" in notice for notice in third.notices)
    assert len(lines(corpus_dir)) == 2
    third.journal.close()


def test_an_unreadable_document_found_late_is_skipped_and_said_once(tmp_path):
    # Over eager_bytes, a corpus is only indexed: the bad first line is found when read.
    (tmp_path / "big.jsonl").write_bytes(
        b'{"id": "bad", "text": "\xff"}\n' + orjson.dumps({"id": "good", "text": "في البوكمال"})
    )
    journal = Journal.open(journal_path(tmp_path / "annotations", "alice"))
    corpus = open_corpus(tmp_path / "big.jsonl", eager_bytes=10)
    ws = Workspace(corpus, journal, "alice", default_labels(), Clock())
    assert ws.session.doc_id == "good"
    # Among the corpus's problems (the app's start notice shows them), not again as a notice.
    said = [str(p) for p in corpus.problems] + ws.notices
    assert len([s for s in said if "big.jsonl: line 1: byte 23: invalid UTF-8" in s]) == 1
    with pytest.raises(UserError, match="no document before this one can be read"):
        ws.go(0)
    assert ws.session.doc_id == "good"
    journal.close()


def test_after_a_crash_reopening_resumes_where_the_last_change_was_saved(corpus_dir):
    ws = open_workspace(corpus_dir)
    ws.go(1)
    ws.place = (3, 0)
    ws.session.add(3, 11, "SITE")
    ws.save()
    # No close(): the process is killed here. Release the lock as the OS would.
    ws.journal.close()
    again = open_workspace(corpus_dir)
    assert (again.session.doc_id, again.place) == ("b.txt", (3, 0))
    assert [s.text for s in again.session.spans] == ["البوكمال"]
    again.journal.close()
