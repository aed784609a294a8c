"""The callback queue as read from the reminders: what is due today, in the seeds' order."""

from __future__ import annotations

import sqlite3
from datetime import date

from store.converters import to_records
from store.records import QueueItem

# Tier, then most overdue (oldest due date), then ABC value (A, then B or not computed, then C).
_ORDER = """
    ORDER BY r.tier, r.due_on,
             CASE c.abc_segment WHEN 'A' THEN 0 WHEN 'C' THEN 2 ELSE 1 END,
             r.id
"""

_SELECT = """
    SELECT r.id, r.client_id, c.last_name, c.first_name, c.company, r.tier, r.rule_id, r.reason,
           r.reason_en, r.due_on, c.phone, r.channel, r.status,
           r.held_reason, r.claimed_by, c.abc_segment
    FROM reminders r JOIN clients c ON c.id = r.client_id
"""


def _where(today: date, user_login: str | None, held: bool) -> tuple[str, list[object]]:
    day = today.isoformat()
    clauses = [
        "(r.status = 'open' OR (r.status = 'snoozed' AND r.snoozed_until <= ?))",
        "r.due_on <= ?",
        "r.held_reason <> ''" if held else "r.held_reason = ''",
    ]
    params: list[object] = [day, day]
    if user_login is not None:
        clauses.append("r.assigned_user_id = (SELECT id FROM users WHERE login = ?)")
        params.append(user_login)
    return " WHERE " + " AND ".join(clauses), params


def queue_page(
    conn: sqlite3.Connection,
    today: date,
    *,
    user_login: str | None = None,
    held: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> list[QueueItem]:
    """One page of today's queue (or of the reminders held by law when ``held``)."""
    where, params = _where(today, user_login, held)
    rows = conn.execute(
        _SELECT + where + _ORDER + " LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()
    return to_records(QueueItem, rows)


def queue_counts(
    conn: sqlite3.Connection, today: date, *, user_login: str | None = None, held: bool = False
) -> dict[int, int]:
    """How many items are due per tier."""
    where, params = _where(today, user_login, held)
    rows = conn.execute(
        "SELECT r.tier, count(*) FROM reminders r JOIN clients c ON c.id = r.client_id"
        + where
        + " GROUP BY r.tier ORDER BY r.tier",
        params,
    ).fetchall()
    return {int(tier): int(count) for tier, count in rows}
