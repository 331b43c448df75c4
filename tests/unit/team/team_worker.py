"""An annotator process for the files backend's crash tests, driven by its arguments:

    team_worker.py FOLDER NAME IDS_FILE OVERLAP TEAM MODE

MODE ``hold``: claim one document, save work on it, print its id, then wait to be killed
(an annotator mid-document). MODE ``loop``: claim, save and accept documents until none is
left, printing each id once it is accepted (killed at some point by the test).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from annotator.annotations.model import DocRecord
from annotator.team.files import FilesTeamStore
from annotator.team.settings import RoutingSettings


def main() -> None:
    folder, name, ids_file, overlap, team, mode = sys.argv[1:7]
    ids = Path(ids_file).read_text().split()
    settings = RoutingSettings(
        annotators=tuple(team.split(",")), overlap=int(overlap), lease_seconds=600
    )
    store = FilesTeamStore.open(Path(folder), Path(folder), settings, ids)
    while (doc := store.claim_next(name)) is not None:
        store.write(DocRecord(doc, f"text of {doc}", status="in_progress", annotator=name))
        if mode == "hold":
            print(doc, flush=True)
            time.sleep(3600)
        store.write(DocRecord(doc, f"text of {doc}", status="accepted", annotator=name))
        print(doc, flush=True)
    print("none", flush=True)


if __name__ == "__main__":
    main()
