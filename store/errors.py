"""Errors the store raises, each with a message fit for the person at the keyboard."""

from __future__ import annotations

from dataclasses import dataclass


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class DatabaseError(StoreError):
    """The database cannot be opened or used; the message is one French line."""


class NotFoundError(StoreError):
    """No record with that id."""


class ConflictError(StoreError):
    """Another session saved the record since it was read (optimistic locking)."""

    def __init__(self, table: str, row_id: int, expected: int, found: int) -> None:
        super().__init__(
            f"{table} {row_id} : modifié par une autre session (version {found}, attendue {expected})."
        )
        self.table = table
        self.row_id = row_id
        self.expected = expected
        self.found = found



@dataclass(frozen=True, slots=True)
class FieldError:
    """One refused field and the reason, in French."""

    field: str
    message: str


class ValidationError(StoreError):
    """Fields refused; ``errors`` says which and why."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field} : {e.message}" for e in errors))
        self.errors = errors

class PossibleDuplicateError(StoreError):
    """A client like the one being created already exists; ``candidates`` are their ids, best
    first. Create again with ``confirmed_homonym_of`` naming them to record a different person."""

    def __init__(self, candidates: list[int]) -> None:
        super().__init__(
            "client peut-être déjà connu : " + ", ".join(str(c) for c in candidates)
        )
        self.candidates = candidates


class PermissionDeniedError(StoreError):
    """The user's role does not allow this action."""


class MergeRefusedError(StoreError):
    """The two clients cannot be merged (same client, already merged, anonymized)."""
