"""The one seam between table rows and records: nowhere else knows how columns map to fields."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def columns(cls: type[Any], alias: str = "") -> str:
    """The select list for ``cls``: its field names, each a column (prefixed ``alias.`` if given)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f"{prefix}{f.name}" for f in fields(cls))


def to_record(cls: type[T], row: sqlite3.Row | tuple[Any, ...]) -> T:
    """Build a ``cls`` from a row selected with :func:`columns` (same order)."""
    return cls(*row)


def to_records(cls: type[T], rows: list[Any]) -> list[T]:
    """Build many records; ``rows`` is read to the end by the caller (``fetchall``)."""
    return [cls(*row) for row in rows]
