"""The reminders as an iCalendar file (RFC 5545) a phone calendar can subscribe to."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta

from store.contentlines import escape_text, render
from store.records import person_name

PRODID = "-//Relance//CRM concession//FR"


def _basic_date(iso: str) -> str:
    return iso[:10].replace("-", "")


def _stamp(iso_instant: str) -> str:
    """A stored UTC instant (YYYY-MM-DDTHH:MM:SS) as an iCalendar UTC DATE-TIME."""
    return iso_instant[:19].replace("-", "").replace(":", "") + "Z"


def calendar_lines(conn: sqlite3.Connection, user_login: str | None = None) -> Iterator[str]:
    """VCALENDAR lines: one all-day VEVENT per open or snoozed reminder, on its due day (or the
    day it is snoozed until); those the law holds (``held_reason``) are left out, as the queue
    leaves them out. UIDs are stable per reminder; DTSTAMP is its last change."""
    yield from ("BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH", "X-WR-CALNAME:Relance - rappels",
                "X-WR-TIMEZONE:Europe/Paris")
    sql = ("SELECT r.id, r.due_on, r.snoozed_until, r.status, r.reason, r.rule_id, r.tier,"
           " r.updated_at, r.channel, c.last_name, c.first_name, c.company, c.phone, c.id"
           " FROM reminders r JOIN clients c ON c.id = r.client_id"
           " WHERE r.status IN ('open', 'snoozed') AND r.held_reason = ''")
    params: tuple[str, ...] = ()
    if user_login:
        sql += " AND r.assigned_user_id = (SELECT id FROM users WHERE login = ?)"
        params = (user_login,)
    cursor = conn.execute(sql + " ORDER BY r.id", params)
    while rows := cursor.fetchmany(1000):
        for (rid, due_on, snoozed_until, status, reason, rule_id, tier, updated_at, channel,
             last, first, company, phone, client_id) in rows:
            day = snoozed_until if status == "snoozed" and snoozed_until else due_on
            start = date.fromisoformat(day[:10])
            name = person_name(last, first, company)
            description = f"{reason}\nTéléphone : {phone}\nRègle : {rule_id} (rang {tier})"
            yield from (
                "BEGIN:VEVENT",
                f"UID:reminder-{rid}@relance",
                f"DTSTAMP:{_stamp(updated_at)}",
                f"LAST-MODIFIED:{_stamp(updated_at)}",
                f"DTSTART;VALUE=DATE:{_basic_date(start.isoformat())}",
                f"DTEND;VALUE=DATE:{_basic_date((start + timedelta(days=1)).isoformat())}",
                f"SUMMARY:{escape_text(f'Rappel {name} : {reason}')}",
                f"DESCRIPTION:{escape_text(description)}",
                f"CATEGORIES:{escape_text(channel)}",
                f"X-RELANCE-CLIENT:{client_id}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            )
    yield "END:VCALENDAR"


def calendar(conn: sqlite3.Connection, user_login: str | None = None) -> str:
    """The whole calendar as text (CRLF lines, folded at 75 octets)."""
    return render(calendar_lines(conn, user_login))
