"""Undo and redo for a session: the states before the present one, and those undone since.

The annotate session and the review session both keep their present state themselves and
hand it here on each change, undo and redo; what a state is stays theirs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class History(Generic[T]):
    _back: list[T] = field(default_factory=list)
    _forward: list[T] = field(default_factory=list)

    @property
    def can_undo(self) -> bool:
        return bool(self._back)

    @property
    def can_redo(self) -> bool:
        return bool(self._forward)

    @property
    def steps(self) -> int:
        """How many changes can be undone."""
        return len(self._back)

    def push(self, before: T) -> None:
        """A change left ``before``: it is the next undo step, and what was undone is gone."""
        self._back.append(before)
        self._forward.clear()

    def undo(self, present: T) -> T | None:
        """The state to go back to (``present`` becomes the next redo step); None if none."""
        if not self._back:
            return None
        self._forward.append(present)
        return self._back.pop()

    def redo(self, present: T) -> T | None:
        """The state to go forward to (``present`` becomes the next undo step); None if none."""
        if not self._forward:
            return None
        self._back.append(present)
        return self._forward.pop()

    def states(self) -> list[T]:
        """Every state undo or redo can bring back."""
        return [*self._back, *self._forward]

    def rebased(self, move: Callable[[T], T]) -> History[T]:
        """The same steps, each state moved by ``move`` (the session's ground changed under
        it, and undo must step through its own changes over the new ground)."""
        return History([move(s) for s in self._back], [move(s) for s in self._forward])

    def copy(self) -> History[T]:
        """A history that later changes to this one leave as it is (to put back after a
        change that could not be saved)."""
        return History(list(self._back), list(self._forward))
