"""A realistic demo dealership: French clients, their cars, contracts, visits and leads.

``generate_demo`` fills an empty, migrated Relance database. The same seed and day give the
same database content, byte for byte. Ground truth for the search team is kept in
``demo_labels``: every near-duplicate pair (same person typed twice) and the homonym pairs made
on purpose (same name, another person). Any other pair of clients is two different people.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from store import demo_data as data
from store.db import write
from store.demo_rows import (
    CLIENT_INSERT,
    COMPLAINT_COLUMNS,
    CONTACT_COLUMNS,
    FINANCING_INSERT,
    LABEL_COLUMNS,
    LEAD_COLUMNS,
    PROPOSAL_COLUMNS,
    REPAIR_ORDER_INSERT,
    VEHICLE_INSERT,
    WISH_COLUMNS,
    ChunkBuilder,
    ChunkRows,
    Row,
    Staff,
    insert_sql,
)
from store.errors import StoreError

CHUNK_CLIENTS = 20_000
BULK_CACHE_KIB = 262_144
SORT_THREADS = 2
_FILLED_TABLES = ("clients", "vehicles", "financings", "repair_orders", "leads", "proposals",
                  "contacts", "wishes", "complaints")

Progress = Callable[[int, int], None]


def _marks(columns: Sequence[str]) -> list[str]:
    return ["?"] * len(columns)


_LABELS_TABLE = """
CREATE TABLE IF NOT EXISTS demo_labels (
    kind TEXT NOT NULL CHECK (kind IN ('duplicate','homonym')),
    client_id INTEGER NOT NULL,
    other_id INTEGER NOT NULL
)
"""

# Each kind of row and its INSERT, parents first.
_INSERTS: tuple[tuple[str, str], ...] = (
    ("clients", insert_sql(CLIENT_INSERT)),
    ("vehicles", insert_sql(VEHICLE_INSERT)),
    ("financings", insert_sql(FINANCING_INSERT)),
    ("repair_orders", insert_sql(REPAIR_ORDER_INSERT)),
    ("leads", insert_sql(("leads", LEAD_COLUMNS, _marks(LEAD_COLUMNS)))),
    ("proposals", insert_sql(("proposals", PROPOSAL_COLUMNS, _marks(PROPOSAL_COLUMNS)))),
    ("contacts", insert_sql(("contacts", CONTACT_COLUMNS, _marks(CONTACT_COLUMNS)))),
    ("wishes", insert_sql(("wishes", WISH_COLUMNS, _marks(WISH_COLUMNS)))),
    ("complaints", insert_sql(("complaints", COMPLAINT_COLUMNS, _marks(COMPLAINT_COLUMNS)))),
    ("labels", insert_sql(("demo_labels", LABEL_COLUMNS, _marks(LABEL_COLUMNS)))),
)


class DemoRefusedError(StoreError):
    """The demo would mix with real data: the database already has clients."""


@dataclass(frozen=True, slots=True)
class DemoStats:
    """How many rows of each kind the demo wrote, and how long it took."""

    clients: int
    vehicles: int
    financings: int
    repair_orders: int
    leads: int
    proposals: int
    contacts: int
    wishes: int
    complaints: int
    users: int
    campaigns: int
    labels: int
    seconds: float


def generate_demo(
    conn: sqlite3.Connection,
    *,
    clients: int,
    seed: int,
    today: dt.date,
    progress: Progress | None = None,
) -> DemoStats:
    """Fill an empty Relance database with a demo dealership of ``clients`` clients.

    Raises :class:`DemoRefusedError` when the database already holds clients.
    ``progress(done, total)`` is called after each chunk is committed.
    """
    started = time.perf_counter()
    if clients < 0:
        raise ValueError("clients must be >= 0")
    refuse_if_not_empty(conn)
    counts = dict.fromkeys((key for key, _ in _INSERTS), 0)
    with bulk_pragmas(conn), indexes_built_after(conn, _FILLED_TABLES):
        with write(conn):
            conn.execute(_LABELS_TABLE)
            staff = insert_staff(conn, today)
        done = 0
        for rows in chunks(seed, today, staff, clients, CHUNK_CLIENTS):
            with write(conn):
                insert_chunk(conn, rows, counts)
            done += len(rows.clients)
            if progress is not None:
                progress(done, clients)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return DemoStats(
        **counts, users=len(data.USERS), campaigns=len(data.CAMPAIGNS),
        seconds=time.perf_counter() - started,
    )


def chunks(seed: int, today: dt.date, staff: Staff, clients: int,
           chunk_clients: int) -> Iterator[ChunkRows]:
    """The demo's rows chunk by chunk; made in another process while this one writes.

    One process draws every chunk in turn from one random generator, so the rows do not depend
    on the pipeline; a small demo is made here, sparing the process start.
    """
    if clients <= chunk_clients:
        yield from produce_chunks(seed, today, staff, clients, chunk_clients)
        return
    context = multiprocessing.get_context("spawn")  # no fork: the caller may hold threads
    queue: multiprocessing.Queue[ChunkRows | str | None] = context.Queue(maxsize=2)
    producer = context.Process(
        target=_produce_into, args=(queue, seed, today, staff, clients, chunk_clients),
        name="relance-demo-rows", daemon=True,
    )
    producer.start()
    try:
        while (item := queue.get()) is not None:
            if isinstance(item, str):
                raise StoreError(f"génération de la démo interrompue : {item}")
            yield item
        producer.join()
    finally:
        if producer.is_alive():
            producer.terminate()
            producer.join()


def produce_chunks(seed: int, today: dt.date, staff: Staff, clients: int,
                   chunk_clients: int) -> Iterator[ChunkRows]:
    """Every chunk of the demo, in order."""
    builder = ChunkBuilder(seed, today, staff)
    for first in range(1, clients + 1, chunk_clients):
        yield builder.chunk(first, min(chunk_clients, clients + 1 - first))


def _produce_into(queue: multiprocessing.Queue[ChunkRows | str | None], seed: int,
                  today: dt.date, staff: Staff, clients: int, chunk_clients: int) -> None:
    try:
        for rows in produce_chunks(seed, today, staff, clients, chunk_clients):
            queue.put(rows)
    except Exception as exc:  # the writer shows it; a traceback in a child helps nobody
        queue.put(f"{type(exc).__name__}: {exc}")
        return
    queue.put(None)


def refuse_if_not_empty(conn: sqlite3.Connection) -> None:
    """Raise :class:`DemoRefusedError` if the database already has clients."""
    if conn.execute("SELECT 1 FROM clients LIMIT 1").fetchone() is not None:
        raise DemoRefusedError(
            "la base contient déjà des clients : la démo ne se génère que dans une base vide."
        )


@contextmanager
def bulk_pragmas(conn: sqlite3.Connection) -> Iterator[None]:
    """Faster bulk writes for the time of the demo, then the settings as they were.

    The generator writes only rows whose references and values it made, so foreign keys and
    CHECK constraints are proven by the tests rather than row by row (an ``IN (...)`` check costs
    more than the insert itself under ``executemany``). The journal stays WAL throughout.
    """
    saved = {name: conn.execute(f"PRAGMA {name}").fetchone()[0]
             for name in ("foreign_keys", "ignore_check_constraints", "synchronous", "cache_size")}
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("PRAGMA ignore_check_constraints=ON")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        for name, value in saved.items():
            conn.execute(f"PRAGMA {name}={int(value)}")


@contextmanager
def indexes_built_after(conn: sqlite3.Connection, tables: Sequence[str]) -> Iterator[None]:
    """Drop the secondary indexes of ``tables``, then build them again from their own SQL.

    One sort per index at the end costs less than keeping millions of random keys in order
    row by row. They are rebuilt even when the generation fails.
    """
    marks = ", ".join("?" * len(tables))
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({marks}) ORDER BY rowid", tuple(tables),
    ).fetchall()
    with write(conn):
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
    try:
        yield
    finally:
        threads = conn.execute("PRAGMA threads").fetchone()[0]
        conn.execute(f"PRAGMA threads={SORT_THREADS}")
        try:
            with write(conn):
                for _, sql in indexes:
                    conn.execute(sql)
        finally:
            conn.execute(f"PRAGMA threads={int(threads)}")


def insert_staff(conn: sqlite3.Connection, today: dt.date) -> Staff:
    """Users and campaigns of the demo; return what the client rows need of them."""
    stamp = (today - dt.timedelta(days=6 * 365)).isoformat() + "T08:00:00"
    conn.executemany(
        "INSERT INTO users (id, login, name, role, active, version, created_at, created_by,"
        " updated_at, updated_by) VALUES (?, ?, ?, ?, 1, 1, ?, 'admin', ?, 'admin')",
        [(n, login, name, role, stamp, stamp)
         for n, (login, name, role) in enumerate(data.USERS, start=1)],
    )
    campaign_rows = []
    for n, (name, channel, target, cost) in enumerate(data.CAMPAIGNS, start=1):
        starts = today - dt.timedelta(days=400 - 120 * n)
        campaign_rows.append((n, name, channel, target, starts.isoformat(),
                              (starts + dt.timedelta(days=30)).isoformat(), cost * 100,
                              starts.isoformat() + "T09:00:00", starts.isoformat() + "T09:00:00"))
    conn.executemany(
        "INSERT INTO campaigns (id, name, channel, target, starts_on, ends_on, cost_cents,"
        " version, created_at, created_by, updated_at, updated_by)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, 'c.lemaitre', ?, 'c.lemaitre')",
        campaign_rows,
    )
    users = list(enumerate(data.USERS, start=1))
    sales = [(n, login) for n, (login, _, role) in users if role == "sales"]
    return Staff(
        sales_ids=tuple(n for n, _ in sales),
        sales_logins=tuple(login for _, login in sales),
        aftersales_logins=tuple(login for _, (login, _, role) in users if role == "aftersales"),
        campaign_ids=tuple(n for n, _ in enumerate(data.CAMPAIGNS, start=1)),
    )


def insert_chunk(conn: sqlite3.Connection, rows: ChunkRows, counts: dict[str, int]) -> None:
    """Insert one chunk's rows, parents first, and add them to ``counts``."""
    for key, sql in _INSERTS:
        table_rows: list[Row] = getattr(rows, key)
        if table_rows:
            conn.executemany(sql, table_rows)
            counts[key] += len(table_rows)
