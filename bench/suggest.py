"""Suggestion speed over 10,000 articles, against a plain word scan measured in the same run.

    .venv/bin/python bench/suggest.py [ARTICLES]

The articles are the sample article varied deterministically: paragraphs shuffled, numbers
changed (some in Arabic-Indic digits), harakat and tatweel sprinkled on words, so the rules
and the tolerant matching meet the same kind of text an annotator sees. Three set-ups are
timed: the built-in rules alone; with 200 phrase patterns and 20 regexes; and with those plus
a gazetteer learned from the gold fixture and 2,000 more names. The baseline is the cheapest
pass any suggester must make: ``re.findall(r"\\w+")`` over each article.
"""

import random
import re
import statistics
import sys
import time
from pathlib import Path

import orjson

from annotator.annotations.model import DocRecord
from annotator.suggest import Gazetteer, Suggester
from annotator.suggest.patterns import parse_patterns

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "deir-ez-zor-strikes.txt"
GOLD = ROOT / "tests" / "fixtures" / "deir-ez-zor-gold.jsonl"
MARKS = ["\u064e", "\u064f", "\u0650", "\u0651", "\u064b", "\u0640\u0640"]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
SLICES = 10


def varied_articles(count: int, rng: random.Random) -> list[str]:
    paragraphs = SAMPLE.read_text(encoding="utf-8").strip("\n").split("\n")
    articles = []
    for _ in range(count):
        chosen = rng.sample(paragraphs, k=len(paragraphs))
        text = "\n".join(chosen)
        text = re.sub(r"\d+", lambda m: _number(rng), text)
        words = text.split(" ")
        for _ in range(len(words) // 10):
            at = rng.randrange(len(words))
            word = words[at]
            if word:
                cut = rng.randrange(1, len(word) + 1)
                words[at] = word[:cut] + rng.choice(MARKS) + word[cut:]
        articles.append(" ".join(words) + "\n")
    return articles


def _number(rng: random.Random) -> str:
    number = str(rng.randrange(1, 3000))
    if rng.random() < 0.3:
        number = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    return number


def _name(rng: random.Random) -> str:
    return " ".join(
        "".join(rng.choice(LETTERS) for _ in range(rng.randrange(3, 8)))
        for _ in range(rng.randrange(1, 4))
    )


def timed(articles: list[str], work) -> float:
    """Seconds for all ``articles``, from the median of ten slices: other processes on a
    shared machine slow some slices down, and the median ignores them."""
    size = max(1, len(articles) // SLICES)
    times = []
    for at in range(0, len(articles), size):
        started = time.perf_counter()
        for article in articles[at : at + size]:
            work(article)
        times.append((time.perf_counter() - started) / len(articles[at : at + size]))
    return statistics.median(times) * len(articles)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(8)
    articles = varied_articles(count, rng)
    lines = [orjson.dumps({"label": "SITE", "pattern": _name(rng)}) for _ in range(200)]
    lines += [orjson.dumps({"label": "ACTOR", "regex": f"{_name(rng)}\\s+\\w+"}) for _ in range(20)]
    lines.append(orjson.dumps({"label": "SITE", "pattern": "دير الزور"}))
    patterns = parse_patterns([("bench.jsonl", b"\n".join(lines))])
    gazetteer = Gazetteer()
    gazetteer.learn_records([DocRecord.from_json(orjson.loads(GOLD.read_bytes()))])
    for _ in range(2000):
        gazetteer.learn(_name(rng), rng.choice(["ACTOR", "SITE"]))

    words = re.compile(r"\w+")
    baseline = timed(articles, words.findall)
    setups = [
        ("built-in rules", Suggester()),
        ("+ 221 patterns", Suggester(patterns)),
        (f"+ gazetteer of {len(gazetteer)}", Suggester(patterns, gazetteer=gazetteer)),
    ]
    chars = sum(len(a) for a in articles)
    print(f"{count} articles, {chars / count:,.0f} characters each on average")
    print(f"{'word scan (baseline)':<28} {count / baseline:>10,.0f} articles/s")
    for name, suggester in setups:
        spans = 0

        def work(article, suggester=suggester):
            nonlocal spans
            spans += len(suggester.for_document(article))

        seconds = timed(articles, work)
        print(
            f"{name:<28} {count / seconds:>10,.0f} articles/s  "
            f"{seconds / baseline:6.1f}x the baseline's time  {spans / count:.1f} suggestions each"
        )


if __name__ == "__main__":
    main()
