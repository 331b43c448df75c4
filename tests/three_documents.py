"""Three short news documents and a record labelling one word of one of them: the team's
tests (on files and on a server) share them."""

from __future__ import annotations

from annotator.annotations.model import DocRecord, Span

TEXTS = {
    "n1": "قصفت الطائرات البوكمال.",
    "n2": "قال المرصد إن 12 مدنيا قتلوا في دير الزور.",
    "n3": "وصلت القوات إلى الميادين صباح اليوم.",
}


def labelled(
    doc_id: str,
    word: str,
    label: str = "SITE",
    annotator: str = "amal",
    status: str = "in_progress",
) -> DocRecord:
    text = TEXTS[doc_id]
    start = text.index(word)
    return DocRecord(
        id=doc_id,
        text=text,
        spans=[Span.of(text, start, start + len(word), label)],
        status=status,
        annotator=annotator,
        updated_at="2026-12-06T10:00:00.000+00:00",
    )
