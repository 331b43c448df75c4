"""The agreement report computed in a child process, for a screen that must stay responsive.

Loading three journals of 10,000 documents and computing every figure takes seconds of pure
Python; in a thread it would hold the GIL and the screen would freeze just the same. So a
child process does it: ``python -m annotator.agreement.background``, given the job as one
JSON object on its standard input, answering with JSON lines on its standard output
(``{"step": ...}`` as it goes, then ``{"done": report}`` or ``{"failed": reason}``). The child
loads the journals itself: sending it documents already loaded would cost the caller as much
pickling as reading them again. The caller polls the pipe, so it can give up at any moment,
and the child is then terminated.

A plain subprocess rather than ``multiprocessing``: its start methods either fork a process
that runs threads (a lock another thread holds is copied locked) or need ``sys.stderr`` to be
a real file, which it is not inside a Textual app.
"""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.agreement.render import isolated, render_text, safe
from annotator.agreement.report import agreement_report
from annotator.agreement.sources import load_documents
from annotator.problems import UserError

# How often the caller looks whether it was cancelled while the child works.
POLL_SECONDS = 0.05
# The child yields the CPU to the screen that waits for it: on a busy two-core machine a
# child at the same priority doubles the time a key takes to be answered.
CHILD_NICENESS = 10
CHILD_COMMAND = (sys.executable, "-m", "annotator.agreement.background")


@dataclass(frozen=True, slots=True)
class AgreementJob:
    """Whose journals to compare, where: all the child process needs to compute alone."""

    corpus: Path
    annotations: Path
    annotators: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps(
            {
                "corpus": str(self.corpus),
                "annotations": str(self.annotations),
                "annotators": list(self.annotators),
            }
        )

    @classmethod
    def from_json(cls, text: str) -> AgreementJob:
        data = json.loads(text)
        return cls(Path(data["corpus"]), Path(data["annotations"]), tuple(data["annotators"]))


Step = Callable[[str], None]


class AgreementFailed(Exception):
    """The figures could not be computed; the message says why."""


def report_text(job: AgreementJob, step: Step) -> str:
    """The report as the agreement screen shows it (ids and names bidi-isolated), telling
    ``step`` what it is doing."""
    step(f"Loading the journals of {', '.join(safe(n) for n in job.annotators)}…")
    docs, problems = load_documents(job.corpus, job.annotations, job.annotators)
    step(f"Computing the figures over {len(docs):,} documents…")
    return render_text(agreement_report(docs, job.annotators, problems=problems), isolated)


def compute_in_child(
    job: AgreementJob,
    *,
    step: Step,
    cancelled: Callable[[], bool],
    command: Sequence[str] = CHILD_COMMAND,
) -> str | None:
    """The report computed by ``command`` (the child, this module run as a program); None if
    ``cancelled()`` turned true first. AgreementFailed if the child failed or ended without
    a result."""
    child = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        try:
            child.stdin.write(job.to_json().encode())
            child.stdin.close()
        except BrokenPipeError:
            # The child ended before reading its job: what it says (or its exit code) tells.
            pass
        for line in _LineReader(child.stdout.fileno(), cancelled):
            message = json.loads(line)
            if "step" in message:
                step(str(message["step"]))
            elif "done" in message:
                return str(message["done"])
            else:
                raise AgreementFailed(str(message.get("failed", message)))
        if cancelled():
            return None
        raise AgreementFailed(
            f"the agreement process ended without a result (exit code {child.wait()})"
        )
    finally:
        if child.poll() is None:
            child.terminate()
        child.wait()
        child.stdout.close()


class _LineReader:
    """The lines of a pipe as they come; ends at end of file or once ``cancelled()``."""

    def __init__(self, fd: int, cancelled: Callable[[], bool]) -> None:
        self.fd = fd
        self.cancelled = cancelled
        self.pending = b""

    def __iter__(self) -> _LineReader:
        return self

    def __next__(self) -> bytes:
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            while b"\n" not in self.pending:
                if self.cancelled():
                    raise StopIteration
                if not selector.select(POLL_SECONDS):
                    continue
                chunk = os.read(self.fd, 1 << 16)
                if not chunk:
                    raise StopIteration
                self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        return line


def main() -> None:
    """The child: a job on standard input, JSON lines on standard output."""
    os.nice(CHILD_NICENESS)

    def send(kind: str, value: str) -> None:
        sys.stdout.write(json.dumps({kind: value}) + "\n")
        sys.stdout.flush()

    try:
        job = AgreementJob.from_json(sys.stdin.read())
        send("done", report_text(job, lambda text: send("step", text)))
    except UserError as error:
        send("failed", str(error))
    except Exception as error:  # whatever it is, the caller says it in one line
        send("failed", f"{type(error).__name__}: {error}")


if __name__ == "__main__":
    main()
