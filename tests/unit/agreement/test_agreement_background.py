"""The agreement report computed by a child process: the same text as computed here, each
step told as it comes, failures in one line, and a child given up on is gone."""

import os
import sys
from pathlib import Path

import pytest

from annotator.agreement.background import (
    AgreementFailed,
    AgreementJob,
    compute_in_child,
    report_text,
)

ROOT = Path(__file__).resolve().parents[3]
JOB = AgreementJob(
    ROOT / "corpora", ROOT / "tests" / "fixtures" / "review", ("amal", "omar", "sami")
)


def never_cancelled() -> bool:
    return False


def test_the_child_computes_the_report_this_process_would_and_tells_each_step():
    steps: list[str] = []
    report = compute_in_child(JOB, step=steps.append, cancelled=never_cancelled)
    here: list[str] = []
    assert report == report_text(JOB, here.append)
    assert (
        steps
        == here
        == [
            "Loading the journals of amal, omar, sami…",
            "Computing the figures over 3 documents…",
        ]
    )


def test_a_missing_journal_fails_with_the_path_and_no_traceback(tmp_path):
    job = AgreementJob(JOB.corpus, tmp_path, ("amal", "omar"))
    with pytest.raises(AgreementFailed) as failed:
        compute_in_child(job, step=lambda _: None, cancelled=never_cancelled)
    message = str(failed.value)
    assert f"{tmp_path / 'amal.jsonl'}: no journal for annotator 'amal'" in message
    assert "Traceback" not in message


def test_a_child_that_dies_without_a_result_is_named_with_its_exit_code():
    with pytest.raises(AgreementFailed, match=r"ended without a result \(exit code 3\)"):
        compute_in_child(
            JOB,
            step=lambda _: None,
            cancelled=never_cancelled,
            command=[sys.executable, "-c", "raise SystemExit(3)"],
        )


# A stand-in for the child that says where it is and never answers.
HELD = (
    "import os, sys, time\n"
    "open(sys.argv[1], 'w').write(str(os.getpid()))\n"
    'print(\'{"step": "held"}\', flush=True)\n'
    "time.sleep(600)\n"
)


def test_a_cancelled_computation_returns_nothing_and_its_child_is_gone(tmp_path):
    pid_file = tmp_path / "pid"
    steps: list[str] = []
    report = compute_in_child(
        JOB,
        step=steps.append,
        cancelled=lambda: steps == ["held"],
        command=[sys.executable, "-c", HELD, str(pid_file)],
    )
    assert report is None
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # terminated and reaped


def test_a_job_goes_to_the_child_as_json_and_back_unchanged():
    odd = AgreementJob(Path("/tmp/نص"), Path("ann"), ("عمر", "a\u202eb"))
    assert AgreementJob.from_json(odd.to_json()) == odd
    assert odd.to_json().isascii()
