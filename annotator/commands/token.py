"""``annotator token NAME``: a person's sign-in link for ``annotator serve``, printed once.

Only a salted hash of the secret is kept in the project; making a new link for a person
replaces the old one (and signs out every browser that used it).
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import quote

from annotator.commands._arguments import add_project, person_name
from annotator.commands.serve import team_project
from annotator.project.tokens import issue_token, tokens_path

HELP = "make a person's sign-in link for `annotator serve` (replaces their earlier link)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", type=person_name("NAME"), help="the person the link signs in")
    parser.add_argument(
        "--url",
        default="http://127.0.0.1:8000/",
        help="the address people reach the server at (default: http://127.0.0.1:8000/)",
    )
    add_project(parser)


def run(args: argparse.Namespace) -> int:
    project = team_project(args, "token")
    name = project.member(args.name, "NAME")
    secret = issue_token(project.root, name)
    print(f"{args.url.rstrip('/')}/signin?name={quote(name)}&token={secret}")
    print(
        f"annotator: the link above is shown only this once (only its hash is kept, in "
        f"{tokens_path(project.root)}); give it to {name} privately. A new link replaces it.",
        file=sys.stderr,
    )
    return 0
