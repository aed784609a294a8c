"""Bench of the rules engine: a full run and the daily incremental run, seconds and peak RSS.

    python -m bench.bench_rules --db PATH     # on a given database (its reminders are reset)
    python -m bench.bench_rules --db PATH --repeat 3   # each step three times, then medians
    python -m bench.bench_rules               # on a synthetic 1M-client database in var/

Budgets (issue 3): full run ≤ 5 s and ≤ 300 MB; incremental run on app start ≤ 300 ms.
Each measurement runs in a fresh process so that peak RSS is the engine's own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import median

from rules.ruleset import load_rules
from rules.runner import run_rules
from store.db import connect, write

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "bench_rules.db"
TODAY = date(2026, 11, 23)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: Path, mode: str, today: date) -> dict[str, object]:
    """One run in this process: ``full`` (reminders reset first) or ``incremental``."""
    conn = connect(db)
    try:
        if mode == "full":
            with write(conn):  # contacts point at reminders: let go of them first
                conn.execute("UPDATE contacts SET reminder_id = NULL WHERE reminder_id IS NOT NULL")
                conn.execute("DELETE FROM reminders")
                conn.execute("DELETE FROM rule_runs")
        rules = load_rules()
        started = time.perf_counter()
        report = run_rules(conn, today, rules, incremental=mode != "full")
        seconds = time.perf_counter() - started
    finally:
        conn.close()
    return {
        "mode": mode,
        "day": today.isoformat(),
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "raised": report.raised,
        "known": report.known,
        "caught_up": report.caught_up,
        "expired": report.expired,
        "held": report.held,
        "since": report.since.isoformat(),
    }


def _in_child(db: Path, mode: str, today: date) -> dict[str, object]:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.bench_rules",
            "--db",
            str(db),
            "--measure",
            mode,
            "--today",
            today.isoformat(),
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--db", type=Path, help="database to run on (default: synthetic)")
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run the whole sequence N times and print each step's median")
    parser.add_argument("--measure", choices=("full", "incremental"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.db, args.measure, args.today)))
        return 0
    db: Path = args.db or DEFAULT_DB
    if args.db is None and not db.exists():
        from bench.synthetic_dealership import generate  # only when generating

        db.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        print(f"generating {db} ...", flush=True)
        generate(db)
        print(f"generated in {time.perf_counter() - started:.1f} s", flush=True)
    today: date = args.today
    steps = [
        ("full", today),
        ("incremental", today),  # the app started again the same day
        ("incremental", today + timedelta(days=1)),  # the next morning
        ("incremental", today + timedelta(days=4)),  # after a long weekend
    ]
    seconds: dict[int, list[float]] = {index: [] for index in range(len(steps))}
    peaks: dict[int, list[float]] = {index: [] for index in range(len(steps))}
    for _ in range(max(args.repeat, 1)):
        for index, (mode, day) in enumerate(steps):
            run = _in_child(db, mode, day)
            seconds[index].append(float(str(run["seconds"])))
            peaks[index].append(float(str(run["peak_rss_mb"])))
            print(
                f"{run['mode']:<12} {run['day']}  {run['seconds']:>7.3f} s  "
                f"peak {run['peak_rss_mb']:>6.1f} MB  raised {run['raised']}, known {run['known']}, "
                f"caught up {run['caught_up']}, expired {run['expired']}, held {run['held']}",
                flush=True,
            )
    if args.repeat > 1:
        print(f"medians of {args.repeat} runs:")
        for index, (mode, day) in enumerate(steps):
            print(f"{mode:<12} {day.isoformat()}  {median(seconds[index]):>7.3f} s  "
                  f"peak {max(peaks[index]):>6.1f} MB (max)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
