"""``make bench`` itself: it builds its demo once, reuses it, and refuses an unknown bench."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


def test_bench_builds_the_demo_once_then_reuses_it(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    first = _bench("--clients", "300", "--db", str(db), "--only", "demo")
    assert first.returncode == 0, first.stderr
    assert "300 clients in" in first.stdout
    assert "clients/s" in first.stdout
    assert db.exists()
    again = _bench("--clients", "300", "--db", str(db), "--only", "demo")
    assert again.returncode == 0, again.stderr
    assert "exists, reused" in again.stdout


def test_bench_refuses_an_unknown_bench(tmp_path: Path) -> None:
    result = _bench("--db", str(tmp_path / "x.db"), "--only", "demo,speed")
    assert result.returncode == 2
    assert "unknown bench speed" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_the_rules_floor_stores_a_runs_rows_again_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    from datetime import date

    from bench.bench_rules import measure_floor
    from rules.ruleset import load_rules
    from rules.runner import run_rules
    from store.db import write
    from tests.rules_factories import add_client, add_vehicle, fresh_db

    conn = fresh_db(tmp_path)
    with write(conn):
        for n in range(6):
            client_id = add_client(conn, updated_at="2026-06-01T10:00:00")
            add_vehicle(conn, client_id, delivered_on=f"2025-11-{18 + n:02d}")
    run_rules(conn, date(2026, 11, 20), load_rules())
    first_id = conn.execute("SELECT max(id) + 1 FROM reminders").fetchone()[0]
    run_rules(conn, date(2026, 11, 23), load_rules())
    before = conn.execute("SELECT * FROM reminders ORDER BY id").fetchall()
    db = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    conn.close()
    floor = measure_floor(db, first_id, large=False)
    assert floor["rows"] == sum(1 for row in before if row[0] >= first_id) > 0
    assert float(str(floor["seconds"])) > 0
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT * FROM reminders ORDER BY id").fetchall() == before
    conn.close()
