"""Small, explicit builders of real rows for tests, through the store's own write path."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from store.rows import insert


def add_client(conn: sqlite3.Connection, **values: Any) -> int:
    row: dict[str, Any] = {"last_name": "Martin", "first_name": "Claire", "kind": "client",
                           "phone": "0612345678", "city": "Lyon"}
    row.update(values)
    return insert(conn, "clients", row, user="test")


def add_user(conn: sqlite3.Connection, login: str, role: str = "sales", name: str = "") -> int:
    return insert(conn, "users", {"login": login, "role": role, "name": name or login}, user="test")


def add_vehicle(conn: sqlite3.Connection, client_id: int, **values: Any) -> int:
    row: dict[str, Any] = {"client_id": client_id, "make": "Peugeot", "model": "3008",
                           "plate": "AB-123-CD", "delivered_on": "2023-01-14"}
    row.update(values)
    return insert(conn, "vehicles", row, user="test")


def add_financing(conn: sqlite3.Connection, client_id: int, vehicle_id: int, **values: Any) -> int:
    row: dict[str, Any] = {"client_id": client_id, "vehicle_id": vehicle_id, "mode": "loa",
                           "lender": "Stellantis Financial Services", "start_on": "2023-01-14",
                           "duration_months": 48, "end_on": "2027-01-14"}
    row.update(values)
    return insert(conn, "financings", row, user="test")


def add_reminder(conn: sqlite3.Connection, client_id: int, **values: Any) -> int:
    row: dict[str, Any] = {"client_id": client_id, "rule_id": "financing_end_2m",
                           "subject_kind": "financing", "subject_id": client_id,
                           "occurrence_on": "2026-11-23", "due_on": "2026-11-23", "tier": 3,
                           "reason": "LOA Peugeot 3008 AB-123-CD : fin le 14/01/2027"}
    row.update(values)
    return insert(conn, "reminders", row, user="test")


def add_contact(conn: sqlite3.Connection, client_id: int, **values: Any) -> int:
    row: dict[str, Any] = {"client_id": client_id, "at": "2026-11-16T10:00:00", "channel": "phone",
                           "user_login": "martine", "outcome": "reached"}
    row.update(values)
    return insert(conn, "contacts", row, user="test")


def add_repair_order(conn: sqlite3.Connection, client_id: int | None, opened_on: str,
                     revenue_cents: int, **values: Any) -> int:
    row: dict[str, Any] = {"number": f"OR-{opened_on}-{client_id}-{revenue_cents}-{len(values)}",
                           "opened_on": opened_on, "client_id": client_id,
                           "revenue_cents": revenue_cents}
    row.update(values)
    return insert(conn, "repair_orders", row, user="test")


def repair_orders_csv(path: Path, count: int, *, start: int = 1, bad_every: int = 0) -> Path:
    """A DMS repair-order file (cp1252, ``;``) of ``count`` orders of client C1, numbered from
    ``start``; every ``bad_every``-th has a day that does not exist."""
    lines = ["N° OR;Date;N° client;CA HT"]
    for n in range(start, start + count):
        day = "32/01/2025" if bad_every and n % bad_every == 0 else "14/01/2025"
        lines.append(f"OR{n:06d};{day};C1;{n},50")
    path.write_text("\n".join(lines) + "\n", encoding="cp1252")
    return path


def index_names(conn: sqlite3.Connection, table: str = "repair_orders") -> set[str]:
    """The secondary (named) indexes ``table`` has now."""
    return {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,))}
