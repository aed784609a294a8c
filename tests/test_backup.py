"""Backup while another process writes; restore refuses a database in use, never half-writes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from store.db import connect
from tests.cli import run_relance
from tests.factories import add_client

WRITER = """
import sys, time
from store.db import connect, write
conn = connect(sys.argv[1])
print("ready", flush=True)
while True:
    with write(conn):
        cid = conn.execute("INSERT INTO clients (last_name) VALUES ('Ecrit')").lastrowid
        conn.execute("INSERT INTO contacts (client_id, at, channel) VALUES (?, '2026-01-01', 'phone')",
                     (cid,))
"""


def test_backup_is_consistent_while_another_process_writes(db_path: Path, tmp_path: Path) -> None:
    connect(db_path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        result = run_relance("backup", str(tmp_path / "copy.db"), "--db", str(db_path))
        assert result.returncode == 0, result.stderr
        time.sleep(0.2)
    finally:
        writer.kill()
        writer.wait()
    copy = sqlite3.connect(tmp_path / "copy.db")
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    clients, contacts = (copy.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                         for t in ("clients", "contacts"))
    assert clients == contacts > 0  # each write put one of each: the copy is one snapshot
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    source = sqlite3.connect(db_path)
    assert source.execute("SELECT count(*) FROM clients").fetchone()[0] > clients  # writes went on
    source.close()
    again = run_relance("backup", str(tmp_path / "copy.db"), "--db", str(db_path))
    assert again.returncode == 1
    assert "existe déjà" in again.stderr


def test_restore_refuses_a_database_in_use(conn: sqlite3.Connection, db_path: Path,
                                           tmp_path: Path) -> None:
    add_client(conn, last_name="Avant")
    assert run_relance("backup", str(tmp_path), "--db", str(db_path)).returncode == 0
    saved = next(tmp_path.glob("relance-*.db"))
    add_client(conn, last_name="Après")
    refused = run_relance("restore", str(saved), "--db", str(db_path))
    assert refused.returncode == 1
    assert "ouverte par une autre session" in refused.stderr
    assert conn.execute("SELECT count(*) FROM clients").fetchone()[0] == 2
    conn.close()
    done = run_relance("restore", str(saved), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    fresh = connect(db_path)
    assert [r[0] for r in fresh.execute("SELECT last_name FROM clients")] == ["Avant"]
    forced = run_relance("restore", str(saved), "--db", str(db_path), "--force")
    assert forced.returncode == 0, forced.stderr
    fresh.close()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_bad_backup_leaves_the_database_untouched(conn: sqlite3.Connection, db_path: Path,
                                                     tmp_path: Path) -> None:
    add_client(conn)
    conn.close()
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    result = run_relance("restore", str(bad), "--db", str(db_path))
    assert result.returncode == 1
    assert "bad.db" in result.stderr
    check = connect(db_path)
    assert check.execute("SELECT count(*) FROM clients").fetchone()[0] == 1
    check.close()
    assert not list(tmp_path.glob(".relance.db.*"))
