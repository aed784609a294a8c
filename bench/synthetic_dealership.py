"""A quick synthetic dealership group for the rules bench, until the demo generator lands.

Bulk inserts of clients, vehicles, financings, repair orders, leads, proposals and complaints
spread over the years before ``today``; deterministic for a given seed.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from store.db import connect, write

MAKES = [
    ("Peugeot", "3008"),
    ("Peugeot", "208"),
    ("Renault", "Clio"),
    ("Citroën", "C5"),
    ("Dacia", "Sandero"),
    ("Toyota", "Yaris"),
    ("Volkswagen", "Golf"),
]
CONSENTS = ("yes", "yes", "unknown", "unknown", "no")
LETTERS = "ABCDEFGHJKLMNPQRSTVWXYZ"


def _day(rng: random.Random, today: date, max_days_back: int) -> date:
    return today - timedelta(days=rng.randrange(max_days_back))


def _plate(rng: random.Random) -> str:
    return (
        f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}-{rng.randrange(1000):03d}-"
        f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}"
    )


def _clients(rng: random.Random, count: int, today: date) -> Iterator[tuple[object, ...]]:
    for n in range(1, count + 1):
        updated = _day(rng, today, 6 * 365).isoformat() + "T10:00:00"
        company = "SARL Flotte" if n % 20 == 0 else ""
        yield (
            n,
            f"Client{n}",
            "Marie",
            company,
            rng.choice(CONSENTS),
            rng.choice(("A", "B", "C", None)),
            updated,
        )


def generate(
    path: Path,
    *,
    clients: int = 1_000_000,
    vehicles: int = 1_500_000,
    financed_share: float = 0.4,
    repair_orders: int = 3_000_000,
    today: date | None = None,
    seed: int = 3,
) -> None:
    """Fill a new database at ``path`` (which must not exist yet)."""
    if path.exists():
        raise FileExistsError(path)
    today = today or date(2026, 11, 23)
    rng = random.Random(seed)
    conn = connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-200000")
    try:
        with write(conn):
            conn.executemany(
                "INSERT INTO clients (id, last_name, first_name, company, consent_phone,"
                " abc_segment, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                _clients(rng, clients, today),
            )
        vehicle_rows = []
        for n in range(1, vehicles + 1):
            delivered = _day(rng, today, 12 * 365)
            used = rng.random() < 0.3
            registered = delivered - timedelta(days=rng.randrange(365 * 5)) if used else delivered
            make, model = rng.choice(MAKES)
            vehicle_rows.append(
                (
                    n,
                    (n - 1) % clients + 1,
                    make,
                    model,
                    _plate(rng),
                    registered.isoformat(),
                    delivered.isoformat(),
                    "used" if used else "new",
                    rng.randrange(5_000, 250_000),
                )
            )
        with write(conn):
            conn.executemany(
                "INSERT INTO vehicles (id, client_id, make, model, plate, first_registration_on,"
                " delivered_on, condition, mileage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                vehicle_rows,
            )
        financing_rows = []
        for vehicle_id, client_id, *_rest in vehicle_rows:
            if rng.random() >= financed_share:
                continue
            start = date.fromisoformat(str(_rest[4]))
            months = rng.choice((24, 36, 37, 48, 60))
            end = start + relativedelta(months=months)
            status = "active" if end >= today else "closed"
            financing_rows.append(
                (
                    vehicle_id,
                    client_id,
                    rng.choice(("loan", "loa", "lld")),
                    start.isoformat(),
                    months,
                    end.isoformat(),
                    status,
                )
            )
        with write(conn):
            conn.executemany(
                "INSERT INTO financings (vehicle_id, client_id, mode, start_on, duration_months,"
                " end_on, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                financing_rows,
            )
        del financing_rows
        with write(conn):
            conn.executemany(
                "INSERT INTO repair_orders (number, opened_on, client_id, vehicle_id, mileage,"
                " revenue_cents) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    (
                        f"OR{n:08d}",
                        _day(rng, today, 10 * 365).isoformat(),
                        vehicle_rows[v][1],
                        v + 1,
                        rng.randrange(5_000, 250_000),
                        rng.randrange(5_000, 200_000),
                    )
                    for n, v in ((n, rng.randrange(vehicles)) for n in range(repair_orders))
                ),
            )
        del vehicle_rows
        with write(conn):
            conn.executemany(
                "INSERT INTO leads (client_id, source, received_at, status, subject)"
                " VALUES (?, ?, ?, ?, 'essai')",
                (
                    (
                        rng.randrange(1, clients + 1),
                        rng.choice(("brand_site", "contest", "phone")),
                        _day(rng, today, 3 * 365).isoformat() + "T09:30:00",
                        rng.choice(("new", "handled", "lost")),
                    )
                    for _ in range(clients // 20)
                ),
            )
            conn.executemany(
                "INSERT INTO proposals (client_id, vehicle_offered, amount_cents, handed_on,"
                " status) VALUES (?, '3008 GT', 3650000, ?, ?)",
                (
                    (
                        rng.randrange(1, clients + 1),
                        _day(rng, today, 3 * 365).isoformat(),
                        rng.choice(("open", "accepted", "refused")),
                    )
                    for _ in range(clients // 50)
                ),
            )
            conn.executemany(
                "INSERT INTO complaints (client_id, opened_on, subject, status)"
                " VALUES (?, ?, 'retard', ?)",
                (
                    (
                        rng.randrange(1, clients + 1),
                        _day(rng, today, 3 * 365).isoformat(),
                        rng.choice(("open", "closed")),
                    )
                    for _ in range(clients // 200)
                ),
            )
        conn.execute("ANALYZE")
    finally:
        conn.close()


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table the rules read."""
    tables = (
        "clients",
        "vehicles",
        "financings",
        "repair_orders",
        "leads",
        "proposals",
        "complaints",
        "reminders",
    )
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables}
