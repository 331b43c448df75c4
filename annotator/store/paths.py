"""Where things live: the bundled corpus, annotation journals, exports."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]
_REPO = _PACKAGE.parent


_PACKAGED_CORPUS = _PACKAGE / "corpora"


def bundled_corpus() -> Path:
    """The corpora/ folder shipped with the project (inside the package when installed)."""
    return _PACKAGED_CORPUS if _PACKAGED_CORPUS.is_dir() else _REPO / "corpora"


def default_annotations_dir(corpus: Path) -> Path:
    """``annotations/<corpus name>/`` beside the corpus, never inside it (a corpus folder may
    hold .jsonl): one folder per corpus, so corpora side by side (``work/corpora``,
    ``work/news``) never share a journal. Earlier versions kept every corpus's journals in
    ``annotations/`` itself; ``store.corpus_folders`` copies them over.

    The bundled sample (or a file of it) is not the user's to write beside (it is inside the
    installed package, or the project's checkout), so its annotations go to the user's data
    folder.
    """
    corpus = Path(corpus).resolve()
    if is_bundled(corpus):
        return user_data_dir() / "annotations"
    return shared_annotations_dir(corpus) / corpus.name


def shared_annotations_dir(corpus: Path) -> Path:
    """``annotations/`` beside the corpus: where earlier versions kept the journals of every
    corpus in the same folder."""
    return Path(corpus).resolve().parent / "annotations"


def is_bundled(corpus: Path) -> bool:
    """Whether ``corpus`` is the bundled sample or a file of it."""
    corpus = Path(corpus).resolve()
    bundled = bundled_corpus().resolve()
    return corpus == bundled or bundled in corpus.parents


def user_data_dir() -> Path:
    """``$XDG_DATA_HOME/annotator``, by default ``~/.local/share/annotator``."""
    base = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative value is invalid and must be ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".local" / "share"
    return root / "annotator"


def default_export_dir() -> Path:
    return Path.cwd() / "export"


def default_annotator() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = os.environ.get("USER", "")
    return name or "annotator"


def styles_dir() -> Path:
    """The .tcss files: inside the package when installed from a wheel, else the repo's styles/."""
    packaged = _PACKAGE / "styles"
    return packaged if packaged.is_dir() else _REPO / "styles"
