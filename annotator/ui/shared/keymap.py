"""A user's own keys: a TOML file mapping binding ids (shown in ``?`` help) to keys.

[keys]
"annotate.accept" = "ctrl+a"
"label.ACTOR" = "j"
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

from textual.binding import Binding

from annotator.problems import UserError


def load_keymap(path: Path, bindings: Iterable[Binding]) -> dict[str, str]:
    """The ``[keys]`` table of ``path``; UserError naming the file and entry if it is wrong."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"{path}: no such keymap file") from None
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 at byte {exc.start}; save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{path}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror}") from None
    keys = data.get("keys")
    if set(data) != {"keys"} or not isinstance(keys, dict):
        raise UserError(f'{path}: expected only a [keys] table of "binding id" = "key"')
    known = {binding.id for binding in bindings if binding.id}
    for binding_id, key in keys.items():
        if binding_id not in known:
            raise UserError(
                f"{path}: unknown binding id {binding_id!r}; the ids are listed in the help (?)"
            )
        if not isinstance(key, str) or not key.strip():
            raise UserError(f'{path}: {binding_id!r} must be a key in quotes, like "ctrl+a"')
    return dict(keys)
