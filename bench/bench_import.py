"""Import rate of a large repair-order file, and the memory it takes.

Makes its own French CSV (cp1252, ``;``, dd/mm/yyyy, ``1 234,56``) in a temporary folder,
imports it into a fresh database holding the clients and vehicles it refers to, and prints
rows per second and the peak RSS. ``python -m bench.bench_import --rows 1000000``.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from store.db import connect, write
from store.imports import PROBLEMS, ImportOptions, RowOutcome, import_file


def _vin(n: int) -> str:
    return f"VF3BENCH{n:09d}"


def make_database(path: Path, clients: int) -> None:
    """A fresh database with ``clients`` clients (numbers C1...) each owning one vehicle."""
    conn = connect(path)
    with write(conn):
        conn.executemany("INSERT INTO clients (id, external_id, last_name, kind) VALUES (?, ?, ?, 'client')",
                         ((n, f"C{n}", f"Client {n}") for n in range(1, clients + 1)))
        conn.executemany("INSERT INTO vehicles (id, client_id, vin, make) VALUES (?, ?, ?, 'Peugeot')",
                         ((n, n, _vin(n)) for n in range(1, clients + 1)))
    conn.close()


def make_file(path: Path, rows: int, clients: int) -> None:
    """A repair-order file as a DMS writes it, streamed to disk."""
    with path.open("w", encoding="cp1252", newline="") as out:
        out.write("N° OR;Date OR;N° client;VIN;Kilométrage;CA HT;Type\r\n")
        for n in range(1, rows + 1):
            owner = n % clients + 1
            day = n % 28 + 1
            month = n % 12 + 1
            euros = n % 3000
            amount = f"{euros // 1000} {euros % 1000:03d},{n % 100:02d}" if euros >= 1000 \
                else f"{euros},{n % 100:02d}"
            out.write(f"OR{n:09d};{day:02d}/{month:02d}/20{n % 20 + 5:02d};C{owner};{_vin(owner)};"
                      f"{n % 200_000};{amount};Entretien\r\n")


def raw_executemany_rate(folder: Path, rows: int, clients: int) -> float:
    """What plain ``executemany`` reaches on this machine now, for the same rows and table."""
    path = folder / "baseline.db"
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    make_database(path, clients)
    conn = connect(path)
    params = ((f"OR{n:09d}", f"20{n % 20 + 5:02d}-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
               n % clients + 1, n % clients + 1, n % 200_000, n % 3000 * 100 + n % 100, "Entretien")
              for n in range(1, rows + 1))
    started = time.perf_counter()
    conn.execute("PRAGMA cache_size = -32768")  # as the import has it
    with write(conn):
        conn.executemany("INSERT INTO repair_orders (number, opened_on, client_id, vehicle_id, mileage,"
                         " revenue_cents, kind) VALUES (?, ?, ?, ?, ?, ?, ?)", params)
    elapsed = time.perf_counter() - started
    conn.close()
    return rows / elapsed


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def children_cpu() -> float:
    """CPU seconds of the ended child processes (the one reading a large file)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_import", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--keep", metavar="DIR", type=Path, help="work in DIR and keep the files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="relance-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db, csv_path = folder / "bench.db", folder / "repair_orders.csv"
        for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            stale.unlink(missing_ok=True)
        started = time.perf_counter()
        make_database(db, args.clients)
        make_file(csv_path, args.rows, args.clients)
        print(f"setup: {args.rows:,} rows, {csv_path.stat().st_size / 1e6:.0f} MB file, "
              f"{time.perf_counter() - started:.1f} s; RSS before import {peak_rss_mb():.0f} MB")
        conn = connect(db)
        problems: list[RowOutcome] = []

        def heard(outcome: RowOutcome) -> None:  # what `relance import` does with each problem
            if len(problems) < 20:
                problems.append(outcome)

        started, cpu, reading = time.perf_counter(), time.process_time(), children_cpu()
        summary = import_file(conn, "repair-orders", csv_path,
                              ImportOptions(batch_size=args.batch_size), user="bench", on_outcome=heard,
                              report=PROBLEMS)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        reading = children_cpu() - reading
        conn.close()
        check = sqlite3.connect(db)
        stored = check.execute("SELECT count(*) FROM repair_orders").fetchone()[0]
        check.close()
        print(f"import: {summary.counts['create']:,} created, {summary.counts['rejected']:,} rejected,"
              f" {stored:,} stored in {elapsed:.2f} s = {args.rows / elapsed:,.0f} rows/s"
              f" (CPU {cpu:.1f} s writing + {reading:.1f} s in the process reading the file:"
              f" {args.rows / (cpu + reading):,.0f} rows per CPU second)")
        print(f"peak RSS: {peak_rss_mb():.0f} MB, "
              f"the reading process {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB")
        raw_rate = raw_executemany_rate(folder, args.rows, args.clients)
        print(f"baseline, same rows already parsed, one executemany into repair_orders: "
              f"{raw_rate:,.0f} rows/s (import = {args.rows / elapsed / raw_rate:.0%} of it)")
        conn = connect(db)
        started = time.perf_counter()
        again = import_file(conn, "repair-orders", csv_path, ImportOptions(batch_size=args.batch_size),
                            on_outcome=heard, report=PROBLEMS)
        elapsed = time.perf_counter() - started
        conn.close()
        print(f"re-import (all unchanged: {again.counts['unchanged']:,}): {elapsed:.2f} s = "
              f"{args.rows / elapsed:,.0f} rows/s; peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
