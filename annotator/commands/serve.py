"""``annotator serve``: the annotation app in a browser, one signed-in session per person.

The server sits above this layer, beside the UI: ``annotator.cli`` passes its ``run`` in.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from annotator.commands._arguments import add_project, needed_project
from annotator.problems import UserError
from annotator.project.project import Project

HELP = "serve the annotation app to browsers; each person signs in with their token link"


class ServeFunction(Protocol):
    def __call__(self, root: Path, host: str, port: int, say: Callable[[str], None]) -> int: ...


def _port(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise UserError(f"--port '{value}' is not a port number (0 to 65535; 0: any free port)")
    return int(value)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only; anything else "
        "needs TLS in front, see docs/team.md)",
    )
    parser.add_argument(
        "--port", type=_port, default=8000, help="port to listen on (default: 8000; 0: any free)"
    )
    add_project(parser)


def team_project(args: argparse.Namespace, command: str) -> Project:
    """The project ``command`` works in; serving and sign-in links exist only in one."""
    return needed_project(
        args,
        f"{command} works in a team project (who may sign in is its team): run it in the "
        "project folder or give --project DIR; `annotator init --corpus PATH` makes one",
    )


def run(args: argparse.Namespace, serve: ServeFunction) -> int:
    def say(line: str) -> None:
        print(f"annotator serve: {line}", flush=True)

    return serve(team_project(args, "serve").root, args.host, args.port, say)
