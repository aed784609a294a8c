"""Complaints (seed ``003``): opened, followed, resolved; each change audited and version-checked."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from store.converters import columns, to_record
from store.errors import NotFoundError
from store.records import Complaint, person_name
from store.rows import insert, update

CHANNELS = ("phone", "email", "letter", "visit", "web", "sms")
STATUSES = ("open", "in_progress", "resolved", "closed")
OPEN_STATUSES = ("open", "in_progress")


@dataclass(frozen=True, slots=True)
class ComplaintLine:
    """A complaint as listed, with its client's name."""

    complaint: Complaint
    last_name: str
    first_name: str
    company: str

    @property
    def client_name(self) -> str:
        return person_name(self.last_name, self.first_name, self.company)


def open_complaint(
    conn: sqlite3.Connection, client_id: int, subject: str, *, channel: str, opened_on: str,
    user: str,
) -> int:
    """Record a new complaint for an existing client; returns its id."""
    if conn.execute("SELECT 1 FROM clients WHERE id = ?", (client_id,)).fetchone() is None:
        raise NotFoundError(f"client {client_id} introuvable.")
    return insert(conn, "complaints", {
        "client_id": client_id, "subject": subject, "channel": channel, "opened_on": opened_on,
        "user_login": user, "status": "open",
    }, user=user)


def get_complaint(conn: sqlite3.Connection, complaint_id: int) -> Complaint:
    """The complaint ``complaint_id``; raises :class:`NotFoundError` when there is none."""
    row = conn.execute(
        f"SELECT {columns(Complaint)} FROM complaints WHERE id = ?", (complaint_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"réclamation {complaint_id} introuvable.")
    return to_record(Complaint, row)


def change_complaint(
    conn: sqlite3.Connection, complaint: Complaint, changes: dict[str, object], user: str
) -> int:
    """Save ``changes`` if nobody changed the complaint since ``complaint`` was read."""
    return update(conn, "complaints", complaint.id, complaint.version, changes, user)


def list_complaints(
    conn: sqlite3.Connection, statuses: tuple[str, ...] = STATUSES, limit: int = 10_000
) -> list[ComplaintLine]:
    """Complaints in ``statuses``, the oldest opened first, with the client's name."""
    marks = ", ".join("?" for _ in statuses)
    rows = conn.execute(
        f"SELECT {columns(Complaint, 'k')}, c.last_name, c.first_name, c.company"
        " FROM complaints k JOIN clients c ON c.id = k.client_id"
        f" WHERE k.status IN ({marks}) ORDER BY k.opened_on, k.id LIMIT ?",
        [*statuses, limit],
    ).fetchall()
    width = len(columns(Complaint).split(", "))
    return [ComplaintLine(to_record(Complaint, row[:width]), *row[width:]) for row in rows]
