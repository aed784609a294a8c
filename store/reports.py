"""The reports' reads: repair orders added up in SQL and streamed, never loaded whole.

Also the few figures a manager sets for them (days open, market averages) and the ABC segments
written back to the clients.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from store.db import write

FETCH_ROWS = 10_000
SEGMENT_BATCH_IDS = 50_000


@dataclass(frozen=True, slots=True)
class YearActivity:
    """What the repair orders of one year add up to."""

    year: int
    days_with_orders: int
    orders: int
    revenue_cents: int


@dataclass(frozen=True, slots=True)
class ClientPurchases:
    """One client's repair orders over a window of periods (the oldest first).

    ``first_on`` is the client's first repair order ever, ``last_on`` the latest one before the
    end of the window.
    """

    client_id: int
    first_on: str
    last_on: str
    orders: tuple[int, ...]
    amounts_cents: tuple[int, ...]


def _stream(cursor: sqlite3.Cursor) -> Iterator[tuple[object, ...]]:
    while rows := cursor.fetchmany(FETCH_ROWS):
        yield from rows


def year_activity(conn: sqlite3.Connection) -> list[YearActivity]:
    """Per year: days with at least one repair order, orders, revenue; the oldest year first."""
    rows = conn.execute(
        "SELECT CAST(substr(opened_on, 1, 4) AS INTEGER) AS year, count(DISTINCT opened_on),"
        " count(*), coalesce(sum(revenue_cents), 0)"
        " FROM repair_orders GROUP BY year ORDER BY year"
    ).fetchall()
    return [YearActivity(*row) for row in rows]


def days_open_set(conn: sqlite3.Connection) -> dict[int, int]:
    """The days open a manager set, per year."""
    return dict(conn.execute("SELECT year, days_open FROM workshop_days").fetchall())


def set_days_open(conn: sqlite3.Connection, year: int, days: int | None, user: str) -> None:
    """Set the days the workshop was open in ``year``; None goes back to the days with orders."""
    with write(conn):
        if days is None:
            conn.execute("DELETE FROM workshop_days WHERE year = ?", (year,))
        else:
            conn.execute(
                "INSERT INTO workshop_days (year, days_open, updated_by) VALUES (?, ?, ?)"
                " ON CONFLICT (year) DO UPDATE SET days_open = excluded.days_open,"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%S','now'), updated_by = excluded.updated_by",
                (year, days, user),
            )


def market_averages(conn: sqlite3.Connection, dimension: str) -> dict[str, int]:
    """The market's share of repair orders per band (basis points), as the manager set them."""
    return dict(conn.execute(
        "SELECT band, share_bp FROM market_averages WHERE dimension = ?", (dimension,)
    ).fetchall())


def set_market_average(
    conn: sqlite3.Connection, dimension: str, band: str, share_bp: int | None, user: str
) -> None:
    """Set (or with None remove) the market's share of one band."""
    with write(conn):
        if share_bp is None:
            conn.execute("DELETE FROM market_averages WHERE dimension = ? AND band = ?",
                         (dimension, band))
        else:
            conn.execute(
                "INSERT INTO market_averages (dimension, band, share_bp, updated_by) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (dimension, band) DO UPDATE SET share_bp = excluded.share_bp,"
                " updated_at = strftime('%Y-%m-%dT%H:%M:%S','now'), updated_by = excluded.updated_by",
                (dimension, band, share_bp, user),
            )


def orders_by_vehicle_age(conn: sqlite3.Connection, start: str, end: str) -> dict[int, int]:
    """Repair orders opened in [start, end) per age of the vehicle that day, in whole years."""
    rows = conn.execute(
        "SELECT CAST((julianday(ro.opened_on) - julianday(coalesce(v.first_registration_on,"
        " v.delivered_on))) / 365.25 AS INTEGER) AS age, count(*)"
        " FROM repair_orders ro JOIN vehicles v ON v.id = ro.vehicle_id"
        " WHERE ro.opened_on >= ? AND ro.opened_on < ?"
        " AND coalesce(v.first_registration_on, v.delivered_on) IS NOT NULL"
        " GROUP BY age",
        (start, end),
    ).fetchall()
    return {int(age): int(count) for age, count in rows if age is not None}


def orders_by_mileage(conn: sqlite3.Connection, start: str, end: str, step: int = 10_000
                      ) -> dict[int, int]:
    """Repair orders opened in [start, end) per mileage at the visit, by steps of ``step`` km
    (the key is the step's lower bound)."""
    rows = conn.execute(
        "SELECT mileage / ? AS step, count(*) FROM repair_orders"
        " WHERE opened_on >= ? AND opened_on < ? AND mileage IS NOT NULL AND mileage >= 0"
        " GROUP BY step",
        (step, start, end),
    ).fetchall()
    return {int(s) * step: int(count) for s, count in rows}


