"""Clients and what a client card shows of them: vehicles, financing, latest contacts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from store.converters import columns, to_record, to_records
from store.errors import NotFoundError
from store.records import Client, Contact, Financing, Vehicle


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
