"""Clients and what a client card shows of them: vehicles, financing, latest contacts."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from store.converters import columns, to_record, to_records
from store.errors import NotFoundError
from store.records import CONSENT_CHANNELS, Client, Contact, Financing, User, Vehicle
from store.rows import update

CLIENT_EDITABLE = frozenset({
    "kind", "civility", "last_name", "first_name", "company", "birth_year", "birth_date",
    "situation", "profession", "interests", "phone", "phone2", "email", "address", "postcode",
    "city", "origin", "assigned_user_id",
    *(f"consent_{ch}{part}" for ch in CONSENT_CHANNELS for part in ("", "_on", "_source")),
})


def get_client(conn: sqlite3.Connection, client_id: int) -> Client:
    """The client ``client_id``; raises :class:`NotFoundError` when there is none."""
    row = conn.execute(
        f"SELECT {columns(Client)} FROM clients WHERE id = ?", (client_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"client {client_id} introuvable.")
    return to_record(Client, row)


def vehicles_of(conn: sqlite3.Connection, client_id: int) -> list[Vehicle]:
    """The client's vehicles, most recently delivered first."""
    rows = conn.execute(
        f"SELECT {columns(Vehicle)} FROM vehicles WHERE client_id = ?"
        " ORDER BY coalesce(delivered_on, first_registration_on) DESC, id DESC",
        (client_id,),
    ).fetchall()
    return to_records(Vehicle, rows)


def financings_of(conn: sqlite3.Connection, client_id: int) -> list[Financing]:
    """The client's financing contracts, latest start first."""
    rows = conn.execute(
        f"SELECT {columns(Financing)} FROM financings WHERE client_id = ?"
        " ORDER BY start_on DESC, id DESC",
        (client_id,),
    ).fetchall()
    return to_records(Financing, rows)


def latest_contacts(conn: sqlite3.Connection, client_id: int, limit: int = 5) -> list[Contact]:
    """The client's last ``limit`` contacts, newest first."""
    rows = conn.execute(
        f"SELECT {columns(Contact)} FROM contacts WHERE client_id = ?"
        " ORDER BY at DESC, id DESC LIMIT ?",
        (client_id, limit),
    ).fetchall()
    return to_records(Contact, rows)


@dataclass(frozen=True, slots=True)
class ClientCard:
    """Everything the client card shows, read in one go."""

    client: Client
    vehicles: list[Vehicle]
    financings: list[Financing]
    contacts: list[Contact]


def client_card(conn: sqlite3.Connection, client_id: int, contacts: int = 5) -> ClientCard:
    """The client with their vehicles, contracts and latest contacts."""
    return ClientCard(
        client=get_client(conn, client_id),
        vehicles=vehicles_of(conn, client_id),
        financings=financings_of(conn, client_id),
        contacts=latest_contacts(conn, client_id, contacts),
    )


def save_client(conn: sqlite3.Connection, client_id: int, expected_version: int,
                changes: Mapping[str, Any], user: str) -> int:
    """Save a person's edit of a client if nobody saved it since ``expected_version``.

    Returns the new version; raises :class:`ConflictError` (nothing written) when another session
    saved in between, :class:`NotFoundError` when the client is gone. Every field is audited.
    """
    refused = set(changes) - CLIENT_EDITABLE
    if refused:
        raise ValueError(f"clients: {sorted(refused)} are not edited by hand")
    return update(conn, "clients", client_id, expected_version, changes, user)


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """Who last saved a field, and when (UTC, ISO)."""

    field: str
    user_login: str
    at: str


def last_field_edits(conn: sqlite3.Connection, client_id: int,
                     fields: Collection[str]) -> dict[str, FieldEdit]:
    """For each of ``fields``, the latest audited save of it on this client (if any)."""
    if not fields:
        return {}
    marks = ", ".join("?" for _ in fields)
    rows = conn.execute(
        "SELECT field, user_login, at FROM audit WHERE table_name = 'clients' AND row_id = ?"
        f" AND action = 'update' AND field IN ({marks}) ORDER BY id",
        (client_id, *fields),
    ).fetchall()
    return {row[0]: FieldEdit(row[0], row[1], row[2]) for row in rows}


def assignable_users(conn: sqlite3.Connection) -> list[User]:
    """The active users a client can be assigned to, by login."""
    rows = conn.execute(
        f"SELECT {columns(User)} FROM users WHERE active = 1 ORDER BY login"
    ).fetchall()
    return to_records(User, rows)
