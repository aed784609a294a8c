"""Who is working on a reminder right now, so that two people do not call one client at once."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from store.db import write

CLAIM_MINUTES = 15


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def claim_cutoff(now: datetime, minutes: int = CLAIM_MINUTES) -> str:
    """Claims taken before this instant have lapsed."""
    return _stamp(now - timedelta(minutes=minutes))


def claim(conn: sqlite3.Connection, reminder_id: int, login: str, now: datetime) -> str | None:
    """Take the reminder for ``login``; return the login of whoever holds it already, else None."""
    with write(conn):
        row = conn.execute("SELECT claimed_by, claimed_at FROM reminders WHERE id = ?",
                           (reminder_id,)).fetchone()
        if row is None:
            return None
        holder, since = row
        if holder and holder != login and since and since > claim_cutoff(now):
            return str(holder)
        conn.execute("UPDATE reminders SET claimed_by = ?, claimed_at = ? WHERE id = ?",
                     (login, _stamp(now), reminder_id))
    return None


def release(conn: sqlite3.Connection, reminder_id: int, login: str) -> None:
    """Give the reminder back, if ``login`` holds it."""
    with write(conn):
        conn.execute("UPDATE reminders SET claimed_by = NULL, claimed_at = NULL"
                     " WHERE id = ? AND claimed_by = ?", (reminder_id, login))


def release_all(conn: sqlite3.Connection, login: str) -> None:
    """Give back everything ``login`` holds (the app closing)."""
    with write(conn):
        conn.execute("UPDATE reminders SET claimed_by = NULL, claimed_at = NULL"
                     " WHERE claimed_by = ?", (login,))
