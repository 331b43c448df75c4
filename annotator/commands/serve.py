"""``annotator serve``: the annotation app in a browser, one signed-in session per person.

The server sits above this layer, beside the UI: ``annotator.cli`` passes its ``run`` in.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from annotator.problems import UserError

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
    parser.add_argument(
        "--project", type=Path, default=None, help="the project folder (default: this folder)"
    )


def project_root(args: argparse.Namespace) -> Path:
    root = Path(args.project or ".").resolve()
    if not root.is_dir():
        raise UserError(f"--project {args.project}: no such folder")
    return root


def run(args: argparse.Namespace, serve: ServeFunction) -> int:
    def say(line: str) -> None:
        print(f"annotator serve: {line}", flush=True)

    return serve(project_root(args), args.host, args.port, say)
