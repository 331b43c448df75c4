import subprocess
import sys
import types

from annotator import __version__, cli
from annotator.cli import build_parser
from annotator.problems import UserError


def test_every_command_module_is_registered():
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices
    assert "annotate" in choices


def test_version_runs_as_a_module():
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"annotator {__version__}"


def test_user_errors_print_one_line_and_exit_2(monkeypatch, capsys):
    def run(args):
        raise UserError(f"{args.path}: line 3: broken; fix it")

    fake = types.SimpleNamespace(
        NAME="fake", HELP="fails", configure=lambda p: p.add_argument("path"), run=run
    )
    monkeypatch.setattr(cli, "_command_modules", lambda: [fake])
    assert cli.main(["fake", "x.jsonl"]) == 2
    assert capsys.readouterr().err == "annotator: x.jsonl: line 3: broken; fix it\n"


def test_no_command_means_annotate(monkeypatch):
    seen = []
    fake = types.SimpleNamespace(
        NAME="annotate",
        HELP="",
        configure=lambda p: p.add_argument("corpus", nargs="?"),
        run=lambda args: seen.append(args.corpus) or 0,
    )
    monkeypatch.setattr(cli, "_command_modules", lambda: [fake])
    assert cli.main([]) == 0
    assert cli.main(["some/corpus"]) == 0
    assert seen == [None, "some/corpus"]


def test_a_closed_pipe_is_not_a_traceback():
    script = (
        "import sys, types\n"
        "from annotator import cli\n"
        "def run(args):\n"
        "    for _ in range(100000):\n"
        "        print('line of output')\n"
        "fake = types.SimpleNamespace(NAME='spew', HELP='', configure=lambda p: None, run=run)\n"
        "cli._command_modules = lambda: [fake]\n"
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
    fake = types.SimpleNamespace(
        NAME="annotate",
        HELP="",
        configure=lambda p: p.add_argument("corpus", nargs="?"),
        run=lambda args: seen.append(args.corpus) or 0,
    )
    monkeypatch.setattr(cli, "_command_modules", lambda: [fake])
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    assert cli.main(["news"]) == 0
    assert seen == ["news"]
