import subprocess
import sys
from pathlib import Path

from annotator import __version__, cli
from annotator.cli import build_parser
from annotator.problems import UserError


def test_every_command_module_is_in_the_table():
    folder = Path(cli.__file__).parent / "commands"
    modules = {p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")}
    in_table = {c.configure.__module__.rsplit(".", 1)[-1] for c in cli.COMMANDS.values()}
    assert modules == in_table


def test_the_parser_offers_every_command_in_the_table():
    parser = build_parser()
    assert set(parser._subparsers._group_actions[0].choices) == set(cli.COMMANDS)


def test_version_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"annotator {__version__}"


def test_user_errors_print_one_line_and_exit_2(monkeypatch, capsys):
    def run(args):
        raise UserError(f"{args.path}: line 3: broken; fix it")

    fake = cli.Command("fails", lambda p: p.add_argument("path"), run)
    monkeypatch.setattr(cli, "COMMANDS", {"fake": fake})
    assert cli.main(["fake", "x.jsonl"]) == 2
    assert capsys.readouterr().err == "annotator: x.jsonl: line 3: broken; fix it\n"


def test_no_command_means_annotate(monkeypatch):
    seen = []
    fake = cli.Command(
        "", lambda p: p.add_argument("corpus", nargs="?"), lambda a: seen.append(a.corpus) or 0
    )
    monkeypatch.setattr(cli, "COMMANDS", {"annotate": fake})
    assert cli.main([]) == 0
    assert cli.main(["some/corpus"]) == 0
    assert seen == [None, "some/corpus"]


def test_a_closed_pipe_is_not_a_traceback():
    script = (
        "import sys\n"
        "from annotator import cli\n"
        "def run(args):\n"
        "    for _ in range(100000):\n"
        "        print('line of output')\n"
        "cli.COMMANDS = {'spew': cli.Command('', lambda p: None, run)}\n"
        "sys.exit(cli.main(['spew']))\n"
    )
    spew = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    spew.stdout.readline()
    spew.stdout.close()
    err = spew.stderr.read().decode()
    assert spew.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipe" not in err


def test_a_mistyped_command_is_not_taken_for_a_corpus(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["exprot", "--format", "jsonl"]) == 2
    err = capsys.readouterr().err
    assert "'exprot' is neither a command nor an existing corpus path" in err
    assert "did you mean 'export'?" in err


def test_an_existing_folder_named_like_a_word_is_still_a_corpus(tmp_path, monkeypatch):
    seen = []
    fake = cli.Command(
        "", lambda p: p.add_argument("corpus", nargs="?"), lambda a: seen.append(a.corpus) or 0
    )
    monkeypatch.setattr(cli, "COMMANDS", {"annotate": fake})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    assert cli.main(["news"]) == 0
    assert seen == ["news"]
