"""The same words for the same things in every command, and no writes where the user did not
point: ``--annotations DIR`` is where journals live, ``--out`` what a command produces."""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

import pytest

from annotator import cli
from annotator.commands.review import gold_path
from annotator.problems import UserError
from annotator.store.journal import load_journal
from annotator.store.paths import bundled_corpus, default_annotations_dir, user_data_dir

SAMPLE = bundled_corpus() / "deir-ez-zor-strikes.txt"
ROOT = Path(__file__).resolve().parents[3]


def command_options() -> dict[str, dict[str, argparse.Action]]:
    parser = cli.build_parser()
    subparsers = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    return {
        name: {o: a for a in sub._actions for o in a.option_strings}
        for name, sub in subparsers.items()
    }


def test_annotations_means_the_journals_folder_in_every_command():
    options = command_options()
    takes = sorted(name for name, opts in options.items() if "--annotations" in opts)
    assert takes == [
        "agreement",
        "annotate",
        "evaluate",
        "export",
        "import",
        "review",
        "stats",
        "suggest",
        "train",
    ]
    helps = {options[name]["--annotations"].help for name in takes}
    assert len(helps) == 1 and "where annotation journals live" in helps.pop()


def test_out_never_names_the_journals_folder():
    for name, opts in command_options().items():
        out = opts.get("--out")
        if out is None or out.help == argparse.SUPPRESS:
            continue
        # What the command produces: a file (or an export's folder), never where journals live.
        assert out.dest == "out", name
        assert out.metavar in ("FILE", None), name


def test_the_bundled_sample_keeps_its_annotations_in_the_user_data_folder(user_data_home):
    expected = user_data_home / "annotator" / "annotations"
    assert user_data_dir() / "annotations" == expected
    assert default_annotations_dir(bundled_corpus()) == expected
    assert default_annotations_dir(SAMPLE) == expected  # one file of it too


def test_a_relative_xdg_data_home_is_ignored(monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/place")
    assert user_data_dir() == Path.home() / ".local" / "share" / "annotator"


def test_a_users_corpus_keeps_its_annotations_beside_it_in_a_folder_of_its_own(tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    assert default_annotations_dir(corpus) == tmp_path / "annotations" / "news"


def test_suggest_on_the_bundled_sample_writes_into_the_user_data_folder(
    user_data_home, capsys, monkeypatch, tmp_path
):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["suggest"]) == 0
    journal = user_data_home / "annotator" / "annotations" / "suggest.jsonl"
    assert load_journal(journal).records
    assert f"-> {journal}" in capsys.readouterr().out
    assert not list(tmp_path.iterdir())  # nothing written where the user stands


def test_stats_without_a_folder_reads_where_the_bundled_samples_journals_are(
    user_data_home, capsys
):
    assert cli.main(["suggest", "--annotator", "amal"]) == 0
    capsys.readouterr()
    assert cli.main(["stats", "--json"]) == 0
    assert '"amal"' in capsys.readouterr().out


def test_the_old_out_spelling_of_the_annotations_folder_still_works_and_says_so(tmp_path, capsys):
    source = tmp_path / "d.jsonl"
    source.write_text('{"id": "a", "text": "في حلب", "label": [[3, 6, "SITE"]]}\n', "utf-8")
    argv = ["import", "--format", "doccano", str(source), "--annotator", "omar"]
    assert cli.main([*argv, "--out", str(tmp_path / "ann")]) == 0
    err = capsys.readouterr().err
    assert "--out DIR is now --annotations DIR" in err
    assert [*load_journal(tmp_path / "ann" / "omar.jsonl").records] == ["a"]


def test_review_out_names_the_gold_file(tmp_path, capsys):
    assert gold_path(None, tmp_path) == tmp_path / "gold.jsonl"
    assert gold_path(tmp_path / "g.jsonl", tmp_path / "elsewhere") == tmp_path / "g.jsonl"
    with pytest.raises(UserError, match=r"give the gold journal a \.jsonl name"):
        gold_path(tmp_path / "gold", tmp_path)


def test_review_out_naming_a_folder_is_the_old_spelling(tmp_path, capsys):
    folder = tmp_path / "reviewed"
    folder.mkdir()
    assert gold_path(folder, tmp_path) == folder / "gold.jsonl"
    assert "review --out now names the gold file itself" in capsys.readouterr().err


def test_a_corpus_copied_elsewhere_is_the_users_own(tmp_path):
    copy = tmp_path / "corpora"
    shutil.copytree(bundled_corpus(), copy)
    assert default_annotations_dir(copy) == tmp_path / "annotations" / "corpora"


def test_the_readme_table_lists_every_option_of_every_command():
    readme = (Path(cli.__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### The same words in every command", 1)[1].split("\n\n")[2]
    rows = {}
    for row in table.splitlines()[2:]:
        cells = [cell.strip() for cell in row.split("|")[1:-1]]
        for name in re.findall(r"`([a-z-]+)`", cells[0]):
            rows[name] = cells
    for name, options in command_options().items():
        shown = {o for o, a in options.items() if a.help != argparse.SUPPRESS} - {"-h", "--help"}
        cells = rows[name]
        annotations, out = cells[2], cells[3]
        # The two shared words have columns: "—" there means the command does not take it.
        assert ("--annotations" in shown) is (annotations != "—"), name
        assert ("--out" in shown) is not out.startswith("—"), name
        named = set(re.findall(r"--[a-z-]+", " ".join(cells)))
        assert not shown - {"--annotations", "--out"} - named, name


def test_json_means_the_same_in_every_command_that_takes_it():
    options = command_options()
    takes = sorted(name for name, opts in options.items() if "--json" in opts)
    assert takes == ["agreement", "evaluate", "progress", "stats"]
    for name in takes:
        action = options[name]["--json"]
        assert isinstance(action, argparse._StoreTrueAction), name
        assert re.fullmatch(r"print the \w+ as JSON", action.help or ""), name


def test_stats_and_train_read_every_journal_of_the_folder_or_say_there_is_none(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    for command, to_do in (("stats", "to count"), ("train", "to learn from")):
        assert cli.main([command, "--annotations", str(empty)]) == 2
        assert f"{empty}: no journals (.jsonl) {to_do}" in capsys.readouterr().err
    shutil.copy(ROOT / "tests" / "fixtures" / "review" / "amal.jsonl", empty / "amal.jsonl")
    assert cli.main(["stats", "--annotations", str(empty), "--json"]) == 0
    assert '"amal"' in capsys.readouterr().out


def test_team_commands_outside_a_project_say_how_to_get_into_one(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["next", "--annotator", "amal"]) == 2
    assert "next hands out documents of a team project; run it inside one" in (
        capsys.readouterr().err
    )
    assert cli.main(["progress"]) == 2
    assert "progress counts a team project's routing" in capsys.readouterr().err


def test_labels_is_a_toml_file_and_out_what_the_command_produces_wherever_they_are_taken():
    options = command_options()
    labels = sorted(name for name, opts in options.items() if "--labels" in opts)
    assert labels == ["annotate", "export", "import", "init", "review", "suggest", "validate"]
    for name in labels:
        action = options[name]["--labels"]
        assert action.type is Path and action.default is None, name
        assert "labels TOML" in (action.help or ""), name
    for name in ("export", "review", "suggest", "train"):
        action = options[name]["--out"]
        assert action.type is Path and action.default is None, name
