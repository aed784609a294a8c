"""RFM and ABC over a dealership group's file: seconds and peak memory.

    python -m bench.bench_reports [--db PATH] [--clients N] [--orders M] [--today AAAA-MM-JJ]

Without ``--db`` a synthetic file of N clients (1 000 000) and M repair orders (3 000 000) is
built first, in a child process so that building does not count in the peak memory measured.
Target (issue 7): at most 10 s and 500 MB for each of RFM and ABC.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

from rules import abc, rfm
from store import reports
from store.db import connect

BATCH = 50_000


def build(path: Path, clients: int, orders: int, today: date, seed: int = 7) -> None:
    """A synthetic file: ``clients`` clients, ``orders`` repair orders over four years, by date."""
    rng = random.Random(seed)
    conn = connect(path)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO clients (id, kind, last_name, first_name) VALUES (?, 'client', ?, 'X')",
            ((i, f"CLIENT{i}") for i in range(1, clients + 1)),
        )
        first_day = today - timedelta(days=4 * 365)
        days = sorted(rng.randrange(4 * 365) for _ in range(orders))

        def rows() -> Iterator[tuple[object, ...]]:
            for n, offset in enumerate(days):
                # a skewed clientele: a few loyal clients come often, most rarely
                client = 1 + int(clients * rng.random() ** 2)
                yield (f"OR{n:08d}", (first_day + timedelta(days=offset)).isoformat(), client,
                       rng.randrange(50_00, 1_500_00), rng.randrange(0, 250_000))

        conn.executemany(
            "INSERT INTO repair_orders (number, opened_on, client_id, revenue_cents, mileage)"
            " VALUES (?, ?, ?, ?, ?)",
            rows(),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process (user + system): less sensitive than the wall clock to a busy
    machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


Measure = tuple[str, float, float, float]  # what, wall seconds, CPU seconds, peak RSS MB


def measure(path: Path, today: date) -> list[Measure]:
    """Wall and CPU seconds and peak RSS for RFM, the ABC summary and writing the segments."""
    conn = connect(path)
    results = []
    try:
        window = rfm.periods(today)
        bounds = rfm.window_bounds(window)
        start, end = bounds[0][0], bounds[-1][1]

        began, cpu = time.perf_counter(), cpu_seconds()
        summary = rfm.summarize_codes(reports.purchase_code_counts(conn, bounds))
        profiles = ", ".join(f"{p.profile} {p.clients}" for p in summary.profiles)
        results.append((f"RFM summary, {summary.clients} clients ({profiles})",
                        time.perf_counter() - began, cpu_seconds() - cpu, peak_rss_mb()))

        began, cpu = time.perf_counter(), cpu_seconds()
        streamed = sum(1 for _ in rfm.rfm_all(reports.purchases_by_period(conn, bounds), window))
        results.append((f"RFM per client streamed, {streamed} clients", time.perf_counter() - began,
                        cpu_seconds() - cpu, peak_rss_mb()))

        began, cpu = time.perf_counter(), cpu_seconds()
        total = reports.revenue_total(conn, start, end)
        segments = abc.summarize(reports.revenue_by_client(conn, start, end), total,
                                 all_clients=reports.client_count(conn))
        counted = ", ".join(f"{s.segment} {s.clients}" for s in segments)
        results.append((f"ABC summary ({counted})", time.perf_counter() - began,
                        cpu_seconds() - cpu, peak_rss_mb()))

        began, cpu = time.perf_counter(), cpu_seconds()
        changed = reports.write_abc_segments(
            conn, abc.segments(reports.revenue_by_client(conn, start, end), total))
        results.append((f"ABC saved ({changed} clients changed)", time.perf_counter() - began,
                        cpu_seconds() - cpu, peak_rss_mb()))
    finally:
        conn.close()
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench_reports", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="an existing Relance file (the 1M-client demo)")
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--orders", type=int, default=3_000_000)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 23))
    parser.add_argument("--keep", type=Path, help="build the synthetic file here (or reuse it)")
    parser.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build_only:
        build(args.build_only, args.clients, args.orders, args.today)
        return 0
    with tempfile.TemporaryDirectory(prefix="relance-bench-") as folder:
        path = args.db
        if args.keep:
            path = args.keep
        if path is None or not path.exists():
            path = path or Path(folder) / "bench.db"
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "bench.bench_reports", "--build-only", str(path),
                 "--clients", str(args.clients), "--orders", str(args.orders),
                 "--today", args.today.isoformat()],
                check=True,
            )
            print(f"built {args.clients} clients, {args.orders} repair orders"
                  f" in {time.perf_counter() - began:.1f} s ({path.stat().st_size / 1e6:.0f} MB)")
        for what, seconds, cpu, rss in measure(path, args.today):
            print(f"{what}: {seconds:.2f} s ({cpu:.2f} s CPU), peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
