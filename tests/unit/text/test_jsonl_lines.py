"""``numbered_lines``: every line with its number and byte offset, after a BOM."""

from __future__ import annotations

import io

from annotator.text.jsonl import BOM, numbered_lines


def test_lines_are_numbered_from_one_and_placed_at_their_byte_offsets_after_a_bom():
    data = BOM + '{"id": "أ"}\n'.encode() + b"\n" + b'{"id": "b"}'
    first = len('{"id": "أ"}\n'.encode())
    assert list(numbered_lines(io.BytesIO(data))) == [
        (1, 3, '{"id": "أ"}\n'.encode()),
        (2, 3 + first, b"\n"),
        (3, 4 + first, b'{"id": "b"}'),
    ]
