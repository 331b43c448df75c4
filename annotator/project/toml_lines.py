"""The line each key of a TOML file is on, for messages: tomllib gives lines only for syntax
errors, never for the values it returns.

The file is scanned line by line for table headers (``[team]``, ``[team.quota]``) and
``key =`` lines (bare, quoted or dotted keys). It only has to place keys of a file tomllib has
already parsed, so it does not check the syntax; what it cannot place (a key inside an inline
table, say) is placed at the nearest key above it that it can.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
# One key part: bare, "basic" or 'literal'.
_PART = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_SPLIT = re.compile(rf"\s*({_PART})\s*(?:\.|$)")

Key = tuple[str, ...]


def _parts(dotted: str) -> Key:
    parts = []
    for match in _SPLIT.finditer(dotted):
        part = match.group(1)
        if part[0] == '"':
            part = part[1:-1].encode("utf-8").decode("unicode_escape", "replace")
        elif part[0] == "'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class KeyLines:
    """Where each key of a TOML source is: ``line(("team", "overlap"))`` is 1-based."""

    def __init__(self, source: str) -> None:
        self._lines = source.splitlines()
        self._at: dict[Key, int] = {}
        table: Key = ()
        in_string = False
        for number, text in enumerate(self._lines, 1):
            # Lines inside a multi-line string hold no keys.
            if in_string:
                in_string = text.count('"""') % 2 == 0 and text.count("'''") % 2 == 0
                continue
            header = _HEADER.match(text)
            if header:
                table = _parts(header.group(1))
                self._at.setdefault(table, number)
                continue
            key = _KEY.match(text)
            if key:
                self._at.setdefault(table + _parts(key.group(1)), number)
            if text.count('"""') % 2 or text.count("'''") % 2:
                in_string = True

    def line(self, key: Key) -> int:
        """The line of ``key``, else of its nearest enclosing key or table; 0 if none."""
        while key:
            if key in self._at:
                return self._at[key]
            key = key[:-1]
        return 0

    def line_of_value(self, key: Key, value: str) -> int:
        """The line holding ``value`` (quoted) at or after ``key``'s line: an item of a list
        that spans lines."""
        start = self.line(key)
        if start:
            for number in range(start, len(self._lines) + 1):
                text = self._lines[number - 1]
                if f'"{value}"' in text or f"'{value}'" in text:
                    return number
                if number > start and (_KEY.match(text) or _HEADER.match(text)):
                    break
        return start
