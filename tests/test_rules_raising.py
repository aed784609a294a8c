"""The set-based engine raises exactly what the rules say, word for word.

``rules.occurrences.evaluate`` is the rules written plainly, fact by fact, in Python; the runner
has SQLite do the same work set-based (``store.raising``). On random dealerships in real SQLite
files, with the dates that trip month arithmetic and the values that trip formatting, both must
give the same reminders: keys, due days, validity, status, holding, owner, and the French and
English reasons. The SQL date arithmetic is held equal to ``rules.dates`` on its own.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from calendar import monthrange
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rules.dates import add_months, whole_years
from rules.occurrences import Window, evaluate
from rules.ruleset import RuleSet, load_rules
from rules.runner import first_occurrence_day, run_rules
from store.db import connect, write
from store.facts import add_months_sql, client_contexts, facts_between
from store.raising import _SPACES, whole_years_sql

RULES: RuleSet = load_rules()
DAYS = st.dates(date(2019, 1, 1), date(2029, 12, 31))
COLUMNS = (
    "rule_id, subject_kind, subject_id, client_id, occurrence_on, due_on, valid_until, tier,"
    " channel, status, held_reason, assigned_user_id, reason, reason_en"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with one user, copied for each example."""
    path = tmp_path_factory.mktemp("raising") / "template.db"
    conn = connect(path)
    with write(conn):
        conn.execute("INSERT INTO users (id, login, name, role) VALUES (1, 'lea', 'Léa', 'sales')")
    conn.close()
    return path


def _iso(day: date) -> str:
    return day.isoformat()


# Values chosen to trip the wording: accents (SQL upper() is ASCII only), blanks that the
# tidying collapses, empty parts of a vehicle, thousands, negative amounts, month ends.
NAMES = st.sampled_from(["Dupont", "Lefèvre", "", "çelik", "O'Neil"])
FIRST_NAMES = st.sampled_from(["Marie", "", "Jean-Luc"])
COMPANIES = st.sampled_from(["", "", " ", "SARL Dupuis"])
TEXTS = st.sampled_from(["", "Essai 3008", "Essai  3008 ", "Reprise\n\nC3", " espace", "a\tb"])
MILEAGES = st.sampled_from([None, 0, 999, 1000, 150_000, 1_234_567])
CENTS = st.sampled_from([None, -5, 0, 99, 123_456, 3_650_000])


@st.composite
def dealership(draw: st.DrawFn) -> dict[str, Any]:
    """Rows of a small dealership, its dates around ``today``."""
    today = draw(DAYS)

    def around(low: int = -1200, high: int = 400) -> date:
        """A day from ``low`` to ``high`` days from today, most often one a rule counts from
        (a delivery 12 months back, a contract ending in 6 months...), now and then a month end:
        where relativedelta clamps and SQLite would roll over."""
        months = [m for m in (0, -12, -15, -24, -36, 2, 6, -18) if low <= 30 * m <= high] or [0]
        month = add_months(today, draw(st.sampled_from(months)))
        kind = draw(st.sampled_from(["rule", "rule", "month end", "any"]))
        if kind == "rule":
            return month + timedelta(days=draw(st.integers(-12, 3)))
        if kind == "month end":
            last = monthrange(month.year, month.month)[1]
            return month.replace(day=draw(st.integers(min(28, last), last)))
        return today + timedelta(days=draw(st.integers(low, high)))

    clients = []
    for client_id in range(1, draw(st.integers(1, 5)) + 1):
        clients.append({
            "id": client_id, "last_name": draw(NAMES), "first_name": draw(FIRST_NAMES),
            "company": draw(COMPANIES),
            "consent_phone": draw(st.sampled_from(["yes", "no", "unknown"])),
            "assigned_user_id": draw(st.sampled_from([None, 1])),
            "anonymized_at": draw(st.sampled_from([None, None, None, "2024-01-01T00:00:00"])),
            "updated_at": _iso(around()) + "T09:00:00",
        })
    ids = st.integers(1, len(clients))
    vehicles = []
    for vehicle_id in range(1, draw(st.integers(0, 6)) + 1):
        vehicles.append({
            "id": vehicle_id, "client_id": draw(ids),
            "make": draw(st.sampled_from(["Peugeot", ""])), "model": draw(st.sampled_from(["3008", ""])),
            "plate": draw(st.sampled_from(["AB-123-CD", ""])), "mileage": draw(MILEAGES),
            "delivered_on": draw(st.sampled_from([None, _iso(around()), _iso(around())])),
            # now and then six years older: the aged-vehicle rule
            "first_registration_on": _iso(around(-3000, 0) - timedelta(days=draw(st.sampled_from(
                [0, 2191])))) if draw(st.booleans()) else None,
            "sold_here": draw(st.sampled_from([0, 1, 1, 1])),
            "status": draw(st.sampled_from(["owned", "owned", "owned", "sold"])),
        })
    vehicle_ids = st.sampled_from([None, *(v["id"] for v in vehicles)])
    financings = []
    for financing_id in range(1, draw(st.integers(0, 4)) + 1):
        start = around(-1500, 0)
        duration = draw(st.sampled_from([0, 11, 12, 24, 37, 48, 61]))
        financings.append({
            "id": financing_id, "client_id": draw(ids), "vehicle_id": draw(vehicle_ids),
            "mode": draw(st.sampled_from(["cash", "loan", "loa", "lld"])), "start_on": _iso(start),
            "duration_months": duration,
            "end_on": _iso(draw(st.sampled_from([add_months(start, duration), around(-100, 400)]))),
            "status": draw(st.sampled_from(["active", "active", "closed"])),
        })
    repair_orders = []
    for order_id in range(1, draw(st.integers(0, 8)) + 1):
        vehicle = draw(vehicle_ids)
        # half of them a year back or a little more: the service reminder's window, which the
        # spread of around() reached in too few examples
        opened = around(-1200, 0) if draw(st.booleans()) \
            else add_months(today, -12) - timedelta(days=draw(st.integers(0, 50)))
        repair_orders.append({
            "id": order_id, "number": f"OR{order_id}", "opened_on": _iso(opened),
            "client_id": draw(st.one_of(st.none(), ids)), "vehicle_id": vehicle,
            "mileage": draw(MILEAGES), "revenue_cents": draw(CENTS) or 0,
        })
    leads = [{
        "id": n, "client_id": draw(ids), "source": draw(st.sampled_from(["brand_site", "contest", "phone"])),
        "received_at": _iso(around(-40, 0)) + "T10:30:00",
        "status": draw(st.sampled_from(["new", "in_progress", "handled"])),
        "assigned_user_id": draw(st.sampled_from([None, 1])), "subject": draw(TEXTS),
    } for n in range(1, draw(st.integers(0, 3)) + 1)]
    proposals = [{
        "id": n, "client_id": draw(ids), "vehicle_offered": draw(st.sampled_from(["", "Peugeot 208"])),
        "amount_cents": draw(CENTS), "handed_on": _iso(around(-20, 0)),
        "status": draw(st.sampled_from(["open", "open", "refused"])),
        "user_id": draw(st.sampled_from([None, 1])),
    } for n in range(1, draw(st.integers(0, 3)) + 1)]
    contacts = [{
        "client_id": draw(ids), "at": _iso(around(-20, 0)) + "T11:00:00", "channel": "phone",
    } for _ in range(draw(st.integers(0, 2)))]
    complaints = []
    for n in range(1, draw(st.integers(0, 3)) + 1):
        opened = around(-60, 0)
        complaints.append({
            "id": n, "client_id": draw(ids), "opened_on": _iso(opened), "subject": draw(TEXTS),
            "status": draw(st.sampled_from(["open", "in_progress", "resolved"])),
            # or resolved in the last days: the call after resolution falls in the window
            "resolved_on": draw(st.sampled_from([
                None, _iso(opened + timedelta(days=3)),
                _iso(max(opened, today - timedelta(days=draw(st.integers(0, 10)))))])),
        })
    return {
        "today": today, "clients": clients, "vehicles": vehicles, "financings": financings,
        "repair_orders": repair_orders, "leads": leads, "proposals": proposals,
        "contacts": contacts, "complaints": complaints,
    }


