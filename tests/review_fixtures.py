"""The review fixture journals (tests/fixtures/review/README.md) and the candidates they make
on the sample article, named once for every review and agreement test."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora"
FIXTURES = ROOT / "tests" / "fixtures" / "review"
TWO = ["amal", "omar"]  # the two annotators reviewed: 6 conflicts on the sample article

# (start, end, label) of each candidate on deir-ez-zor-strikes.txt, as the README's table.
FORCES = (29, 43, "ACTOR")
SITE = (81, 89, "SITE")
DEIR = (95, 103, "SITE")
IRGC_ACTOR = (1262, 1283, "ACTOR")
IRGC_SITE = (1262, 1283, "SITE")
CAS_SHORT = (1325, 1333, "CASUALTY_COUNT")
CAS_LONG = (1325, 1343, "CASUALTY_COUNT")
BASE = (1478, 1494, "SITE")
NETANYAHU = (2142, 2149, "ACTOR")
