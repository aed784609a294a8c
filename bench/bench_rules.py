"""Bench of the rules engine: a full run and the daily incremental run, seconds and peak RSS.

    python -m bench.bench_rules --db PATH     # on a given database (its reminders are reset)
    python -m bench.bench_rules --db PATH --repeat 3   # each step three times, then medians
    python -m bench.bench_rules               # on a synthetic 1M-client database in var/
    python -m bench.bench_rules --db PATH --floor   # and what storing each run's rows costs alone

Budgets (issue 3): full run ≤ 5 s and ≤ 300 MB; incremental run on app start ≤ 300 ms.
Each measurement runs in a fresh process so that peak RSS is the engine's own.

``--floor`` answers how far below a run the budget could be: after each run, the reminders it
inserted are set aside and inserted again in one statement, on a fresh connection as the run
had (its cold page cache and, for a full run, its larger one), with nothing left to find or word.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from statistics import median

from rules.ruleset import load_rules
from rules.runner import run_rules
from store.db import connect, write
from store.raising import RUN_CACHE_KIB

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
        first_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM reminders").fetchone()[0]
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
        "first_id": first_id,
    }


def measure_floor(db: Path, first_id: int, large: bool) -> dict[str, object]:
    """The reminders from ``first_id`` on, set aside and inserted again in one statement on a
    fresh connection (with a full run's page cache when ``large``), as the engine inserts them:
    what storing a run's rows costs with nothing to find or word. The file ends as it was."""
    with tempfile.TemporaryDirectory() as scratch:
        aside = Path(scratch) / "aside.db"
        conn = connect(db)
        try:
            conn.execute("ATTACH ? AS aside", (str(aside),))
            with write(conn):
                conn.execute("CREATE TABLE aside.rows AS SELECT * FROM reminders WHERE id >= ? ORDER BY id",
                             (first_id,))
                conn.execute("DELETE FROM reminders WHERE id >= ?", (first_id,))
        finally:
            conn.close()
        conn = connect(db)  # a cold page cache, as the run's own connection had
        try:
            if large:
                conn.execute(f"PRAGMA cache_size = -{RUN_CACHE_KIB}")
            conn.execute("ATTACH ? AS aside", (str(aside),))
            started = time.perf_counter()
            with write(conn):
                rows = conn.execute("INSERT INTO reminders SELECT * FROM aside.rows").rowcount
            seconds = time.perf_counter() - started
        finally:
            conn.close()
    return {"mode": "floor", "seconds": round(seconds, 3), "rows": rows}


def _in_child(db: Path, mode: str, today: date, *more: str) -> dict[str, object]:
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
            *more,
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
    parser.add_argument("--floor", action="store_true",
                        help="after each run, time storing its reminders alone")
    parser.add_argument("--measure", choices=("full", "incremental", "floor"), help=argparse.SUPPRESS)
    parser.add_argument("--first-id", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--large", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure == "floor":
        print(json.dumps(measure_floor(args.db, args.first_id, args.large)))
        return 0
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
    floors: dict[int, list[float]] = {index: [] for index in range(len(steps))}
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
            if args.floor and run["raised"]:
                more = ["--first-id", str(run["first_id"]), *(["--large"] if mode == "full" else [])]
                floor = _in_child(db, "floor", day, *more)
                floors[index].append(float(str(floor["seconds"])))
                print(f"{'':<12} storing its {floor['rows']} rows alone: {floor['seconds']:.3f} s",
                      flush=True)
    if args.repeat > 1:
        print(f"medians of {args.repeat} runs:")
        for index, (mode, day) in enumerate(steps):
            stored = f", storing its rows alone {median(floors[index]):.3f} s" if floors[index] else ""
            print(f"{mode:<12} {day.isoformat()}  {median(seconds[index]):>7.3f} s  "
                  f"peak {max(peaks[index]):>6.1f} MB (max){stored}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
