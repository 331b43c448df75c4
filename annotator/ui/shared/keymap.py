"""A user's own keys: a TOML file mapping binding ids (shown in ``?`` help) to keys.

[keys]
"annotate.accept" = "ctrl+a"
"label.ACTOR" = "j"

Every key of the app, the screen, the article and the labels answers in one chain (the
article is always focused), so a key bound twice would silently do only one of the two
things: such a clash is refused, naming the keymap entry or the label that brought it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.keys import Keys, key_to_character

from annotator.problems import UserError, printable, show_path

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(key.value for key in Keys)
KEY_EXAMPLES = '"ctrl+a", "f2", "question_mark", "shift+left" or one character'


def normalized(keys: str) -> list[str]:
    """``keys`` (comma-separated) as Textual names them: ``?`` is ``question_mark``."""
    return [binding.key for binding in Binding.make_bindings([Binding(keys, "")])]


def is_key(key: str) -> bool:
    """Whether ``key`` (normalized) names a key a terminal can send: modifiers, then a named
    key (``f2``, ``left``) or a character, by itself or by its Unicode name."""
    *modifiers, base = key.split("+")
    if not base or not MODIFIERS.issuperset(modifiers):
        return False
    return base in NAMED_KEYS or key_to_character(base) is not None


def load_keymap(path: Path, bindings: Sequence[Binding]) -> dict[str, str]:
    """The ``[keys]`` table of ``path``; UserError naming the file, line and entry if it is
    wrong: an unknown id, something that is not a key, or a key another binding has."""
    try:
        # A byte-order mark is accepted, as in a corpus: editors on Windows add one.
        source = Path(path).read_text(encoding="utf-8-sig")
        data = tomllib.loads(source)
    except FileNotFoundError:
        raise UserError(f"{show_path(path)}: no such keymap file") from None
    except UnicodeDecodeError as exc:
        raise UserError(
            f"{show_path(path)}: not UTF-8 at byte {exc.start}; save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"{show_path(path)}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise UserError(f"{show_path(path)}: cannot read: {exc.strerror}") from None
    keys = data.get("keys")
    if set(data) != {"keys"} or not isinstance(keys, dict):
        raise UserError(f'{show_path(path)}: expected only a [keys] table of "binding id" = "key"')
    known = {binding.id for binding in bindings if binding.id}
    keymap: dict[str, str] = {}
    for binding_id, key in _flattened(keys):
        where = f"{show_path(path)} line {_line_of(source, binding_id)}"
        if binding_id not in known:
            raise UserError(
                f"{where}: unknown binding id {printable(binding_id)!r}; "
                "the ids are listed in the help (?)"
            )
        if not isinstance(key, str) or not key.strip():
            raise UserError(f'{where}: {binding_id!r} must be a key in quotes, like "ctrl+a"')
        wrong = [k for k in normalized(key) if not is_key(k)]
        if wrong:
            raise UserError(
                f"{where}: {printable(wrong[0])!r} is not a key; write keys as {KEY_EXAMPLES}"
            )
        keymap[binding_id] = key
    clash = find_clash(bindings, keymap)
    if clash is not None:
        key, first, second = clash
        # The entry to change is the one that brought the key; if both did, the later one.
        blamed, other = (second, first) if second.id in keymap else (first, second)
        raise UserError(
            f"{show_path(path)} line {_line_of(source, blamed.id or '')}: {blamed.id!r} = "
            f"{keymap[blamed.id or '']!r}, but {key!r} is already the key for "
            f"{describe(other)}; pick another key, or give that one another key too"
        )
    return keymap


def find_clash(
    bindings: Sequence[Binding], keymap: Mapping[str, str]
) -> tuple[str, Binding, Binding] | None:
    """The first key that two bindings would share with ``keymap`` applied, and the two."""
    owner: dict[str, Binding] = {}
    for binding in bindings:
        keys = keymap.get(binding.id or "", binding.key)
        for key in normalized(keys):
            other = owner.setdefault(key, binding)
            if other is not binding:
                return key, other, binding
    return None


def describe(binding: Binding) -> str:
    """How a message names a binding: what it does and its id."""
    return f"{binding.tooltip or binding.description!r} ({binding.id})"


def _flattened(table: dict[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    """``table``'s entries with dotted ids: an id written without quotes
    (``annotate.accept = "q"``) is a nested table to TOML."""
    entries: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            entries += _flattened(value, f"{prefix}{name}.")
        else:
            entries.append((f"{prefix}{name}", value))
    return entries


def _line_of(source: str, binding_id: str) -> int:
    """The 1-based line of ``source`` that gives ``binding_id`` its key (quoted or not)."""
    quoted = re.escape(binding_id)
    entry = re.compile(rf"""^\s*(?:"{quoted}"|'{quoted}'|{quoted})\s*=""")
    for number, line in enumerate(source.splitlines(), 1):
        if entry.match(line):
            return number
    return 1


def check_label_keys(
    bindings: Sequence[Binding], keymap: Mapping[str, str], labels_file: Path | None
) -> None:
    """UserError if a label's key (``label.<NAME>`` among ``bindings``) is also another
    binding's key once ``keymap`` is applied, naming the labels file's line."""
    clash = find_clash(bindings, keymap)
    if clash is None:
        return
    _key, first, second = clash
    label, other = (second, first) if (second.id or "").startswith("label.") else (first, second)
    name = (label.id or "").removeprefix("label.")
    where = ""
    if labels_file is not None:
        source = Path(labels_file).read_text(encoding="utf-8-sig")
        entry = re.compile(rf"""^\s*key\s*=\s*["']{re.escape(label.key)}["']""")
        lines = [n for n, line in enumerate(source.splitlines(), 1) if entry.match(line)]
        where = f"{show_path(labels_file)} line {lines[0] if lines else 1}: "
    raise UserError(
        f"{where}label {name}: key {label.key!r} is already the key for {describe(other)}; "
        "give the label another key in the labels file, or that key another one with --keymap"
    )
