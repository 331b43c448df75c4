"""What the built-in rules suggest in a snippet, with the part of the rule that made each
(shared by the tests of the forms of news text)."""

from annotator.suggest import suggest


def found(text: str, rule: str) -> list[tuple[str, str]]:
    """(text, part) of each suggestion of ``rule`` in ``text``, in order."""
    return [(s.text, s.source.removeprefix(f"rule:{rule}:")) for s in suggest(text, builtin=[rule])]