def _insert(conn: sqlite3.Connection, rows: dict[str, Any]) -> None:
    with write(conn):
        for table in ("clients", "vehicles", "financings", "repair_orders", "leads", "proposals",
                      "contacts", "complaints"):
            for row in rows[table]:
                names = ", ".join(row)
                conn.execute(f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",
                             tuple(row.values()))


def _expected(conn: sqlite3.Connection, today: date) -> list[tuple[Any, ...]]:
    """What the rules say, fact by fact in Python, first offset first as the engine inserts."""
    expected: dict[tuple[str, str, int, str], tuple[Any, ...]] = {}
    for rule in RULES.enabled:
        window = Window(first_occurrence_day(rule, today, None), today)
        bounds = [offset.anchor_window(window.first, today) for offset in rule.offsets]
        facts = facts_between(conn, rule.anchor, min(b[0] for b in bounds), max(b[1] for b in bounds))
        clients = client_contexts(conn, (fact.client_id for fact in facts), today)
        for r in evaluate(rule, facts, clients, window):
            key = (r.rule_id, r.subject_kind, r.subject_id, r.occurrence_on)
            expected.setdefault(key, (
                r.rule_id, r.subject_kind, r.subject_id, r.client_id, r.occurrence_on, r.due_on,
                r.valid_until, r.tier, r.channel, r.status, r.held_reason, r.assigned_user_id,
                r.reason, r.reason_en,
            ))
    return sorted(expected.values())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=dealership())
def test_the_engine_raises_what_the_rules_say(template: Path, tmp_path: Path, rows: dict[str, Any]) -> None:
    path = tmp_path / f"{id(rows)}.db"  # one folder for every example: each removes its file
    shutil.copy(template, path)
    conn = connect(path)
    try:
        _insert(conn, rows)
        today: date = rows["today"]
        run_rules(conn, today, RULES, incremental=False)
        raised = sorted(conn.execute(f"SELECT {COLUMNS} FROM reminders").fetchall())
        for rule_id in {r[0] for r in raised}:
            event(rule_id)
        assert raised == _expected(conn, today)
    finally:
        conn.close()
        path.unlink()


@given(day=DAYS, months=st.integers(-400, 400))
def test_sql_month_arithmetic_is_relativedeltas(day: date, months: int) -> None:
    conn = sqlite3.connect(":memory:")
    got = conn.execute(f"SELECT {add_months_sql('?1', '?2')}", (day.isoformat(), months)).fetchone()[0]
    assert got == add_months(day, months).isoformat()


@given(start=DAYS, on=DAYS)
def test_sql_whole_years_are_the_rules(start: date, on: date) -> None:
    conn = sqlite3.connect(":memory:")
    sql = f"SELECT {whole_years_sql('?1', '?2')}"
    got = conn.execute(sql, (start.isoformat(), on.isoformat())).fetchone()[0]
    assert got == whole_years(start, on)


def test_the_blanks_sql_tidies_at_either_end_are_those_python_strips() -> None:
    """``_SPACES`` is written out (deriving it scans every code point, 76 ms measured, at each start):
    held here to ``str.isspace``, which ``tidy_words``'s strip uses."""
    assert tuple(c for c in range(sys.maxunicode + 1) if chr(c).isspace()) == _SPACES
