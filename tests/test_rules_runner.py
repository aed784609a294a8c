"""The runner on real SQLite files: raise once, catch up, expire, hold, and user transitions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from rules.consent import HELD_REFUSED, HELD_UNKNOWN
from rules.listing import format_report
from rules.ruleset import SITE_RULES_ENV, RuleSet, load_rules
from rules.runner import run_rules
from store.db import write
from store.errors import ConflictError
from store.reminders import (
    dismiss,
    get_reminder,
    last_run_day,
    mark_done,
    reassign,
    reminder_by_key,
    snooze,
)
from tests.rules_factories import (
    add_client,
    add_financing,
    add_repair_order,
    add_vehicle,
    fresh_db,
)

RULES: RuleSet = load_rules()


@pytest.fixture(autouse=True)
def no_site_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(SITE_RULES_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = fresh_db(tmp_path)
    yield connection
    connection.close()


def loyalty_car(conn: sqlite3.Connection, delivered_on: str, **client: str) -> int:
    """A client with a car delivered on ``delivered_on``; returns the vehicle id."""
    with write(conn):
        client_id = add_client(conn, updated_at="2026-06-01T10:00:00", **client)
        return add_vehicle(conn, client_id, delivered_on=delivered_on)


def reminders(conn: sqlite3.Connection) -> list[tuple[str, int, str, str, str]]:
    return conn.execute(
        "SELECT rule_id, subject_id, occurrence_on, due_on, status FROM reminders ORDER BY id"
    ).fetchall()


def test_a_run_raises_once_and_a_second_run_nothing_new(conn: sqlite3.Connection) -> None:
    vehicle = loyalty_car(conn, "2025-11-23")
    first = run_rules(conn, date(2026, 11, 23), RULES)
    assert (first.raised, first.known, first.caught_up, first.incremental) == (1, 0, 0, False)
    assert reminders(conn) == [("loyalty_call", vehicle, "2026-11-23", "2026-11-23", "open")]
    again = run_rules(conn, date(2026, 11, 23), RULES)
    assert (again.raised, again.known, again.incremental) == (0, 1, True)
    assert last_run_day(conn) == date(2026, 11, 23)
    assert "1 relances créées" in format_report(first)


def test_a_reminder_handled_never_returns_for_the_same_occurrence(conn: sqlite3.Connection) -> None:
    vehicle = loyalty_car(conn, "2025-11-23")
    run_rules(conn, date(2026, 11, 23), RULES)
    reminder = reminder_by_key(conn, "loyalty_call", "vehicle", vehicle, "2026-11-23")
    assert reminder is not None
    mark_done(conn, reminder.id, reminder.version, user_login="marie")
    for day in (date(2026, 11, 24), date(2026, 12, 1)):
        assert run_rules(conn, day, RULES).raised == 0
    assert run_rules(conn, date(2026, 11, 24), RULES, incremental=False).raised == 0
    assert reminders(conn) == [("loyalty_call", vehicle, "2026-11-23", "2026-11-23", "done")]


def test_days_nobody_ran_are_caught_up(conn: sqlite3.Connection) -> None:
    # Last run Thursday 25/03/2027; nobody ran on Friday, nor over Easter; back on Tuesday.
    friday = loyalty_car(conn, "2026-03-26")
    saturday = loyalty_car(conn, "2026-03-27")
    run_rules(conn, date(2027, 3, 25), RULES)
    report = run_rules(conn, date(2027, 3, 30), RULES)
    assert (report.raised, report.caught_up) == (2, 1)
    assert reminders(conn) == [
        ("loyalty_call", friday, "2027-03-26", "2027-03-26", "open"),
        ("loyalty_call", saturday, "2027-03-27", "2027-03-30", "open"),
    ]


def test_what_outlived_its_validity_is_counted_as_expired(conn: sqlite3.Connection) -> None:
    stale = loyalty_car(conn, "2025-09-10")  # due 10/09/2026, valid 45 days
    missed = loyalty_car(conn, "2025-10-15")  # due 15/10/2026 while nobody ran
    run_rules(conn, date(2026, 9, 10), RULES)
    report = run_rules(conn, date(2027, 1, 15), RULES)
    assert (report.raised, report.expired) == (0, 2)
    assert reminders(conn) == [
        ("loyalty_call", stale, "2026-09-10", "2026-09-10", "expired"),
        ("loyalty_call", missed, "2026-10-15", "2026-10-15", "expired"),
    ]
    assert run_rules(conn, date(2027, 1, 15), RULES).expired == 0


def test_phone_calls_without_consent_are_held_in_words(conn: sqlite3.Connection) -> None:
    unknown = loyalty_car(conn, "2025-11-23", consent_phone="unknown")
    with write(conn):
        client_id = add_client(conn, consent_phone="unknown", updated_at="2026-06-01T10:00:00")
        contract_car = add_vehicle(conn, client_id, delivered_on="2025-11-23", plate="EF-456-GH")
        add_financing(
            conn,
            client_id,
            contract_car,
            start_on="2025-11-23",
            duration_months=48,
            end_on="2029-11-23",
        )
    report = run_rules(conn, date(2026, 11, 23), RULES)
    assert (report.raised, report.held) == (2, 1)
    held = reminder_by_key(conn, "loyalty_call", "vehicle", unknown, "2026-11-23")
    free = reminder_by_key(conn, "loyalty_call", "vehicle", contract_car, "2026-11-23")
    assert held is not None
    assert held.held_reason == HELD_UNKNOWN
    assert free is not None
    assert free.held_reason == ""


def test_financing_milestones_from_the_database(conn: sqlite3.Connection) -> None:
    with write(conn):
        client_id = add_client(conn, updated_at="2026-06-01T10:00:00")
        car = add_vehicle(conn, client_id, first_registration_on="2025-08-31")
        financing = add_financing(
            conn, client_id, car, start_on="2025-08-31", duration_months=36, end_on="2028-08-31"
        )
        add_financing(
            conn,
            client_id,
            car,
            start_on="2021-04-30",
            duration_months=72,
            end_on="2027-04-30",
            mode="lld",
        )
    report = run_rules(conn, date(2027, 3, 1), RULES)
    rows = conn.execute(
        "SELECT rule_id, subject_id, occurrence_on, due_on, reason FROM reminders ORDER BY id"
    ).fetchall()
    assert (
        "financing_middle",
        financing,
        "2027-02-28",
        "2027-03-01",
        "LOA Peugeot 3008 AB-123-CD : mi-contrat le 28/02/2027, fin le 31/08/2028",
    ) in rows
    assert [r[0] for r in rows].count("financing_end_2m") == 1  # 30/04 - 2 months = 28/02
    assert report.raised == len(rows)


def test_service_due_only_from_the_last_repair_order(conn: sqlite3.Connection) -> None:
    with write(conn):
        client_id = add_client(conn, updated_at="2026-06-01T10:00:00")
        seen_again = add_vehicle(conn, client_id, plate="AA-001-AA")
        not_seen = add_vehicle(conn, client_id, plate="AA-002-AA")
        add_repair_order(conn, client_id, seen_again, "2025-11-20", "OR-1")
        add_repair_order(conn, client_id, seen_again, "2026-03-01", "OR-2")
        add_repair_order(conn, client_id, not_seen, "2025-11-20", "OR-3")
    run_rules(conn, date(2026, 11, 23), RULES)
    due = conn.execute("SELECT subject_id FROM reminders WHERE rule_id = 'service_due'").fetchall()
    assert due == [(not_seen,)]


def test_a_site_file_changes_what_is_raised(conn: sqlite3.Connection, tmp_path: Path) -> None:
    loyalty_car(conn, "2025-11-23")
    site = tmp_path / "site.toml"
    site.write_text('[[rule]]\nid = "loyalty_call"\ntier = 1\n', encoding="utf-8")
    run_rules(conn, date(2026, 11, 23), load_rules(site))
    assert conn.execute("SELECT tier FROM reminders").fetchall() == [(1,)]
    site.write_text('disable = ["loyalty_call"]\n', encoding="utf-8")
    loyalty_car(conn, "2025-11-24")
    assert run_rules(conn, date(2026, 11, 24), load_rules(site)).raised == 0


def test_transitions_check_the_version_and_are_audited(conn: sqlite3.Connection) -> None:
    vehicle = loyalty_car(conn, "2025-11-23")
    with write(conn):
        user_id = conn.execute("INSERT INTO users (login, role) VALUES ('paul', 'sales')").lastrowid
    run_rules(conn, date(2026, 11, 23), RULES)
    reminder = reminder_by_key(conn, "loyalty_call", "vehicle", vehicle, "2026-11-23")
    assert reminder is not None
    snoozed = snooze(conn, reminder.id, reminder.version, date(2026, 12, 1), user_login="marie")
    assert (snoozed.status, snoozed.snoozed_until, snoozed.version) == ("snoozed", "2026-12-01", 2)
    with pytest.raises(ConflictError):
        dismiss(conn, reminder.id, reminder.version, "déjà vu", user_login="marie")
    moved = reassign(conn, reminder.id, snoozed.version, user_id, user_login="chef")
    assert moved.assigned_user_id == user_id
    with pytest.raises(ValueError, match="motif"):
        dismiss(conn, reminder.id, moved.version, "  ", user_login="marie")
    closed = dismiss(conn, reminder.id, moved.version, "a vendu sa voiture", user_login="marie")
    assert (closed.status, closed.dismissed_reason, closed.handled_by) == (
        "dismissed",
        "a vendu sa voiture",
        "marie",
    )
    audit = conn.execute(
        "SELECT user_login, action, field, old_value, new_value FROM audit"
        " WHERE table_name = 'reminders' AND row_id = ? ORDER BY id",
        (reminder.id,),
    ).fetchall()
    assert ("marie", "snooze", "status", "open", "snoozed") in audit
    assert ("chef", "reassign", "assigned_user_id", None, str(user_id)) in audit
    assert ("marie", "dismiss", "dismissed_reason", "", "a vendu sa voiture") in audit
    assert get_reminder(conn, reminder.id).version == 4


def test_a_consent_given_later_releases_the_held_call(conn: sqlite3.Connection) -> None:
    vehicle = loyalty_car(conn, "2025-11-23", consent_phone="unknown")
    run_rules(conn, date(2026, 11, 23), RULES)
    with write(conn):
        conn.execute("UPDATE clients SET consent_phone = 'yes', updated_at = '2026-11-23T15:00:00'")
    report = run_rules(conn, date(2026, 11, 24), RULES)
    assert report.holds_changed == 1
    reminder = reminder_by_key(conn, "loyalty_call", "vehicle", vehicle, "2026-11-23")
    assert reminder is not None
    assert reminder.held_reason == ""


def test_a_call_about_the_clients_own_case_is_held_only_when_they_refused(
    conn: sqlite3.Connection,
) -> None:
    car = loyalty_car(conn, "2025-11-23", consent_phone="unknown")
    client_id = conn.execute("SELECT client_id FROM vehicles WHERE id = ?", (car,)).fetchone()[0]
    with write(conn):
        order = add_repair_order(conn, client_id, car, "2026-11-19", "OR-1")  # Thursday
    run_rules(conn, date(2026, 11, 23), RULES)

    def holds() -> tuple[str, str]:
        sale = reminder_by_key(conn, "loyalty_call", "vehicle", car, "2026-11-23")
        service = reminder_by_key(conn, "satisfaction_call", "repair_order", order, "2026-11-23")
        assert sale is not None
        assert service is not None
        return sale.held_reason, service.held_reason

    assert holds() == (HELD_UNKNOWN, "")
    for consent, stamp, expected in (
        ("no", "2026-11-23T15:00:00", (HELD_REFUSED, HELD_REFUSED)),
        ("unknown", "2026-11-24T15:00:00", (HELD_UNKNOWN, "")),  # held again by each one's rule
    ):
        with write(conn):
            conn.execute("UPDATE clients SET consent_phone = ?, updated_at = ?", (consent, stamp))
        run_rules(conn, date.fromisoformat(stamp[:10]) + timedelta(days=1), RULES)
        assert holds() == expected


def _web_lead(conn: sqlite3.Connection, received_at: str, updated_at: str | None = None) -> int:
    with write(conn):
        client_id = add_client(conn, updated_at="2026-06-01T10:00:00")
        cursor = conn.execute(
            "INSERT INTO leads (client_id, source, received_at, subject, updated_at)"
            " VALUES (?, 'brand_site', ?, 'essai 3008', coalesce(?, strftime('%Y-%m-%dT%H:%M:%S','now')))",
            (client_id, received_at, updated_at),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


def test_a_fact_entered_after_the_run_of_its_day_is_raised_the_next_morning(
    conn: sqlite3.Connection,
) -> None:
    run_rules(conn, date(2026, 11, 23), RULES)  # Monday morning
    lead = _web_lead(conn, "2026-11-23T14:00:00")  # the lead of Monday afternoon
    report = run_rules(conn, date(2026, 11, 24), RULES)
    assert (report.raised, report.caught_up) == (1, 1)
    assert reminders(conn) == [("web_lead", lead, "2026-11-23", "2026-11-23", "open")]


def test_the_next_morning_rereads_only_what_was_written_since_the_last_run(
    conn: sqlite3.Connection,
) -> None:
    # Monday's run saw the loyalty call and the lead; Tuesday's reads Monday again only for
    # rows written since: neither is read (nor counted as known) again, nothing is lost.
    car = loyalty_car(conn, "2025-11-23")
    with write(conn):  # written before Monday, whatever the clock of the machine says
        conn.execute("UPDATE vehicles SET updated_at = '2026-11-22T08:00:00' WHERE id = ?", (car,))
    _web_lead(conn, "2026-11-23T08:00:00", updated_at="2026-11-22T08:00:00")
    assert run_rules(conn, date(2026, 11, 23), RULES).raised == 2
    report = run_rules(conn, date(2026, 11, 24), RULES)
    assert (report.raised, report.known) == (0, 0)
    assert run_rules(conn, date(2026, 11, 24), RULES, incremental=False).known == 2


def test_a_replayed_day_still_rereads_what_was_entered_after_its_run(
    conn: sqlite3.Connection,
) -> None:
    # a run for a day ahead of the clock (--today): rows written after it carry an earlier
    # updated_at than that day, yet were written after the run
    run_rules(conn, date(2027, 3, 25), RULES)
    lead = _web_lead(conn, "2027-03-25T15:00:00")
    report = run_rules(conn, date(2027, 3, 26), RULES)
    assert report.raised == 1
    assert reminders(conn) == [("web_lead", lead, "2027-03-25", "2027-03-25", "open")]


def test_a_second_run_the_same_day_rereads_only_what_was_written_since(
    conn: sqlite3.Connection,
) -> None:
    # 50 sessions open the app each morning: after the first, a run reads today's new rows only
    car = loyalty_car(conn, "2025-11-23")
    with write(conn):
        conn.execute("UPDATE vehicles SET updated_at = '2026-11-22T08:00:00' WHERE id = ?", (car,))
    assert run_rules(conn, date(2026, 11, 23), RULES).raised == 1
    assert run_rules(conn, date(2026, 11, 23), RULES).known == 0
    lead = _web_lead(conn, "2026-11-23T11:00:00")
    report = run_rules(conn, date(2026, 11, 23), RULES)
    assert (report.raised, report.caught_up) == (1, 0)
    assert reminders(conn)[-1] == ("web_lead", lead, "2026-11-23", "2026-11-23", "open")
