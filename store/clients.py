"""Clients and what a client card shows of them: vehicles, workshop visits, reminders, financing,
contacts."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.converters import columns, to_record, to_records
from store.errors import NotFoundError
from store.records import (
    CONSENT_CHANNELS,
    Client,
    ClientReminder,
    Contact,
    Financing,
    RepairOrder,
    User,
    Vehicle,
)
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


def contacts_before(conn: sqlite3.Connection, client_id: int, limit: int,
                    before: tuple[str, int] | None = None) -> list[Contact]:
    """One page of the client's whole contact history, newest first: the ``limit`` contacts
    older than ``before`` (the ``(at, id)`` of the last one already read), read off the index."""
    after = " AND (at, id) < (?, ?)" if before else ""
    rows = conn.execute(
        f"SELECT {columns(Contact)} FROM contacts WHERE client_id = ?{after}"
        " ORDER BY at DESC, id DESC LIMIT ?",
        (client_id, *(before or ()), limit),
    ).fetchall()
    return to_records(Contact, rows)


def contact_count(conn: sqlite3.Connection, client_id: int) -> int:
    """How many contacts the client has had."""
    return int(conn.execute("SELECT count(*) FROM contacts WHERE client_id = ?",
                            (client_id,)).fetchone()[0])


def last_repair_orders(conn: sqlite3.Connection, client_id: int, per_vehicle: int = 3) -> list[RepairOrder]:
    """The last ``per_vehicle`` repair orders of each of the client's vehicles, by vehicle, most
    recent first: a bounded read of repair_orders(vehicle_id, opened_on) per vehicle."""
    rows = conn.execute(
        f"SELECT {columns(RepairOrder, 'r')} FROM vehicles v JOIN repair_orders r ON r.id IN"
        " (SELECT o.id FROM repair_orders o WHERE o.vehicle_id = v.id"
        "  ORDER BY o.opened_on DESC, o.id DESC LIMIT ?)"
        " WHERE v.client_id = ? ORDER BY r.vehicle_id, r.opened_on DESC, r.id DESC",
        (per_vehicle, client_id),
    ).fetchall()
    return to_records(RepairOrder, rows)


def pending_reminders(conn: sqlite3.Connection, client_id: int) -> list[ClientReminder]:
    """The client's open and snoozed reminders, soonest due first, with who follows each."""
    rows = conn.execute(
        "SELECT r.id, r.tier, r.due_on, r.reason, r.reason_en, r.status, r.snoozed_until, r.held_reason,"
        " coalesce(nullif(u.name, ''), u.login)"
        " FROM reminders r"
        " LEFT JOIN users u ON u.id = r.assigned_user_id"
        " WHERE r.client_id = ? AND r.status IN ('open', 'snoozed') ORDER BY r.due_on, r.id",
        (client_id,),
    ).fetchall()
    return to_records(ClientReminder, rows)


def due_to_be_handled(reminders: Sequence[ClientReminder], today: date) -> int | None:
    """Of a client's pending reminders, the one a contact handles when none was chosen (a card
    opened from a search): the first in the queue's order of those due by ``today`` or put off;
    never one the law holds back (not called, it is not handled by a call)."""
    due = [r for r in reminders if not r.held_reason
           and (r.status == "snoozed" or r.due_on <= today.isoformat())]
    return min(due, key=lambda r: (r.tier, r.due_on, r.id)).id if due else None


@dataclass(frozen=True, slots=True)
class ClientCard:
    """Everything the client card shows, read in one go."""

    client: Client
    vehicles: list[Vehicle]
    financings: list[Financing]
    contacts: list[Contact]
    repair_orders: list[RepairOrder] = field(default_factory=list)
    reminders: list[ClientReminder] = field(default_factory=list)


def client_card(conn: sqlite3.Connection, client_id: int, contacts: int = 5, *,
                repair_orders: int = 0, reminders: bool = False) -> ClientCard:
    """The client with their vehicles, contracts and latest contacts; with ``repair_orders``,
    that many of each vehicle's last repair orders; with ``reminders``, the pending reminders."""
    return ClientCard(
        client=get_client(conn, client_id),
        vehicles=vehicles_of(conn, client_id),
        financings=financings_of(conn, client_id),
        contacts=latest_contacts(conn, client_id, contacts),
        repair_orders=last_repair_orders(conn, client_id, repair_orders) if repair_orders else [],
        reminders=pending_reminders(conn, client_id) if reminders else [],
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
