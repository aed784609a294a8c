"""Errors the store raises, each with a message fit for the person at the keyboard."""


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