def purchases_by_period(
    conn: sqlite3.Connection, bounds: Sequence[tuple[str, str]]
) -> Iterator[ClientPurchases]:
    """Every client with a repair order before the window's end, with per period ``[start,
    end)`` of ``bounds`` (ISO days, the oldest first) the orders and revenue. Streamed.

    The aggregation is one ``GROUP BY client_id`` over the repair orders; the periods are
    columns, so each client is one row.
    """
    if not bounds:
        raise ValueError("no period")
    sql, params = _per_client_sql(bounds)
    cursor = conn.execute(sql, params)
    count = len(bounds)
    for row in _stream(cursor):
        values = row[3:]
        yield ClientPurchases(
            client_id=row[0],  # type: ignore[arg-type]
            first_on=row[1],  # type: ignore[arg-type]
            last_on=row[2],  # type: ignore[arg-type]
            orders=tuple(values[0:2 * count:2]),  # type: ignore[arg-type]
            amounts_cents=tuple(values[1:2 * count:2]),  # type: ignore[arg-type]
        )


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How many clients share one purchase code (``0011``) and whether they are new."""

    code: str
    new_client: bool  # first repair order ever inside the window
    clients: int
    amount_cents: int


def _per_client_sql(bounds: Sequence[tuple[str, str]]) -> tuple[str, list[object]]:
    columns = []
    params: list[object] = []
    for i, (start, end) in enumerate(bounds):
        columns.append(f"sum(opened_on >= ? AND opened_on < ?) AS o{i}")
        params += [start, end]
        columns.append(f"sum(CASE WHEN opened_on >= ? AND opened_on < ? THEN revenue_cents ELSE 0 END)"
                       f" AS r{i}")
        params += [start, end]
    params.append(bounds[-1][1])
    sql = (f"SELECT client_id, min(opened_on) AS first_on, max(opened_on) AS last_on,"
           f" {', '.join(columns)}"
           " FROM repair_orders WHERE client_id IS NOT NULL AND opened_on < ?"
           " GROUP BY client_id")
    return sql, params


def purchase_code_counts(conn: sqlite3.Connection, bounds: Sequence[tuple[str, str]]) -> list[CodeCount]:
    """Clients and amount per purchase code over the periods ``bounds`` (oldest first), the
    code built in SQL so a million clients come back as at most 2^(periods+1) rows."""
    if not bounds:
        raise ValueError("no period")
    inner, params = _per_client_sql(bounds)
    code = " || ".join(f"(o{i} > 0)" for i in range(len(bounds)))
    amount = " + ".join(f"r{i}" for i in range(len(bounds)))
    rows = conn.execute(
        f"SELECT {code} AS code, first_on >= ? AS new_client, count(*), sum({amount})"
        f" FROM ({inner}) GROUP BY code, new_client ORDER BY code, new_client",
        [bounds[0][0], *params],
    ).fetchall()
    return [CodeCount(str(c), bool(n), int(k), int(a)) for c, n, k, a in rows]


def revenue_total(conn: sqlite3.Connection, start: str, end: str) -> int:
    """The revenue of the clients' repair orders opened in [start, end)."""
    row = conn.execute(
        "SELECT coalesce(sum(revenue_cents), 0) FROM repair_orders"
        " WHERE client_id IS NOT NULL AND opened_on >= ? AND opened_on < ?",
        (start, end),
    ).fetchone()
    return int(row[0])


def revenue_by_client(conn: sqlite3.Connection, start: str, end: str) -> Iterator[tuple[int, int]]:
    """``(client_id, revenue)`` of the clients who bought in [start, end), the highest first."""
    cursor = conn.execute(
        "SELECT client_id, sum(revenue_cents) AS revenue FROM repair_orders"
        " WHERE client_id IS NOT NULL AND opened_on >= ? AND opened_on < ?"
        " GROUP BY client_id HAVING revenue > 0 ORDER BY revenue DESC, client_id",
        (start, end),
    )
    for row in _stream(cursor):
        yield int(row[0]), int(row[1])  # type: ignore[call-overload]


def client_count(conn: sqlite3.Connection) -> int:
    """How many clients the database holds (anonymized ones included)."""
    return int(conn.execute("SELECT count(*) FROM clients").fetchone()[0])


def write_abc_segments(
    conn: sqlite3.Connection, segments: Iterable[tuple[int, str]], batch_ids: int = SEGMENT_BATCH_IDS
) -> int:
    """Store each client's ABC segment; clients not in ``segments`` (or given C) become C.

    The new segments are gathered in a temporary table of this connection (not the shared file,
    so no lock), then written by ranges of client ids, one short ``write()`` each, so that
    other sessions are never held for long. Only rows whose segment changes are touched; the
    segment is computed, not an edit, so ``version`` stays (no false conflicts). Returns how
    many clients changed segment.
    """
    conn.execute("DROP TABLE IF EXISTS temp.abc_segments")
    conn.execute("CREATE TEMP TABLE abc_segments (client_id INTEGER PRIMARY KEY, segment TEXT NOT NULL)")
    try:
        pending: list[tuple[int, str]] = []
        for client_id, segment in segments:
            if segment != "C":
                pending.append((client_id, segment))
            if len(pending) >= FETCH_ROWS:
                conn.executemany("INSERT INTO temp.abc_segments VALUES (?, ?)", pending)
                pending.clear()
        conn.executemany("INSERT INTO temp.abc_segments VALUES (?, ?)", pending)
        low, high = conn.execute("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM clients"
                                 ).fetchone()
        changed = 0
        for start in range(int(low), int(high) + 1, batch_ids):
            stop = start + batch_ids
            with write(conn):
                changed += conn.execute(
                    "UPDATE clients SET abc_segment = s.segment FROM temp.abc_segments s"
                    " WHERE s.client_id >= ? AND s.client_id < ? AND clients.id = s.client_id"
                    " AND clients.abc_segment IS NOT s.segment",
                    (start, stop),
                ).rowcount
                changed += conn.execute(
                    "UPDATE clients SET abc_segment = 'C' WHERE id >= ? AND id < ?"
                    " AND abc_segment IS NOT 'C'"
                    " AND id NOT IN (SELECT client_id FROM temp.abc_segments"
                    "                WHERE client_id >= ? AND client_id < ?)",
                    (start, stop, start, stop),
                ).rowcount
        return changed
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.abc_segments")


def segment_counts(conn: sqlite3.Connection) -> dict[str | None, int]:
    """How many clients each stored ABC segment holds (None: not computed yet)."""
    return dict(conn.execute(
        "SELECT abc_segment, count(*) FROM clients GROUP BY abc_segment"
    ).fetchall())
