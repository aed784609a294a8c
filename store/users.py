"""The dealership's users: OS login, name, role."""

from __future__ import annotations

import sqlite3

from store.converters import columns, to_record, to_records
from store.errors import StoreError
from store.records import User
from store.rows import insert, update

ROLES = ("sales", "aftersales", "manager", "admin")


class UserError(StoreError):
    """A user cannot be added or changed as asked."""


def find_user(conn: sqlite3.Connection, login: str) -> User | None:
    """The active or inactive user with this login, if any."""
    row = conn.execute(f"SELECT {columns(User)} FROM users WHERE login = ?", (login,)).fetchone()
    return None if row is None else to_record(User, row)


def list_users(conn: sqlite3.Connection) -> list[User]:
    """Every user, by login."""
    rows = conn.execute(f"SELECT {columns(User)} FROM users ORDER BY login").fetchall()
    return to_records(User, rows)


def add_user(conn: sqlite3.Connection, login: str, role: str, name: str, by: str) -> User:
    """Add a user, or change the role and name of an existing one (reactivating it)."""
    login = login.strip()
    if not login or any(ch.isspace() for ch in login):
        raise UserError(f"identifiant « {login} » invalide : un seul mot, sans espace.")
    if role not in ROLES:
        raise UserError(f"rôle « {role} » inconnu : {', '.join(ROLES)}.")
    existing = find_user(conn, login)
    if existing is None:
        insert(conn, "users", {"login": login, "role": role, "name": name or login}, user=by)
    else:
        update(conn, "users", existing.id, existing.version,
               {"role": role, "name": name or existing.name, "active": 1}, by)
    user = find_user(conn, login)
    assert user is not None
    return user
