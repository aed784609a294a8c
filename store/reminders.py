"""Writing reminders: raise once per occurrence key, expire, and the transitions a user makes.

A reminder is unique by (rule, subject kind, subject id, occurrence date): raising it again is
ignored, so a reminder handled never comes back for the same occurrence. Every transition
checks the version it was read at (optimistic locking) and leaves a row in ``audit``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from store.converters import columns, to_record
from store.db import write
from store.errors import ConflictError, NotFoundError
from store.records import Reminder
from store.rows import now_utc


@dataclass(frozen=True, slots=True)
class NewReminder:
    """A reminder as the rules written plainly describe it (``rules.occurrences``, which the
    engine's SQL is held to); ``status`` is ``open`` or, when caught up too late, ``expired``."""

    client_id: int
    rule_id: str
    subject_kind: str
    subject_id: int
    occurrence_on: str
    due_on: str
    valid_until: str
    tier: int
    channel: str
    reason: str
    reason_en: str
    status: str
    held_reason: str
    assigned_user_id: int | None


def expire_outdated(conn: sqlite3.Connection, today: date) -> int:
    """Open or snoozed reminders whose validity ended before ``today`` become expired."""
    with write(conn):
        cursor = conn.execute(
            "UPDATE reminders SET status = 'expired', version = version + 1, updated_at = ?,"
            " updated_by = 'relance'"
            " WHERE status IN ('open', 'snoozed') AND valid_until < ?",
            (now_utc(), today.isoformat()),
        )
        return cursor.rowcount


def last_run_day(conn: sqlite3.Connection) -> date | None:
    """The last day the engine ran for, or ``None`` when it never ran."""
    row = conn.execute("SELECT max(day) FROM rule_runs").fetchone()
    return None if row[0] is None else date.fromisoformat(row[0])


def last_run(conn: sqlite3.Connection) -> tuple[date, str] | None:
    """The last day the engine ran for and the instant that run started (``ran_at``: rows
    written since may hold facts it did not see), or ``None`` when it never ran."""
    row = conn.execute("SELECT day, ran_at FROM rule_runs ORDER BY day DESC LIMIT 1").fetchone()
    return None if row is None else (date.fromisoformat(row[0]), row[1])


def record_run(
    conn: sqlite3.Connection, day: date, raised: int, expired: int, started_at: str | None = None
) -> None:
    """Note that the engine ran for ``day``, from ``started_at`` (default now); a second run
    the same day adds its counts."""
    with write(conn):
        conn.execute(
            "INSERT INTO rule_runs (day, ran_at, raised, expired) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(day) DO UPDATE SET ran_at = excluded.ran_at,"
            " raised = raised + excluded.raised, expired = expired + excluded.expired",
            (day.isoformat(), started_at or now_utc(), raised, expired),
        )


def get_reminder(conn: sqlite3.Connection, reminder_id: int) -> Reminder:
    """The reminder ``reminder_id``; raises :class:`NotFoundError` when there is none."""
    row = conn.execute(
        f"SELECT {columns(Reminder)} FROM reminders WHERE id = ?", (reminder_id,)
    ).fetchone()
    if row is None:
        raise NotFoundError(f"relance {reminder_id} introuvable.")
    return to_record(Reminder, row)


def reminder_by_key(
    conn: sqlite3.Connection, rule_id: str, subject_kind: str, subject_id: int, occurrence_on: str
) -> Reminder | None:
    """The reminder of one occurrence key, if it was raised."""
    row = conn.execute(
        f"SELECT {columns(Reminder)} FROM reminders WHERE rule_id = ? AND subject_kind = ?"
        " AND subject_id = ? AND occurrence_on = ?",
        (rule_id, subject_kind, subject_id, occurrence_on),
    ).fetchone()
    return None if row is None else to_record(Reminder, row)


_TRANSITION_FIELDS = (
    "status",
    "attempts",
    "snoozed_until",
    "dismissed_reason",
    "assigned_user_id",
    "handled_at",
    "handled_by",
)


_HANDLED = frozenset({"done", "dismissed", "expired"})


def _transition(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    user_login: str,
    action: str,
    changes: dict[str, str | int | None],
    *,
    once_handled: bool = False,
) -> Reminder:
    """Apply ``changes`` if the reminder is still at ``expected_version``; audit each field.

    A reminder handled (done, dismissed, expired) is not called, snoozed or closed again
    (``ConflictError``), whatever version the caller read: a form opened on a line another
    session has just handled reads the new version. ``once_handled`` allows it (undo, reassign).
    """
    assert set(changes) <= set(_TRANSITION_FIELDS)
    with write(conn):
        old = get_reminder(conn, reminder_id)
        if old.version != expected_version or (not once_handled and old.status in _HANDLED):
            raise ConflictError("reminders", reminder_id, expected_version, old.version)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        now = now_utc()
        cursor = conn.execute(
            f"UPDATE reminders SET {assignments}, version = version + 1, updated_at = ?,"
            " updated_by = ? WHERE id = ? AND version = ?",
            (*changes.values(), now, user_login, reminder_id, expected_version),
        )
        if cursor.rowcount != 1:  # cannot happen under BEGIN IMMEDIATE; kept as a guard
            raise ConflictError("reminders", reminder_id, expected_version, -1)
        conn.executemany(
            "INSERT INTO audit (at, user_login, action, table_name, row_id, field, old_value,"
            " new_value) VALUES (?, ?, ?, 'reminders', ?, ?, ?, ?)",
            [
                (
                    now,
                    user_login,
                    action,
                    reminder_id,
                    name,
                    _text(getattr(old, name)),
                    _text(value),
                )
                for name, value in changes.items()
                if getattr(old, name) != value
            ],
        )
        return get_reminder(conn, reminder_id)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def mark_done(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    *,
    user_login: str,
    contact_id: int | None = None,
) -> Reminder:
    """The reminder is handled (a contact was logged for it); it never returns for this
    occurrence. ``contact_id``, when given, is linked to the reminder."""
    with write(conn):
        reminder = _transition(
            conn,
            reminder_id,
            expected_version,
            user_login,
            "done",
            {"status": "done", "handled_at": now_utc(), "handled_by": user_login},
        )
        if contact_id is not None:
            conn.execute(
                "UPDATE contacts SET reminder_id = ? WHERE id = ?", (reminder_id, contact_id)
            )
        return reminder


def snooze(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    until: date,
    *,
    user_login: str,
) -> Reminder:
    """Hide the reminder until ``until``, when it shows again."""
    return _transition(
        conn,
        reminder_id,
        expected_version,
        user_login,
        "snooze",
        {"status": "snoozed", "snoozed_until": until.isoformat()},
    )


def dismiss(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    reason: str,
    *,
    user_login: str,
) -> Reminder:
    """Close the reminder without a call, saying why (the reason is required)."""
    if not reason.strip():
        raise ValueError("un motif est obligatoire pour écarter une relance.")
    return _transition(
        conn,
        reminder_id,
        expected_version,
        user_login,
        "dismiss",
        {
            "status": "dismissed",
            "dismissed_reason": reason.strip(),
            "handled_at": now_utc(),
            "handled_by": user_login,
        },
    )


def reassign(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    user_id: int | None,
    *,
    user_login: str,
) -> Reminder:
    """Give the reminder to another user (``None``: to nobody in particular)."""
    if (
        user_id is not None
        and conn.execute("SELECT 1 FROM users WHERE id = ?", (user_id,)).fetchone() is None
    ):
        raise NotFoundError(f"utilisateur {user_id} introuvable.")
    return _transition(
        conn,
        reminder_id,
        expected_version,
        user_login,
        "reassign",
        {"assigned_user_id": user_id},
        once_handled=True,
    )


def reopen(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    *,
    user_login: str,
) -> Reminder:
    """Undo a snooze: the reminder is open again now."""
    return _transition(
        conn,
        reminder_id,
        expected_version,
        user_login,
        "reopen",
        {"status": "open", "snoozed_until": None},
    )


def open_holds_of_clients_updated_since(
    conn: sqlite3.Connection, since: date | str
) -> list[tuple[int, int, str, str, str]]:
    """(reminder id, client id, rule id, channel, held reason) of the open or snoozed reminders
    of the clients changed on or after ``since`` (a day, or an instant ``YYYY-MM-DDTHH:MM:SS``):
    their consent may have changed."""
    text = since.isoformat() if isinstance(since, date) else since
    return conn.execute(
        # CROSS JOIN: from the few clients changed to their reminders, never the other way
        # round through every open reminder (the planner's choice on a million clients)
        "SELECT r.id, r.client_id, r.rule_id, r.channel, r.held_reason"
        " FROM clients c CROSS JOIN reminders r ON r.client_id = c.id"
        " WHERE c.updated_at >= ? AND r.status IN ('open', 'snoozed')",
        (text,),
    ).fetchall()


def set_held_reasons(conn: sqlite3.Connection, changes: Sequence[tuple[str, int]]) -> int:
    """Set ``held_reason`` (first) of reminder ids (second); return how many changed."""
    if not changes:
        return 0
    with write(conn):
        before = conn.total_changes
        conn.executemany(
            "UPDATE reminders SET held_reason = ?, version = version + 1, updated_at = ?,"
            " updated_by = 'relance' WHERE id = ? AND held_reason <> ?",
            [(reason, now_utc(), reminder_id, reason) for reason, reminder_id in changes],
        )
        return conn.total_changes - before


def record_call_result(
    conn: sqlite3.Connection,
    reminder_id: int,
    expected_version: int,
    *,
    status: str,
    attempts: int,
    snoozed_until: date | None,
    dismissed_reason: str,
    user_login: str,
) -> Reminder:
    """What a logged call does to its reminder: done, snoozed, dismissed, or left open to decide."""
    changes: dict[str, str | int | None] = {"status": status, "attempts": attempts,
                                            "snoozed_until": snoozed_until.isoformat()
                                            if snoozed_until else None}
    if status in ("done", "dismissed"):
        changes.update(handled_at=now_utc(), handled_by=user_login)
    if status == "dismissed":
        changes["dismissed_reason"] = dismissed_reason
    return _transition(conn, reminder_id, expected_version, user_login, "call", changes)


def restore_reminder(conn: sqlite3.Connection, before: Reminder, *, user_login: str) -> Reminder:
    """Put a reminder back as it was (the assistant's « annule »), if nobody changed it since."""
    current = get_reminder(conn, before.id)
    return _transition(conn, before.id, current.version, user_login, "undo", {
        "status": before.status, "attempts": before.attempts,
        "snoozed_until": before.snoozed_until, "dismissed_reason": before.dismissed_reason,
        "handled_at": before.handled_at, "handled_by": before.handled_by,
    }, once_handled=True)
