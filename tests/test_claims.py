"""A reminder opened by one user shows as taken to the others, until done or lapsed."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta

from store.claims import CLAIM_MINUTES, claim, release, release_all
from store.queue import queue_page
from tests.factories import add_client, add_reminder, add_user

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)


def _reminder(conn: sqlite3.Connection) -> int:
    add_user(conn, "martine", name="Martine")
    return add_reminder(conn, add_client(conn))


def test_the_first_to_open_holds_it(conn: sqlite3.Connection) -> None:
    reminder = _reminder(conn)
    assert claim(conn, reminder, "martine", NOW) is None
    assert claim(conn, reminder, "paul", NOW + timedelta(minutes=1)) == "martine"
    [item] = queue_page(conn, TODAY, now=NOW + timedelta(minutes=1))
    assert item.claimed_by == "Martine"  # the name, for « en cours — Martine »


def test_a_claim_lapses(conn: sqlite3.Connection) -> None:
    reminder = _reminder(conn)
    claim(conn, reminder, "martine", NOW)
    later = NOW + timedelta(minutes=CLAIM_MINUTES + 1)
    assert queue_page(conn, TODAY, now=later)[0].claimed_by is None
    assert claim(conn, reminder, "paul", later) is None


def test_release_only_by_the_holder(conn: sqlite3.Connection) -> None:
    reminder = _reminder(conn)
    claim(conn, reminder, "martine", NOW)
    release(conn, reminder, "paul")
    assert claim(conn, reminder, "paul", NOW) == "martine"
    release(conn, reminder, "martine")
    assert claim(conn, reminder, "paul", NOW) is None


def test_release_all_on_quit(conn: sqlite3.Connection) -> None:
    reminder = _reminder(conn)
    claim(conn, reminder, "martine", NOW)
    release_all(conn, "martine")
    assert queue_page(conn, TODAY, now=NOW)[0].claimed_by is None


def test_closing_the_app_finds_its_claims_by_index(conn: sqlite3.Connection) -> None:
    """release_all runs as the app closes: it must not scan every reminder of a large file."""
    claim(conn, _reminder(conn), "martine", NOW)
    issued: list[str] = []
    conn.set_trace_callback(issued.append)
    release_all(conn, "martine")
    conn.set_trace_callback(None)
    update = next(sql for sql in issued if sql.startswith("UPDATE reminders"))
    plan = " ".join(str(row[3]) for row in conn.execute("EXPLAIN QUERY PLAN " + update))
    assert "reminders_claimed" in plan, plan
