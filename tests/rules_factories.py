"""Facts, clients and database rows for the rules tests."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from store.db import connect
from store.facts import ClientContext, Fact, Value


def fact(
    kind: str,
    anchor_on: date,
    /,
    *,
    status: str = "",
    subject_id: int = 1,
    client_id: int = 1,
    assigned_user_id: int | None = None,
    **values: Value,
) -> Fact:
    """A fact as the store would read it."""
    return Fact(kind, subject_id, client_id, anchor_on, status, assigned_user_id, values)


def client(
    client_id: int = 1,
    *,
    consent_phone: str = "yes",
    company: str = "",
    contract: bool = False,
    abc: str | None = None,
) -> ClientContext:
    """A client context: consenting consumer by default."""
    return ClientContext(
        client_id=client_id,
        name="DUPONT Marie",
        company=company,
        consent_phone=consent_phone,
        has_active_contract=contract,
        abc_segment=abc,
        assigned_user_id=None,
        anonymized=False,
    )


def fresh_db(tmp_path: Path) -> sqlite3.Connection:
    """A new migrated database file."""
    return connect(tmp_path / "relance.db")


def add_client(
    conn: sqlite3.Connection,
    *,
    consent_phone: str = "yes",
    company: str = "",
    updated_at: str = "2026-01-01T09:00:00",
) -> int:
    cursor = conn.execute(
        "INSERT INTO clients (last_name, first_name, company, consent_phone, updated_at)"
        " VALUES ('Dupont', 'Marie', ?, ?, ?)",
        (company, consent_phone, updated_at),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_vehicle(
    conn: sqlite3.Connection,
    client_id: int,
    *,
    delivered_on: str | None = None,
    first_registration_on: str | None = None,
    plate: str = "AB-123-CD",
    mileage: int | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO vehicles (client_id, make, model, plate, delivered_on,"
        " first_registration_on, mileage) VALUES (?, 'Peugeot', '3008', ?, ?, ?, ?)",
        (client_id, plate, delivered_on, first_registration_on, mileage),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_financing(
    conn: sqlite3.Connection,
    client_id: int,
    vehicle_id: int,
    *,
    start_on: str,
    duration_months: int,
    end_on: str,
    mode: str = "loa",
    status: str = "active",
) -> int:
    cursor = conn.execute(
        "INSERT INTO financings (client_id, vehicle_id, mode, start_on, duration_months, end_on,"
        " status) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (client_id, vehicle_id, mode, start_on, duration_months, end_on, status),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def add_repair_order(
    conn: sqlite3.Connection, client_id: int, vehicle_id: int, opened_on: str, number: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO repair_orders (number, opened_on, client_id, vehicle_id) VALUES (?, ?, ?, ?)",
        (number, opened_on, client_id, vehicle_id),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid
