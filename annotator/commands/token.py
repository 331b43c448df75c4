"""``annotator token NAME``: a person's sign-in link for ``annotator serve``, printed once.

Only a salted hash of the secret is kept in the project; making a new link for a person
replaces the old one (and signs out every browser that used it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote

from annotator.commands._arguments import person_name
from annotator.commands.serve import project_root
from annotator.project.tokens import issue_token, tokens_path

HELP = "make a person's sign-in link for `annotator serve` (replaces their earlier link)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", type=person_name("NAME"), help="the person the link signs in")
    parser.add_argument(
        "--url",
        default="http://127.0.0.1:8000/",
        help="the address people reach the server at (default: http://127.0.0.1:8000/)",
    )
    parser.add_argument(
        "--project", type=Path, default=None, help="the project folder (default: this folder)"
    )


def run(args: argparse.Namespace) -> int:
    root = project_root(args)
    secret = issue_token(root, args.name)
    print(f"{args.url.rstrip('/')}/signin?name={quote(args.name)}&token={secret}")
    print(
        f"annotator: the link above is shown only this once (only its hash is kept, in "
        f"{tokens_path(root)}); give it to {args.name} privately. A new link replaces it.",
        file=sys.stderr,
    )
    return 0
