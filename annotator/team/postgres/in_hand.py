"""What this machine last heard from the server about one person: the team's routing settings
and the documents handed out to them. Away from the server it is all the app has to say which
documents are theirs to finish; it never hands out a new one (only the server does).

Kept in ``.<name>.routing.json`` beside their journal, written over in place; it is a copy
of what the server holds, so losing it costs only the offline list, never a change.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

import orjson

from annotator.team.postgres.outbox import overwrite_quietly
from annotator.team.settings import RoutingSettings


def in_hand_path(local: Path, name: str) -> Path:
    return local / f".{name}.routing.json"


def settings_from(saved: dict[str, Any]) -> RoutingSettings:
    """Routing settings as ``db init`` stores them (``asdict``) read back."""
    fields = {k: v for k, v in saved.items() if k in RoutingSettings.__dataclass_fields__}
    fields["annotators"] = tuple(fields.get("annotators", ()))
    fields["leads"] = tuple(fields.get("leads", ()))
    fields["quota"] = dict(fields.get("quota", {}))
    return RoutingSettings(**fields)


def load(local: Path, name: str) -> dict[str, Any]:
    try:
        saved = orjson.loads(in_hand_path(local, name).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    return saved if isinstance(saved, dict) else {}


def remember(local: Path, name: str, **known: Any) -> None:
    """Keep ``known`` (settings, annotators, held, routed) for ``name``, beside what was kept."""
    saved = load(local, name)
    saved.update({k: asdict(v) if isinstance(v, RoutingSettings) else v for k, v in known.items()})
    overwrite_quietly(in_hand_path(local, name), orjson.dumps(saved))


def handed_out(local: Path, name: str, doc_id: str) -> None:
    """``doc_id`` was just handed out to ``name``."""
    known = load(local, name)
    held_now = [*known.get("held", ()), doc_id]
    remember(local, name, held=held_now, routed=sorted({*known.get("routed", ()), doc_id}))


def let_go(local: Path, name: str, doc_id: str) -> None:
    """``name`` finished ``doc_id`` or gave it back: no longer theirs to finish."""
    known = load(local, name).get("held", ())
    if doc_id in known:
        remember(local, name, held=[d for d in known if d != doc_id])


def held(local: Path, name: str) -> tuple[str, ...]:
    return tuple(str(d) for d in load(local, name).get("held", ()))


def routed(local: Path, name: str) -> frozenset[str]:
    return frozenset(str(d) for d in load(local, name).get("routed", ()))


def settings(local: Path, name: str) -> RoutingSettings | None:
    saved = load(local, name).get("settings")
    return settings_from(saved) if isinstance(saved, dict) else None
