"""`annotator stats` counts annotation journals and refuses anything else, with a reason."""

import orjson
import pytest

from annotator.cli import main


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"text": "abc", "label": [[0, 2, "SITE"]]}\n', 'without "schema" and "spans"'),
        (b'{"tokens": ["a"], "ner_tags": [0]}\n', 'without "schema" and "spans"'),
        ("نص عربي\nسطر ثان\n".encode(), "no line is an annotation journal record"),
    ],
)
def test_stats_refuses_what_is_not_a_journal(tmp_path, capsys, content, reason):
    path = tmp_path / "x.jsonl"
    path.write_bytes(content)
    assert main(["stats", str(path)]) == 2
    captured = capsys.readouterr()
    assert reason in captured.err and "stats counts annotation journals" in captured.err
    assert captured.out == ""
    assert not (tmp_path / "x.jsonl.rejected").exists()


def test_stats_counts_a_journal(tmp_path, capsys):
    path = tmp_path / "ali.jsonl"
    record = {"schema": 1, "id": "a", "text": "في البوكمال", "status": "accepted"}
    record["spans"] = [{"start": 3, "end": 11, "label": "SITE", "text": "البوكمال"}]
    path.write_bytes(orjson.dumps(record) + b"\n")
    assert main(["stats", "--json", str(path)]) == 0
    assert orjson.loads(capsys.readouterr().out)["total"]["by_label"] == {"SITE": 1}
