"""The proof of local first: the server stopped at once (``pg_ctl stop -m immediate``) while
two annotator processes keep labelling, then started again: every change arrives, once."""

from __future__ import annotations

import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import psycopg
import pytest

from annotator.team.postgres import schema
from annotator.team.postgres.connection import connect
from tests.pg_cluster import Cluster

WORKER = Path(__file__).with_name("sync_worker.py")


class Annotator:
    def __init__(self, url: str, journal: Path) -> None:
        self.journal = journal
        self.seen: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), url, str(journal)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        # Lines read by a thread, so a wait has a deadline: a test that hangs proves nothing.
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def read_until(self, wanted: Callable[[str], bool], since: int | None = None) -> str:
        """The first line ``wanted`` from line ``since`` on (what was read before included)
        or, without ``since``, the next one read."""
        if since is not None:
            for line in self.seen[since:]:
                if wanted(line):
                    return line
        deadline = time.monotonic() + 120
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(f"{self.journal.stem} ended; said {self.seen}")
            self.seen.append(line)
            if wanted(line):
                return line
        raise AssertionError(f"{self.journal.stem}: nothing wanted in 120 s; said {self.seen}")

    def label(self, count: int) -> None:
        """``count`` changes, each acknowledged (on disk) before the next key."""
        assert self.process.stdin is not None
        for _ in range(count):
            self.process.stdin.write("label\n")
            self.process.stdin.flush()
            self.read_until(lambda line: line.startswith("saved "))

    def quit(self) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        final = self.read_until(lambda line: line.startswith("final: "))
        self.process.wait(timeout=60)
        return final

    def changes(self) -> list[str]:
        return [orjson.loads(line)["change"] for line in self.journal.read_bytes().splitlines()]


@pytest.mark.slow
def test_server_stopped_and_restarted_while_two_annotators_label_every_change_arrives_once(
    private_cluster: Cluster, tmp_path: Path
) -> None:
    url = private_cluster.url()
    with connect(url) as conn:
        schema.migrate(conn)
    amal = Annotator(url, tmp_path / "laptop" / "amal.jsonl")
    omar = Annotator(url, tmp_path / "desktop" / "omar.jsonl")
    try:
        for person in (amal, omar):
            person.label(5)
        private_cluster.stop("immediate")
        for person in (amal, omar):
            mark = len(person.seen)
            person.label(7)
            # The app keeps working and says so: the changes wait on disk.
            person.read_until(lambda line: line.startswith("status: offline: "), since=mark)
        for person in (amal, omar):
            person.label(3)
        private_cluster.start()
        for person in (amal, omar):
            person.label(2)
        assert amal.quit() == "final: sent"
        assert omar.quit() == "final: sent"
    finally:
        for person in (amal, omar):
            person.process.kill()
            person.process.wait()
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT journal, change FROM annotator.changes ORDER BY seq").fetchall()
    for person in (amal, omar):
        written = person.changes()
        assert len(written) == 17
        arrived = [change for journal, change in rows if journal == person.journal.stem]
        assert sorted(arrived) == sorted(written)  # every one, and each once
        assert [c for c in arrived] == written  # in the order each journal wrote them
