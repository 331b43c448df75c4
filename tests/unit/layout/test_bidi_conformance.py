"""UAX #9 conformance: every case of Unicode's BidiCharacterTest.txt (15.0.0).

Each line gives code points, a paragraph direction (0 LTR, 1 RTL, 2 auto), the resolved
paragraph level, the resolved level per character (x = removed by X9) and the visual order of
the characters that are not removed. The whole paragraph is one line for L1.
"""

import gzip
from pathlib import Path

import pytest

from annotator.layout.bidi import REMOVED, line_levels, resolve_levels, visual_order
from annotator.layout.bidi_tables import UNICODE_VERSION

DATA = Path(__file__).resolve().parent / "data" / "BidiCharacterTest.txt.gz"


def _cases():
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if line:
                yield number, line.split(";")


def run_case(fields) -> tuple[str, list[str], list[int]] | None:
    """Run one test line; None when the engine agrees with it, else what the engine gave."""
    code_points, direction, para_level, want_levels, want_order = fields
    text = "".join(chr(int(cp, 16)) for cp in code_points.split())
    base = None if direction == "2" else int(direction)
    classes, levels, para = resolve_levels(text, base)
    shown = line_levels(classes, levels, para, 0, len(text))
    got_levels = [
        "x" if cls in REMOVED else str(lv) for cls, lv in zip(classes, shown, strict=True)
    ]
    kept = [i for i, cls in enumerate(classes) if cls not in REMOVED]
    order = [kept[k] for k in visual_order([shown[i] for i in kept])]
    if (
        str(para) == para_level
        and got_levels == want_levels.split()
        and [str(i) for i in order] == want_order.split()
    ):
        return None
    return str(para), got_levels, order


@pytest.mark.slow
def test_every_case_of_bidi_character_test(capsys):
    failures = []
    total = 0
    for number, fields in _cases():
        total += 1
        got = run_case(fields)
        if got is not None:
            failures.append((number, fields, got))
    passed = total - len(failures)
    summary = f"BidiCharacterTest {UNICODE_VERSION}: {passed}/{total} cases pass"
    with capsys.disabled():
        print(f"\n{summary}")
    assert total > 90_000, "the test data is truncated"
    assert not failures, (
        summary
        + "; first failures:\n"
        + "\n".join(
            f"line {number}: {';'.join(fields)} -> got {got}"
            for number, fields, got in failures[:5]
        )
    )


@pytest.mark.parametrize(
    ("text", "rtl_order"),
    [
        # The brackets resolve to R with their Arabic content, so they are mirrored (L4) at
        # level 1 and the digits keep their left-to-right order.
        ("(شرق) 2020", [6, 7, 8, 9, 5, 4, 3, 2, 1, 0]),
    ],
)
def test_brackets_and_numbers_in_an_rtl_paragraph(text, rtl_order):
    classes, levels, para = resolve_levels(text)
    assert para == 1
    shown = line_levels(classes, levels, para, 0, len(text))
    assert visual_order(shown) == rtl_order
    assert shown[0] == shown[4] == 1
