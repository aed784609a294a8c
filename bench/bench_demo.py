"""Time the demo dealership generator: ``python bench/bench_demo.py --clients 1000000``.

Prints clients per second, total seconds, rows per table, the file size and the peak memory.
The database goes to a temporary file, deleted afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store.db import connect
from store.demo import generate_demo

TABLES = ("users", "clients", "vehicles", "financings", "repair_orders", "leads", "proposals",
          "contacts", "wishes", "complaints", "campaigns", "demo_labels")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 23))
    parser.add_argument("--db", type=Path, help="database file (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    return parser.parse_args(argv)


def show_progress(done: int, total: int) -> None:
    print(f"\r{done:>10,} / {total:,} clients", end="", file=sys.stderr, flush=True)


def run(path: Path, args: argparse.Namespace) -> None:
    conn = connect(path)
    try:
        stats = generate_demo(conn, clients=args.clients, seed=args.seed, today=args.today,
                              progress=show_progress)
        print(file=sys.stderr)
        for table in TABLES:
            count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            print(f"{table:>15} {count:>12,}")
    finally:
        conn.close()
    size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    own = resource.getrusage(resource.RUSAGE_SELF)
    child = resource.getrusage(resource.RUSAGE_CHILDREN)  # the process making the rows
    peak_mb = own.ru_maxrss / 1024
    child_peak_mb = child.ru_maxrss / 1024
    cpu = own.ru_utime + own.ru_stime + child.ru_utime + child.ru_stime
    print(f"clients/s      {args.clients / stats.seconds:>12,.0f}")
    print(f"seconds        {stats.seconds:>12.1f}")
    print(f"file MB        {size_mb:>12.1f}")
    print(f"CPU seconds    {cpu:>12.1f}")
    print(f"peak RSS MB    {peak_mb:>12.1f}  (row maker {child_peak_mb:.1f})")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.db is not None:
        run(args.db, args)
        return
    with tempfile.TemporaryDirectory(prefix="relance-bench-") as folder:
        path = Path(folder) / "demo.db"
        run(path, args)
        if args.keep:
            kept = Path(tempfile.gettempdir()) / f"relance-demo-{args.clients}.db"
            path.rename(kept)
            print(f"kept {kept}")


if __name__ == "__main__":
    main()
