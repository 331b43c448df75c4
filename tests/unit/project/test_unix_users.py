"""On a shared server every person is a Unix user: in a project one cannot overwrite or remove
another's journal, and the lead (the group) can read them all. Run as real users, as root sets
them up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import cli

ROOT = Path(__file__).parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "deir-ez-zor-gold.jsonl"
# The venv's interpreter may live where other users cannot reach (/root): the system's of the
# same version runs the same code with the venv's packages.
SYSTEM_PYTHON = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages")))
TEAM_GID = 100  # Debian's "users"
AMAL, OMAR = 65534, 1  # nobody and daemon stand in for two people


@pytest.fixture
def shared(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    if os.geteuid() != 0 or not SYSTEM_PYTHON.exists():
        pytest.skip("needs root and a system Python to run commands as two other users")
    base = Path(tempfile.mkdtemp(prefix="annotator-team-", dir="/tmp"))
    os.chmod(base, 0o755)
    shutil.copytree(ROOT / "corpora", base / "corpora")
    shutil.copy(FIXTURE, base / "gold.jsonl")
    for path in (base / "corpora", *(base / "corpora").iterdir(), base / "gold.jsonl"):
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    monkeypatch.chdir(base)
    argv = ["init", "proj", "--corpus", "corpora", "--annotators", "nobody,daemon"]
    assert cli.main([*argv, "--leads", "daemon", "--group", "users"]) == 0
    yield base / "proj"
    shutil.rmtree(base)


def run_as(uid: int, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": f"{ROOT}:{PACKAGES}",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HOME": str(project.parent),
        "XDG_DATA_HOME": str(project.parent),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "annotator", *args],
        cwd=project,
        env=env,
        user=uid,
        group=uid if uid != AMAL else 65534,
        extra_groups=[TEAM_GID],
        umask=0o002,  # a group per user: without the project's modes, all group-writable
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_one_person_cannot_write_or_remove_anothers_journal_but_the_lead_reads_it(
    shared: Path,
) -> None:
    gold = str(shared.parent / "gold.jsonl")
    made = run_as(AMAL, shared, "import", "--format", "jsonl", gold, "--annotator", "nobody")
    assert made.returncode == 0, made.stderr
    journal = shared / "annotations" / "nobody.jsonl"
    before = journal.read_bytes()
    assert (journal.stat().st_uid, journal.stat().st_gid) == (AMAL, TEAM_GID)
    assert oct(journal.stat().st_mode & 0o777) == "0o640"
    # omar (daemon) writing amal's (nobody's) journal: refused, nothing changed.
    tried = run_as(OMAR, shared, "import", "--format", "jsonl", gold, "--annotator", "nobody")
    assert tried.returncode == 2
    assert "Traceback" not in tried.stderr
    assert "Permission denied" in tried.stderr
    assert journal.read_bytes() == before
    # ... nor rewrite it (compact), nor remove it (the annotations folder is sticky) ...
    rewritten = run_as(OMAR, shared, "compact", "annotations/nobody.jsonl")
    assert rewritten.returncode == 2 and journal.read_bytes() == before
    removed = subprocess.run(
        ["rm", "-f", str(journal)], user=OMAR, extra_groups=[TEAM_GID], capture_output=True
    )
    assert removed.returncode != 0 and journal.read_bytes() == before
    # ... but as the lead reads it.
    read = run_as(OMAR, shared, "stats")
    assert read.returncode == 0, read.stderr
    assert "nobody" in read.stdout
    assert run_as(AMAL, shared, "doctor").stdout.endswith("the project is in order\n")
