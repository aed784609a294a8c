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


def identify(conn: sqlite3.Connection, login: str) -> tuple[User | None, str]:
    """The user behind an OS login, and what to tell them.

    The first person to open a database without users becomes its administrator; an unknown
    login elsewhere gets read-only access and is told whom to ask.
    """
    user = find_user(conn, login)
    if user is not None and user.active:
        return user, ""
    if user is None and not conn.execute("SELECT 1 FROM users LIMIT 1").fetchone():
        return add_user(conn, login, "admin", login, by=login), (
            f"Base sans utilisateur : « {login} » en devient l'administrateur."
        )
    return None, (
        f"« {login} » n'est pas un utilisateur de Relance : consultation seulement. "
        f"Demandez à un responsable : relance users add {login} --role sales"
    )
