"""Where a machine that has only the server's URL keeps its side of the project: the corpus it
read from the server and the annotator's journal, in the user's data folder."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from psycopg.conninfo import conninfo_to_dict

from annotator.store.paths import user_data_dir


def local_folder(url: str) -> Path:
    """``<data>/annotator/servers/<host>-<database>-<digest>``: one folder per server and
    database, named so a person can tell which (the digest tells apart URLs that differ only
    in the user or the options)."""
    parts = conninfo_to_dict(url)
    readable = f"{parts.get('host') or 'localhost'}-{parts.get('dbname') or ''}"
    safe = re.sub(r"[^\w.-]+", "_", readable).strip("_.")[:48]
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return user_data_dir() / "servers" / f"{safe}-{digest}"
