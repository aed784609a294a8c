"""The reports' SQL on a real file: years, bands, purchases per quarter, ABC written back."""

from __future__ import annotations

import sqlite3
from datetime import date

from rules import abc
from rules.rfm import periods, rfm_all, window_bounds
from store import reports
from tests.factories import add_client, add_repair_order, add_vehicle


def test_year_activity_counts_days_with_orders(conn: sqlite3.Connection) -> None:
    client = add_client(conn)
    add_repair_order(conn, client, "2010-03-01", 100_00)
    add_repair_order(conn, client, "2010-03-01", 50_00, number="b")
    add_repair_order(conn, None, "2010-03-02", 25_00)
    add_repair_order(conn, client, "2011-01-05", 10_00)
    assert reports.year_activity(conn) == [
        reports.YearActivity(2010, 2, 3, 175_00), reports.YearActivity(2011, 1, 1, 10_00)]


def test_days_open_set_and_cleared(conn: sqlite3.Connection) -> None:
    reports.set_days_open(conn, 2010, 268, "chef")
    reports.set_days_open(conn, 2010, 270, "chef")
    assert reports.days_open_set(conn) == {2010: 270}
    reports.set_days_open(conn, 2010, None, "chef")
    assert reports.days_open_set(conn) == {}


def test_market_averages(conn: sqlite3.Connection) -> None:
    reports.set_market_average(conn, "age", "6-8", 2000, "chef")
    assert reports.market_averages(conn, "age") == {"6-8": 2000}
    assert reports.market_averages(conn, "mileage") == {}


def test_orders_by_age_and_mileage(conn: sqlite3.Connection) -> None:
    client = add_client(conn)
    young = add_vehicle(conn, client, first_registration_on="2024-06-01")
    old = add_vehicle(conn, client, first_registration_on="2016-01-01", plate="ZZ-999-ZZ")
    add_repair_order(conn, client, "2026-03-01", 100_00, vehicle_id=young, mileage=12_000)
    add_repair_order(conn, client, "2026-04-01", 100_00, vehicle_id=old, mileage=155_000)
    add_repair_order(conn, client, "2025-04-01", 100_00, vehicle_id=old, mileage=140_000)
    assert reports.orders_by_vehicle_age(conn, "2026-01-01", "2027-01-01") == {1: 1, 10: 1}
    assert reports.orders_by_mileage(conn, "2026-01-01", "2027-01-01") == {10_000: 1, 150_000: 1}


def test_purchases_per_quarter_feed_rfm(conn: sqlite3.Connection) -> None:
    regular = add_client(conn)
    newcomer = add_client(conn, last_name="Neuf")
    gone = add_client(conn, last_name="Parti")
    for day in ("2025-11-02", "2026-02-02", "2026-05-02", "2026-08-02"):
        add_repair_order(conn, regular, day, 100_00)
    add_repair_order(conn, newcomer, "2026-05-10", 300_00)
    add_repair_order(conn, newcomer, "2026-11-10", 300_00)  # this quarter: not counted yet
    add_repair_order(conn, gone, "2024-01-10", 80_00)
    window = periods(date(2026, 11, 23))
    rows = list(reports.purchases_by_period(conn, window_bounds(window)))
    by_client = {r.client_id: r for r in rows}
    assert by_client[regular].orders == (1, 1, 1, 1)
    assert by_client[newcomer].amounts_cents == (0, 0, 300_00, 0)
    assert by_client[newcomer].last_on == "2026-05-10"
    profiles = {r.client_id: (r.code, r.profile) for r in rfm_all(rows, window)}
    assert profiles == {regular: ("1111", "very_regular"), newcomer: ("0010", "losing_speed"),
                        gone: ("0000", "inactive")}


def test_abc_segments_are_written_in_batches(conn: sqlite3.Connection) -> None:
    ids = [add_client(conn, last_name=f"C{i}") for i in range(6)]
    for client_id, euros in zip(ids, (500, 300, 100, 50, 30, 0), strict=True):
        if euros:
            add_repair_order(conn, client_id, "2026-03-01", euros * 100)
    add_repair_order(conn, ids[0], "2020-03-01", 1_000_000_00)  # outside the period
    total = reports.revenue_total(conn, "2026-01-01", "2027-01-01")
    assert total == 980_00
    ranked = list(reports.revenue_by_client(conn, "2026-01-01", "2027-01-01"))
    assert [client for client, _ in ranked] == ids[:5]
    changed = reports.write_abc_segments(conn, abc.segments(ranked, total), batch_ids=2)
    assert changed == 6
    stored = [row[0] for row in conn.execute("SELECT abc_segment FROM clients ORDER BY id")]
    assert stored == ["A", "A", "B", "B", "C", "C"]
    assert conn.execute("SELECT max(version) FROM clients").fetchone()[0] == 1
    assert reports.write_abc_segments(conn, abc.segments(ranked, total)) == 0  # nothing moved
    assert reports.segment_counts(conn) == {"A": 2, "B": 2, "C": 2}
    assert not conn.in_transaction


def test_code_counts_in_sql_match_the_per_client_stream(conn: sqlite3.Connection) -> None:
    from rules.rfm import summarize, summarize_codes

    ids = [add_client(conn, last_name=f"C{i}") for i in range(8)]
    days = ["2023-05-01", "2025-11-02", "2026-02-02", "2026-05-02", "2026-08-02", "2026-11-02"]
    for n, client_id in enumerate(ids):
        for k, day in enumerate(days):
            if (n >> (k % 4)) & 1 or (n + k) % 5 == 0:
                add_repair_order(conn, client_id, day, (n + 1) * 10_00 + k, number=f"{n}-{k}")
    window = periods(date(2026, 11, 23))
    bounds = window_bounds(window)
    from_stream = summarize(rfm_all(reports.purchases_by_period(conn, bounds), window))
    from_sql = summarize_codes(reports.purchase_code_counts(conn, bounds))
    assert from_sql == from_stream
    assert from_sql.clients == 8
