"""Corpus loading: formats, load-time text decisions, and a clear problem for each bad input."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from annotator.cli import main
from annotator.problems import UserError
from annotator.text.corpus import open_corpus

ARABIC = "قالت مصادر إن القوات انسحبت.\r\nوأضافت: «لا تعليق»."


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


@pytest.fixture(params=[True, False], ids=["checked", "indexed-only"])
def check_all(request) -> bool:
    """Both modes: small corpora are checked at open, big ones only indexed."""
    return request.param


def test_folder_of_txt_ids_are_relative_paths_in_sorted_order(tmp_path, check_all):
    (tmp_path / "b.txt").write_text("second", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("third", encoding="utf-8")
    (tmp_path / "a.txt").write_text("first", encoding="utf-8")
    corpus = open_corpus(tmp_path, check_all=check_all)
    assert list(corpus.ids) == ["a.txt", "b.txt", "sub/a.txt"]
    assert corpus.text("sub/a.txt") == "third"
    assert corpus.index_of("b.txt") == 1
    assert len(corpus) == 3
    assert corpus.problems == []


def test_bom_dropped_line_endings_kept(tmp_path, check_all):
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + ARABIC.encode())
    write_jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": ARABIC}])
    raw = (tmp_path / "b.jsonl").read_bytes()
    (tmp_path / "b.jsonl").write_bytes(b"\xef\xbb\xbf" + raw)
    corpus = open_corpus(tmp_path, check_all=check_all)
    assert corpus.text("a.txt") == ARABIC
    assert corpus.text("x") == ARABIC
    assert "\r\n" in corpus.text("a.txt")


def test_jsonl_meta_keeps_other_keys(tmp_path, check_all):
    write_jsonl(
        tmp_path / "c.jsonl",
        [
            {"id": "n1", "text": "نص", "meta": {"source": "sana"}, "date": "2024-01-02"},
            {"text": "نص آخر", "id": 7},
        ],
    )
    corpus = open_corpus(tmp_path / "c.jsonl", check_all=check_all)
    assert list(corpus.ids) == ["n1", "7"]
    assert corpus.meta("n1") == {"source": "sana", "date": "2024-01-02"}
    assert corpus.text("7") == "نص آخر"
    assert corpus.source("7").endswith("c.jsonl: line 2")


def test_single_txt_file(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text(ARABIC, encoding="utf-8")
    corpus = open_corpus(path)
    assert list(corpus.ids) == ["one.txt"]
    assert corpus.text("one.txt") == ARABIC


def test_missing_path_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="no such file or folder"):
        open_corpus(tmp_path / "nope")


def test_nothing_loadable_is_a_user_error_listing_why(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe")
    with pytest.raises(UserError, match=r"no article to annotate .*bad.txt: byte 0: invalid UTF-8"):
        open_corpus(tmp_path)


def test_bad_inputs_are_reported_and_the_rest_loads(tmp_path):
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("abc é".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b" \n\t")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "notes.md").write_text("# notes")
    lines = [
        b'{"id": "ok", "text": "\xd9\x86\xd8\xb5"}',
        b'{"id": "torn", "text": "nope',
        b'{"id": "notext"}',
        b'{"id": "wrongtype", "text": 5}',
        b'{"id": "ok", "text": "again"}',
        b'{"id": "bytes", "text": "\xff"}',
        b"[1, 2]",
        b"",
        b'{"id": "good.txt", "text": "clash with the txt file"}',
        b'{"id": "nul", "text": "a\\u0000b"}',
        b'{"id": "blank", "text": "  "}',
        b'{"id": "ok2", "text": "fine"}',
    ]
    (tmp_path / "z.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["good.txt", "ok", "ok2"]
    messages = [str(p) for p in corpus.problems]
    expected = [
        "empty.txt: empty article",
        "image.txt: byte 8: binary file (NUL byte)",
        "latin1.txt: byte 4: invalid UTF-8",
        "notes.md: not a .txt or .jsonl file",
        "z.jsonl: line 2: not valid JSON",
        "z.jsonl: line 3: article 'notext' has no text",
        "z.jsonl: line 4: article 'wrongtype' has text of type int",
        "z.jsonl: line 5: duplicate id 'ok' (first in",
        "z.jsonl: line 6: byte ",
        "z.jsonl: line 7: expected a JSON object",
        "z.jsonl: line 9: duplicate id 'good.txt'",
        "z.jsonl: line 10: article 'nul' text has a NUL character at offset 1",
        "z.jsonl: line 11: article 'blank' is empty",
    ]
    assert len(messages) == len(expected), messages
    for message, start in zip(messages, expected, strict=True):
        assert start in message, (message, start)
    byte6 = sum(len(x) + 1 for x in lines[:5]) + lines[5].index(b"\xff")
    assert f"line 6: byte {byte6}: invalid UTF-8" in messages[8]


def test_indexed_only_corpus_reports_a_bad_article_when_read(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"ok then \xc3")
    (tmp_path / "good.txt").write_text("fine", encoding="utf-8")
    write_jsonl(tmp_path / "c.jsonl", [{"id": "e", "text": ""}, {"id": "f", "text": "fine"}])
    corpus = open_corpus(tmp_path, check_all=False)
    assert list(corpus.ids) == ["bad.txt", "e", "f", "good.txt"]
    assert corpus.problems == []
    with pytest.raises(UserError, match=r"bad.txt: byte 8: invalid UTF-8"):
        corpus.text("bad.txt")
    with pytest.raises(UserError, match=r"c.jsonl: line 1: article 'e' is empty"):
        corpus.text("e")
    assert corpus.text("f") == "fine"
    with pytest.raises(UserError):
        corpus.text("bad.txt")
    assert [p.path.rsplit("/", 1)[-1] for p in corpus.problems] == ["bad.txt", "c.jsonl"]


def test_changed_jsonl_after_open_is_an_error_not_a_wrong_text(tmp_path):
    path = write_jsonl(
        tmp_path / "c.jsonl", [{"id": "a", "text": "one"}, {"id": "b", "text": "two"}]
    )
    corpus = open_corpus(path)
    write_jsonl(path, [{"id": "b", "text": "two"}, {"id": "a", "text": "one"}])
    with pytest.raises(UserError, match="changed since annotator opened it"):
        corpus.text("b")


def test_fast_index_and_full_parse_agree_on_odd_ids(tmp_path):
    rows = [
        {"id": 'quote"d', "text": "a"},
        {"text": "b", "id": "later-key"},
        {"id": "عربي", "text": "c"},
        {"id": -12, "text": "d"},
        {"id": "tab\there", "text": "e"},
    ]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    lazy = open_corpus(path, check_all=False)
    full = open_corpus(path)
    assert list(lazy.ids) == list(full.ids) == ['quote"d', "later-key", "عربي", "-12", "tab\there"]
    assert [lazy.text(i) for i in lazy.ids] == ["a", "b", "c", "d", "e"]


def test_crlf_jsonl_and_unterminated_last_line(tmp_path, check_all):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": "a", "text": "x"}\r\n{"id": "b", "text": "y"}')
    corpus = open_corpus(path, check_all=check_all)
    assert [corpus.text(i) for i in corpus.ids] == ["x", "y"]


def test_unreadable_subfolder_is_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("fine", encoding="utf-8")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("hidden", encoding="utf-8")
    scandir = os.scandir

    def refuse(path):  # as for a folder without read permission (root would read it anyway)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["a.txt"]
    assert "locked: cannot list this folder: Permission denied; skipped" in str(corpus.problems[0])


def test_names_with_terminal_escapes_are_printed_escaped(tmp_path):
    (tmp_path / "a\x1b[31mred\u202e.txt").write_bytes(b"\xff")
    (tmp_path / "ok.txt").write_text("fine", encoding="utf-8")
    (problem,) = open_corpus(tmp_path).problems
    assert "a\\x1b[31mred\\u202e.txt: byte 0: invalid UTF-8" in str(problem)
    assert "\x1b" not in str(problem) and "\u202e" not in str(problem)


def test_check_corpus_lists_every_skipped_file_and_exits_1(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xd9")
    assert main(["check-corpus", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("skipped: ") and "bad.txt: byte 0: invalid UTF-8" in out[0]
    assert out[1].endswith(": 1 article(s) load, 1 problem(s)")
    (tmp_path / "bad.txt").unlink()
    assert main(["check-corpus", str(tmp_path)]) == 0


def test_hidden_files_are_ignored_and_folder_links_reported_not_followed(tmp_path):
    (tmp_path / "a.txt").write_text("fine", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("no", encoding="utf-8")
    (tmp_path / ".notes.txt").write_text("no", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    corpus = open_corpus(tmp_path)
    assert list(corpus.ids) == ["a.txt", "b.txt"]
    (problem,) = corpus.problems
    assert str(problem).endswith("loop: a link to a folder; not followed, skipped")


def test_invalid_utf8_shows_the_bytes_and_names_utf16(tmp_path):
    (tmp_path / "good.txt").write_text("قصف", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    (tmp_path / "wide.txt").write_bytes("قصف".encode("utf-16"))
    messages = [str(p) for p in open_corpus(tmp_path).problems]
    latin1 = "latin1.txt: byte 3: invalid UTF-8 (bytes e9); re-save the file as UTF-8"
    assert any(m.endswith(latin1) for m in messages)
    wide = next(m for m in messages if "wide.txt" in m)
    assert "invalid UTF-8 (bytes ff fe" in wide and "(it looks like UTF-16)" in wide
