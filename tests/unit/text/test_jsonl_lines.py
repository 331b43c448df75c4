"""``numbered_lines``: every line with its number and byte offset, and a reading thread that
gives the interpreter up every ``EVERY`` lines (so a UI thread beside it can run)."""

from __future__ import annotations

import io

import pytest

from annotator import giving_way
from annotator.giving_way import EVERY
from annotator.text.jsonl import BOM, numbered_lines


def test_lines_are_numbered_from_one_and_placed_at_their_byte_offsets_after_a_bom():
    data = BOM + '{"id": "أ"}\n'.encode() + b"\n" + b'{"id": "b"}'
    first = len('{"id": "أ"}\n'.encode())
    assert list(numbered_lines(io.BytesIO(data))) == [
        (1, 3, '{"id": "أ"}\n'.encode()),
        (2, 3 + first, b"\n"),
        (3, 4 + first, b'{"id": "b"}'),
    ]


def test_the_reading_thread_gives_the_interpreter_up_every_so_many_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given_up: list[float] = []
    monkeypatch.setattr(giving_way.time, "sleep", given_up.append)
    lines = 3 * EVERY + 5
    read = list(numbered_lines(io.BytesIO(b"{}\n" * lines)))
    assert len(read) == lines
    assert given_up == [0, 0, 0]
