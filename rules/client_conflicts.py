"""Two sessions edited one client: which of my changes collide with what was saved meanwhile."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from store.records import Client


@dataclass(frozen=True, slots=True)
class Conflict:
    """A field I changed that another session also changed, to something else."""

    field: str
    mine: Any
    theirs: Any


def find_conflicts(base: Client, changes: Mapping[str, Any], current: Client) -> list[Conflict]:
    """My ``changes`` to ``base`` that ``current`` (saved since) changed differently."""
    found = []
    for name, mine in changes.items():
        theirs = getattr(current, name)
        if theirs != getattr(base, name) and theirs != mine:
            found.append(Conflict(name, mine, theirs))
    return found


def rebase(changes: Mapping[str, Any], current: Client, conflicts: Collection[Conflict],
           keep_mine: Collection[str]) -> dict[str, Any]:
    """The changes to save over ``current``: mine where nobody else wrote or where I chose mine.

    What the other session saved in fields I did not touch stays as they saved it.
    """
    theirs_kept = {c.field for c in conflicts} - set(keep_mine)
    return {name: value for name, value in changes.items()
            if name not in theirs_kept and getattr(current, name) != value}
