"""Clients the search tests insert, the way an importer would: plain INSERTs."""

from __future__ import annotations

import sqlite3
from typing import Any

from store.db import write

CLIENT_COLUMNS = ("last_name", "first_name", "phone", "email", "postcode", "city", "birth_year",
                  "external_id")


def add_client(conn: sqlite3.Connection, last_name: str, first_name: str = "",
               **fields: Any) -> int:
    """Insert one client with plain SQL (as the demo generator and importers do)."""
    values: dict[str, Any] = {"last_name": last_name, "first_name": first_name, **fields}
    names = ", ".join(values)
    marks = ", ".join("?" * len(values))
    with write(conn):
        cursor = conn.execute(f"INSERT INTO clients ({names}) VALUES ({marks})",
                              list(values.values()))
    return int(cursor.lastrowid or 0)


def add_vehicle(conn: sqlite3.Connection, client_id: int, plate: str = "", vin: str | None = None,
                make: str = "Renault", model: str = "Clio") -> int:
    with write(conn):
        cursor = conn.execute(
            "INSERT INTO vehicles(client_id, plate, vin, make, model) VALUES (?, ?, ?, ?, ?)",
            (client_id, plate, vin, make, model),
        )
    return int(cursor.lastrowid or 0)


def add_user(conn: sqlite3.Connection, login: str, role: str) -> None:
    with write(conn):
        conn.execute("INSERT INTO users(login, name, role) VALUES (?, ?, ?)", (login, login, role))
