"""An article larger than the limit is refused when it is opened, with the file, the size, the
limit and how to raise it; the limit comes from ANNOTATOR_MAX_ARTICLE_BYTES."""

from __future__ import annotations

import orjson
import pytest

from annotator.problems import UserError
from annotator.text.corpus import MAX_ARTICLE_VARIABLE, open_corpus

ARTICLE = "قال المتحدث إن 15 شخصا قتلوا. " * 40  # 1,240 characters, 2,040 bytes


@pytest.fixture(params=[True, False], ids=["checked", "indexed-only"])
def check_all(request) -> bool:
    return request.param


def test_a_txt_article_over_the_limit_is_refused_naming_file_limit_and_variable(
    tmp_path, monkeypatch, check_all
):
    (tmp_path / "big.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "small.txt").write_text("قال", encoding="utf-8")
    monkeypatch.setenv(MAX_ARTICLE_VARIABLE, "1024")
    corpus = open_corpus(tmp_path, check_all=check_all)
    assert corpus.text("small.txt") == "قال"
    with pytest.raises(UserError) as refused:
        corpus.text("big.txt")
    message = str(refused.value)
    assert "big.txt" in message
    assert "article of 2,040 bytes is over the 1,024 bytes limit for one article" in message
    assert "split it into smaller articles" in message
    assert f"{MAX_ARTICLE_VARIABLE}=1048576" in message
    assert any("big.txt" in str(problem) for problem in corpus.problems)


def test_a_jsonl_article_over_the_limit_is_refused_naming_its_line(tmp_path, monkeypatch):
    rows = [{"id": "small", "text": "قال"}, {"id": "big", "text": ARTICLE}]
    (tmp_path / "news.jsonl").write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    monkeypatch.setenv(MAX_ARTICLE_VARIABLE, "1024")
    corpus = open_corpus(tmp_path, check_all=False)
    assert corpus.text("small") == "قال"
    with pytest.raises(UserError, match=r"news\.jsonl.*2.*over the"):
        corpus.text("big")


def test_raising_the_limit_opens_the_article(tmp_path, monkeypatch):
    (tmp_path / "big.txt").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.setenv(MAX_ARTICLE_VARIABLE, str(len(ARTICLE.encode())))
    assert open_corpus(tmp_path, check_all=False).text("big.txt") == ARTICLE


def test_a_limit_that_is_not_a_number_is_refused_with_an_example(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("قال", encoding="utf-8")
    monkeypatch.setenv(MAX_ARTICLE_VARIABLE, "16MB")
    with pytest.raises(UserError, match=f"{MAX_ARTICLE_VARIABLE}=16MB: not a number of bytes"):
        open_corpus(tmp_path, check_all=False).text("a.txt")
