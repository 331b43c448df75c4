"""The test suite's wall time against the renovation day's, in the same run.

Issue 13 asked for the suite in under half of its wall time on the renovation's day (633 tests,
serial, at commit 8d24573) while still running every one of those tests. This script runs, one
after the other on this machine:

1. the renovation day's suite, serially, from a checkout of that commit with its own virtual
   environment (the baseline);
2. today's tests that descend from those 633: the same test names (moved files keep their
   names; the few renamed since are listed in RENAMED), with `make test`'s `-n auto`;
3. today's whole suite with `-n auto`, for the record.

    git worktree add --detach /tmp/reno 8d24573
    (cd /tmp/reno && python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]')
    .venv/bin/python bench/suite.py /tmp/reno

Run it on an idle machine: it times whole test runs, so anything else running shows.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Tests of the renovation's day renamed since (old name -> today's name).
RENAMED = {
    "test_compiled_bounds_equal_the_pure_python_bounds": (
        "test_compiled_bounds_equal_the_tokenizers"
    ),
    "test_an_unreadable_document_found_late_is_skipped_with_a_notice": (
        "test_an_unreadable_document_found_late_is_skipped_and_said_once"
    ),
    "test_spans_carry_label_and_rule_source": (
        "test_spans_carry_label_and_the_part_of_the_rule_that_fired"
    ),
    "test_every_suggestion_is_exactly_its_text_and_flat": (
        "test_every_suggestion_is_exactly_its_text_and_keeps_the_nesting_rule"
    ),
    "test_accept_all_agreed_then_reject_then_undo": (
        "test_accept_all_agreed_then_reject_then_undecide"
    ),
    "test_add_a_reviewers_span_and_undo_by_snapshot": (
        "test_add_a_reviewers_span_and_take_it_back_by_snapshot"
    ),
}
# Gone since with what they tested: the command table is explicit now (no module discovery to
# check), the tokenizer's hand-written fast path was replaced by the one expression, and the
# flag box's preview by the box itself (its right alignment: test_arabic_typed_in_the_flag_box_…).


def test_ids(checkout: Path) -> list[str]:
    """The node ids a checkout's suite collects."""
    run = subprocess.run(
        [
            *(str(checkout / ".venv/bin/python"), "-m", "pytest", "--collect-only", "-q"),
            *("-p", "no:cacheprovider", "-o", "addopts=--import-mode=importlib"),
        ],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in run.stdout.splitlines() if "::" in line]


def name_of(node_id: str) -> str:
    return re.sub(r"\[.*\]$", "", node_id.rsplit("::", 1)[-1])


def timed(checkout: Path, arguments: list[str]) -> float:
    """Seconds of wall time for one pytest run in ``checkout``; a failing run stops the bench."""
    environment = {**os.environ, "CI": "true"}
    started = time.perf_counter()
    run = subprocess.run(
        [str(checkout / ".venv/bin/python"), "-m", "pytest", "-p", "no:cacheprovider", *arguments],
        cwd=checkout,
        env=environment,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        sys.exit(f"pytest failed in {checkout}:\n{run.stdout[-3000:]}{run.stderr[-2000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "renovation_day", type=Path, nargs="?", help="a checkout of 8d24573 with .venv"
    )
    given = parser.parse_args().renovation_day
    if given is None or not (given / ".venv/bin/python").exists():
        # `make bench` runs every script without arguments: say what this one needs.
        print("bench/suite.py needs a checkout of 8d24573 with its .venv: see its docstring")
        return
    checkout = given.resolve()
    then = test_ids(checkout)
    now = test_ids(ROOT)
    wanted = {RENAMED.get(name_of(i), name_of(i)) for i in then}
    chosen = [i for i in now if name_of(i) in wanted]
    missing = wanted - {name_of(i) for i in chosen}
    print(f"renovation day: {len(then)} tests; today: {len(now)} tests, {len(chosen)} of them")
    print(f"  descend from those (by name); names not found today: {sorted(missing) or 'none'}")
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    baseline = timed(checkout, [])
    print(f"  the renovation day's suite, serial (baseline): {baseline:6.1f} s")
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listed:
        listed.write("\n".join(chosen) + "\n")
        listed.flush()
        subset = timed(ROOT, ["-n", "auto", f"@{listed.name}"])
    print(
        f"  those tests today, -n auto:                     {subset:6.1f} s "
        f"({subset / baseline:.2f}x the baseline; target < 0.5x)"
    )
    whole = timed(ROOT, ["-n", "auto"])
    print(
        f"  today's whole suite ({len(now)} tests), -n auto:  {whole:6.1f} s "
        f"({whole / baseline:.2f}x the baseline)"
    )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
