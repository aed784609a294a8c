"""Generic row writes: insert, and the optimistic-locking, audited update every edit goes through."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from store.db import write
from store.errors import ConflictError, NotFoundError

EDITABLE_TABLES = frozenset({
    "users", "clients", "vehicles", "financings", "wishes", "leads", "proposals", "campaigns",
    "reminders", "contacts", "repair_orders", "complaints", "action_plan_items",
})
_PROTECTED = frozenset({"id", "version", "created_at", "created_by", "updated_at", "updated_by"})


def now_utc() -> str:
    """The current instant as stored: ISO, UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _table(name: str) -> str:
    if name not in EDITABLE_TABLES:
        raise ValueError(f"unknown table {name!r}")
    return name


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})").fetchall()}


def _check_columns(conn: sqlite3.Connection, table: str, names: Mapping[str, Any]) -> None:
    unknown = set(names) - _columns(conn, table)
    if unknown:
        raise ValueError(f"{table}: unknown columns {sorted(unknown)}")


def insert(conn: sqlite3.Connection, table: str, values: Mapping[str, Any], user: str = "") -> int:
    """Insert one row, audited, and return its id."""
    table = _table(table)
    _check_columns(conn, table, values)
    row = dict(values)
    if user and "created_by" in _columns(conn, table):
        row.setdefault("created_by", user)
        row.setdefault("updated_by", user)
    names = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    with write(conn):
        cursor = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(row.values()))
        row_id = int(cursor.lastrowid or 0)
        conn.execute(
            "INSERT INTO audit (user_login, action, table_name, row_id) VALUES (?, 'create', ?, ?)",
            (user, table, row_id),
        )
    return row_id


def update(
    conn: sqlite3.Connection,
    table: str,
    row_id: int,
    expected_version: int,
    changes: Mapping[str, Any],
    user: str,
) -> int:
    """Apply ``changes`` if the row is still at ``expected_version``; return the new version.

    Raises :class:`ConflictError` when another session saved the row in between (nothing is
    written), :class:`NotFoundError` when it is gone. Each changed field is audited old → new.
    """
    table = _table(table)
    if _PROTECTED & set(changes):
        raise ValueError(f"{table}: {sorted(_PROTECTED & set(changes))} are not edited directly")
    _check_columns(conn, table, changes)
    with write(conn):
        names = ", ".join(changes) or "id"
        current = conn.execute(
            f"SELECT version, {names} FROM {table} WHERE id = ?", (row_id,)
        ).fetchone()
        if current is None:
            raise NotFoundError(f"{table} {row_id} introuvable.")
        found = int(current[0])
        if found != expected_version:
            raise ConflictError(table, row_id, expected_version, found)
        old = dict(zip(changes, current[1:], strict=True))
        changed = {k: v for k, v in changes.items() if old[k] != v}
        if not changed:
            return found
        assignments = ", ".join(f"{name} = ?" for name in changed)
        conn.execute(
            f"UPDATE {table} SET {assignments}, version = version + 1, updated_at = ?,"
            " updated_by = ? WHERE id = ?",
            [*changed.values(), now_utc(), user, row_id],
        )
        conn.executemany(
            "INSERT INTO audit (user_login, action, table_name, row_id, field, old_value, new_value)"
            " VALUES (?, 'update', ?, ?, ?, ?, ?)",
            [(user, table, row_id, k, _text(old[k]), _text(v)) for k, v in changed.items()],
        )
    return found + 1


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
