"""The contact log: every call, visit, e-mail or letter, and when the client was last reached."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass

from store.db import write


@dataclass(frozen=True, slots=True)
class NewContact:
    """A contact about to be logged."""

    client_id: int
    at: str
    user_login: str
    channel: str
    direction: str = "out"
    outcome: str = ""
    note: str = ""
    next_action_on: str | None = None
    reminder_id: int | None = None
    campaign_id: int | None = None


def add_contact(conn: sqlite3.Connection, contact: NewContact) -> int:
    """Log ``contact`` (audited) and date the client's last contact; return its id."""
    row = asdict(contact)
    names = ", ".join(row)
    marks = ", ".join(f":{name}" for name in row)
    with write(conn):
        contact_id = int(conn.execute(
            f"INSERT INTO contacts ({names}, created_by, updated_by)"
            f" VALUES ({marks}, :user_login, :user_login)", row,
        ).lastrowid or 0)
        day = contact.at[:10]
        conn.execute(
            "UPDATE clients SET last_contact_on = max(coalesce(last_contact_on, ''), :day),"
            " last_inbound_on = CASE WHEN :inbound THEN max(coalesce(last_inbound_on, ''), :day)"
            " ELSE last_inbound_on END WHERE id = :client",
            {"day": day, "inbound": contact.direction == "in", "client": contact.client_id},
        )
        conn.execute(
            "INSERT INTO audit (user_login, action, table_name, row_id) VALUES (?, 'create', 'contacts', ?)",
            (contact.user_login, contact_id),
        )
    return contact_id


def remove_contact(conn: sqlite3.Connection, contact_id: int, user_login: str) -> None:
    """Take back a contact logged by mistake (the assistant's « annule »), keeping an audit trail."""
    with write(conn):
        row = conn.execute("SELECT client_id, at, outcome, note FROM contacts WHERE id = ?",
                           (contact_id,)).fetchone()
        if row is None:
            return
        conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
        conn.execute(
            "INSERT INTO audit (user_login, action, table_name, row_id, field, old_value)"
            " VALUES (?, 'delete', 'contacts', ?, 'contact', ?)",
            (user_login, contact_id, f"{row[1]} {row[2]} {row[3]}"),
        )
        conn.execute(
            "UPDATE clients SET last_contact_on = (SELECT max(substr(at, 1, 10)) FROM contacts"
            " WHERE client_id = :c) WHERE id = :c", {"c": row[0]},
        )
