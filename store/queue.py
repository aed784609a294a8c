"""The callback queue as read from the reminders: what is due today, in the seeds' order."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime

from store.claims import claim_cutoff
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
           r.held_reason,
           CASE WHEN r.claimed_at > :claim_cutoff THEN coalesce(nullif(u.name, ''), r.claimed_by) END,
           c.abc_segment
    FROM reminders r JOIN clients c ON c.id = r.client_id
    LEFT JOIN users u ON u.login = r.claimed_by
"""


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which part of the queue to show: someone's, one tier, some rules, or what the law holds."""

    user_login: str | None = None
    held: bool = False
    tier: int | None = None
    rule_ids: frozenset[str] | None = None
    except_rule_ids: frozenset[str] | None = None


def _where(today: date, user_login: str | None, held: bool,
           where: QueueFilter | None = None) -> tuple[str, dict[str, object]]:
    clauses = [  # the status IN (...) is the partial index reminders_callable's own condition
        "r.status IN ('open', 'snoozed')",
        "(r.status = 'open' OR r.snoozed_until <= :today)",
        "r.due_on <= :today",
        "r.held_reason <> ''" if held else "r.held_reason = ''",
    ]
    params: dict[str, object] = {"today": today.isoformat()}
    if user_login is not None:
        clauses.append("r.assigned_user_id = (SELECT id FROM users WHERE login = :user)")
        params["user"] = user_login
    if where is not None and where.tier is not None:
        clauses.append("r.tier = :tier")
        params["tier"] = where.tier
    for key, rule_ids, operator in (("in", where and where.rule_ids, "IN"),
                                    ("out", where and where.except_rule_ids, "NOT IN")):
        if rule_ids:
            names = {f"rule_{key}_{n}": rule for n, rule in enumerate(sorted(rule_ids))}
            clauses.append(f"r.rule_id {operator} ({', '.join(':' + name for name in names)})")
            params.update(names)
    return " WHERE " + " AND ".join(clauses), params


def _filter_where(today: date, where: QueueFilter) -> tuple[str, dict[str, object]]:
    return _where(today, where.user_login, where.held, where)


def queue_page(
    conn: sqlite3.Connection,
    today: date,
    *,
    user_login: str | None = None,
    held: bool = False,
    limit: int = 200,
    offset: int = 0,
    now: datetime | None = None,
    by: QueueFilter | None = None,
) -> list[QueueItem]:
    """One page of today's queue (or of the reminders held by law when ``held``).

    ``claimed_by`` names who holds an item since less than the claim delay before ``now``.
    """
    where, params = _filter_where(today, QueueFilter(user_login=user_login, held=held)
                                  if by is None else by)
    params.update(limit=limit, offset=offset, claim_cutoff=claim_cutoff(now or datetime.now(UTC)))
    rows = conn.execute(_SELECT + where + _ORDER + " LIMIT :limit OFFSET :offset", params).fetchall()
    return to_records(QueueItem, rows)


def queue_counts(
    conn: sqlite3.Connection, today: date, *, user_login: str | None = None, held: bool = False,
    by: QueueFilter | None = None,
) -> dict[int, int]:
    """How many items are due per tier."""
    where, params = _filter_where(today, QueueFilter(user_login=user_login, held=held)
                                  if by is None else by)
    rows = conn.execute(
        "SELECT r.tier, count(*) FROM reminders r"
        + where
        + " GROUP BY r.tier ORDER BY r.tier",
        params,
    ).fetchall()
    return {int(tier): int(count) for tier, count in rows}


def overdue_count(conn: sqlite3.Connection, today: date, by: QueueFilter | None = None) -> int:
    """How many of the items shown were due before today."""
    where, params = _filter_where(today, by or QueueFilter())
    row = conn.execute(
        "SELECT count(*) FROM reminders r" + where
        + " AND r.due_on < :today", params,
    ).fetchone()
    return int(row[0])
