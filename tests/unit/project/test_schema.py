"""annotator.toml is read strictly: every unknown key and bad value is named with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.problems import UserError
from annotator.project.schema import read_project_file

GOOD = """\
corpus = "corpora"

[team]
annotators = ["amal", "omar", "lina"]
leads = ["lina"]
overlap = 2
lease_minutes = 15
order = "shuffle"
seed = 7

[team.quota]
amal = 10

[suggest]
enabled = false
no_builtin = ["quote"]

[store]
url = "postgresql://db.example.org:5433/team?sslmode=require"
"""


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # messages name annotator.toml as the user would type it


def project_file(tmp_path: Path, text: str) -> Path:
    (tmp_path / "corpora").mkdir(exist_ok=True)
    path = tmp_path / "annotator.toml"
    path.write_text(text, encoding="utf-8")
    return path


def problem(tmp_path: Path, text: str) -> str:
    with pytest.raises(UserError) as caught:
        read_project_file(project_file(tmp_path, text))
    return str(caught.value)


def test_a_good_file_builds_the_routing_settings(tmp_path: Path) -> None:
    read = read_project_file(project_file(tmp_path, GOOD))
    assert read.corpus == tmp_path / "corpora"
    routing = read.routing
    assert routing.annotators == ("amal", "omar", "lina")
    assert routing.leads == ("lina",)
    assert (routing.overlap, routing.lease_seconds, routing.order, routing.seed) == (
        2,
        900,
        "shuffle",
        7,
    )
    assert routing.quota == {"amal": 10}
    assert (read.suggest.enabled, read.suggest.no_builtin) == (False, ("quote",))
    assert read.store_url == "postgresql://db.example.org:5433/team?sslmode=require"


def test_defaults(tmp_path: Path) -> None:
    read = read_project_file(
        project_file(tmp_path, 'corpus = "corpora"\n[team]\nannotators = ["a"]\n')
    )
    assert (read.routing.overlap, read.routing.order, read.routing.lease_seconds) == (
        1,
        "corpus",
        1800,
    )
    assert read.labels is None and read.store_url is None and read.suggest.enabled


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        (
            'corpus = "corpora"',
            'corpus = "corpora"\ncorpsu = 1',
            2,
            "unknown key 'corpsu' at the top; did you mean 'corpus'?",
        ),
        (
            "overlap = 2",
            "overlapp = 2",
            6,
            "unknown key 'overlapp' in [team]; did you mean 'overlap'?",
        ),
        ("enabled = false", "enable = false", 15, "unknown key 'enable' in [suggest]"),
        ('url = "', 'uri = "', 19, "unknown key 'uri' in [store]"),
        ("overlap = 2", "overlap = 4", 6, "team.overlap 4 is larger than the team (3 annotators)"),
        ("overlap = 2", "overlap = 3.5", 6, "team.overlap 3.5 is larger than the team"),
        ("overlap = 2", "overlap = 0", 6, "team.overlap must be at least 1, not 0"),
        (
            "overlap = 2",
            'overlap = "most"',
            6,
            'team.overlap must be a whole number, "all" or a fraction',
        ),
        ("overlap = 2", "overlap = true", 6, "not true"),
        ("lease_minutes = 15", "lease_minutes = -1", 7, "team.lease_minutes must be above 0"),
        (
            "lease_minutes = 15",
            'lease_minutes = "15"',
            7,
            "team.lease_minutes must be a number of minutes, not '15'",
        ),
        (
            'order = "shuffle"',
            'order = "random"',
            8,
            "team.order 'random': give one of corpus, shuffle, uncertain",
        ),
        ("seed = 7", "seed = 1.5", 9, "team.seed must be a whole number, not 1.5"),
        ("amal = 10", "bob = 10", 12, "team.quota names 'bob', who is not in team.annotators"),
        ("amal = 10", "amal = -1", 12, "team.quota.amal must be a whole number of documents"),
        (
            "enabled = false",
            'enabled = "no"',
            15,
            "suggest.enabled must be true or false, not 'no'",
        ),
        (
            'no_builtin = ["quote"]',
            'no_builtin = ["quotes"]',
            16,
            "suggest.no_builtin holds 'quotes'; give rule names",
        ),
        ('leads = ["lina"]', 'leads = "lina"', 5, "team.leads must be a list of names"),
        ('leads = ["lina"]', 'leads = ["lina", "LINA"]', 5, "team.leads names 'LINA' twice"),
        ('leads = ["lina"]', "leads = [3]", 5, "team.leads holds 3; give names in quotes"),
        ('corpus = "corpora"', 'corpus = "missing"', 1, "corpus 'missing': no such file or folder"),
        ('corpus = "corpora"', "corpus = 3", 1, "corpus must be a path in quotes, not 3"),
        (
            'corpus = "corpora"',
            'corpus = "corpora"\nlabels = "labels.toml"',
            2,
            "labels 'labels.toml': no such file",
        ),
        (
            'corpus = "corpora"',
            'corpus = "corpora"\nguidelines = "g.md"',
            2,
            "guidelines 'g.md': no such file",
        ),
        (
            "postgresql://db.example.org",
            "postgresql://amal:secret@db.example.org",
            19,
            "store.url: it holds a password; keep the password out of annotator.toml: put it "
            "in ~/.pgpass",
        ),
        ("?sslmode=require", "?password=secret", 19, "it holds a password"),
        ("postgresql://", "mysql://", 19, "the scheme is mysql; give postgresql://"),
    ],
)
def test_each_bad_key_or_value_is_named_with_its_line(
    tmp_path: Path, old: str, new: str, line: int, said: str
) -> None:
    assert old in GOOD
    message = problem(tmp_path, GOOD.replace(old, new, 1))
    assert f"annotator.toml line {line}: " in message
    assert said in message
    assert "Traceback" not in message


def test_every_problem_is_listed_at_once_in_line_order(tmp_path: Path) -> None:
    text = GOOD.replace("overlap = 2", "overlap = 9").replace("seed = 7", 'seed = "x"')
    lines = problem(tmp_path, text).splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "annotator.toml line 6",
        "annotator.toml line 9",
    ]


def test_a_list_item_is_placed_on_its_own_line(tmp_path: Path) -> None:
    text = GOOD.replace(
        'annotators = ["amal", "omar", "lina"]',
        'annotators = [\n  "amal",\n  "../x",\n  "lina",\n]',
    )
    message = problem(tmp_path, text)
    assert message.startswith("annotator.toml line 6: team.annotators '../x' cannot name a file")


def test_missing_corpus_and_team_are_named(tmp_path: Path) -> None:
    message = problem(tmp_path, "[team]\nleads = []\n")
    assert "line 1: corpus is missing" in message
    assert "line 1: team.annotators is missing" in message


def test_a_syntax_error_names_its_line_and_column(tmp_path: Path) -> None:
    message = problem(tmp_path, 'corpus = "corpora"\n[team\nannotators = ["a"]\n')
    assert message.startswith("annotator.toml line 2 column")


def test_a_table_where_a_value_should_be_and_a_value_where_a_table_should_be(
    tmp_path: Path,
) -> None:
    message = problem(tmp_path, 'corpus = "corpora"\nteam = 3\n')
    assert "annotator.toml line 2: team must be a table: [team]" in message
    message = problem(tmp_path, GOOD.replace("[team.quota]\namal = 10", "[team.overlap]\nx = 1"))
    assert "line 11" in message or "line 6" in message


def test_not_utf8_is_named_by_byte(tmp_path: Path) -> None:
    path = project_file(tmp_path, "")
    path.write_bytes(b'corpus = "\xff"\n')
    with pytest.raises(UserError, match=r"annotator.toml: not UTF-8 at byte 10"):
        read_project_file(path)


def test_all_and_fractions_are_overlaps(tmp_path: Path) -> None:
    for written, read in (('"all"', "all"), ("1.2", 1.2), ("2.0", 2), ("1", 1)):
        text = GOOD.replace("overlap = 2", f"overlap = {written}")
        assert read_project_file(project_file(tmp_path, text)).routing.overlap == read
