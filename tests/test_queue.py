"""The queue read from the reminders: what is due, in the seeds' order."""

from __future__ import annotations

import sqlite3
from datetime import date

from store.queue import queue_counts, queue_page
from store.rows import update
from tests.factories import add_client, add_reminder, add_user

TODAY = date(2026, 11, 23)


def _names(conn: sqlite3.Connection, **kw: object) -> list[str]:
    return [item.client_name for item in queue_page(conn, TODAY, **kw)]  # type: ignore[arg-type]


def test_order_is_tier_then_most_overdue_then_abc_then_id(conn: sqlite3.Connection) -> None:
    def reminder(name: str, tier: int, due: str, abc: str | None) -> None:
        client = add_client(conn, last_name=name, first_name="", abc_segment=abc)
        add_reminder(conn, client, tier=tier, due_on=due, subject_id=client)

    reminder("Cinq", 5, "2026-10-01", "A")
    reminder("TroisRecentC", 3, "2026-11-23", "C")
    reminder("TroisRecentA", 3, "2026-11-23", "A")
    reminder("TroisRecentSans", 3, "2026-11-23", None)
    reminder("TroisAncien", 3, "2026-11-02", "C")
    reminder("Un", 1, "2026-11-23", "C")
    reminder("Zero", 0, "2026-11-23", "C")
    assert _names(conn) == ["ZERO", "UN", "TROISANCIEN", "TROISRECENTA", "TROISRECENTSANS",
                            "TROISRECENTC", "CINQ"]
    assert queue_counts(conn, TODAY) == {0: 1, 1: 1, 3: 4, 5: 1}


def test_only_open_and_due_reminders_are_shown(conn: sqlite3.Connection) -> None:
    client = add_client(conn, last_name="Dupont")
    add_reminder(conn, client, occurrence_on="2026-01-01", due_on="2026-11-24")  # tomorrow
    add_reminder(conn, client, occurrence_on="2026-01-02", status="done")
    add_reminder(conn, client, occurrence_on="2026-01-03", status="dismissed")
    add_reminder(conn, client, occurrence_on="2026-01-04", status="snoozed",
                 snoozed_until="2026-11-25")
    add_reminder(conn, client, occurrence_on="2026-01-05", status="snoozed",
                 snoozed_until="2026-11-23")
    add_reminder(conn, client, occurrence_on="2026-01-06", held_reason="consentement refusé")
    shown = queue_page(conn, TODAY)
    assert [item.status for item in shown] == ["snoozed"]
    held = queue_page(conn, TODAY, held=True)
    assert [item.held_reason for item in held] == ["consentement refusé"]


def test_a_user_sees_their_own_reminders(conn: sqlite3.Connection) -> None:
    martine = add_user(conn, "martine")
    paul = add_user(conn, "paul")
    for name, user in (("Martin", martine), ("Petit", paul)):
        client = add_client(conn, last_name=name)
        add_reminder(conn, client, subject_id=client, assigned_user_id=user)
    assert _names(conn, user_login="martine") == ["MARTIN Claire"]
    assert _names(conn, user_login="inconnu") == []


def test_a_company_without_a_person_shows_its_name(conn: sqlite3.Connection) -> None:
    client = add_client(conn, last_name="", first_name="", company="Transports Morel")
    add_reminder(conn, client)
    assert _names(conn) == ["Transports Morel"]


def test_paging(conn: sqlite3.Connection) -> None:
    for n in range(25):
        client = add_client(conn, last_name=f"Client{n:02d}", first_name="")
        add_reminder(conn, client, subject_id=client)
    first = queue_page(conn, TODAY, limit=10)
    rest = queue_page(conn, TODAY, limit=100, offset=10)
    assert len(first) == 10
    assert len(rest) == 15
    assert {i.reminder_id for i in first}.isdisjoint({i.reminder_id for i in rest})


def test_a_handled_reminder_leaves_the_queue(conn: sqlite3.Connection) -> None:
    client = add_client(conn)
    reminder = add_reminder(conn, client)
    update(conn, "reminders", reminder, 1, {"status": "done"}, "paul")
    assert queue_page(conn, TODAY) == []


def test_the_first_page_and_the_counts_read_the_callable_index(conn: sqlite3.Connection) -> None:
    """Startup does not grow with the file: the queue is a range read of reminders_callable."""
    client = add_client(conn, last_name="Index")
    add_reminder(conn, client, tier=3, due_on="2026-11-20", subject_id=client)
    issued: list[str] = []
    conn.set_trace_callback(issued.append)
    queue_page(conn, TODAY, limit=60)
    queue_counts(conn, TODAY)
    conn.set_trace_callback(None)
    reads = [sql for sql in issued if "FROM reminders r" in sql]
    assert len(reads) == 2
    for sql in reads:
        plan = " ".join(str(row[3]) for row in conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "reminders_callable" in plan, plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan  # only the ABC tie-break is sorted
