"""Opening a database: created right, migrated once, and every bad path refused without damage."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from store.db import connect
from store.errors import DatabaseError
from store.migrations import APPLICATION_ID, LATEST_VERSION, migrate, schema_version


def test_new_database_is_wal_with_foreign_keys_and_group_writable(db_path: Path) -> None:
    conn = connect(db_path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert schema_version(conn) == LATEST_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o660


def test_new_database_keeps_group_write_under_a_strict_umask(db_path: Path) -> None:
    import os

    old = os.umask(0o077)
    try:
        connect(db_path).close()
    finally:
        os.umask(old)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o660


def test_reopening_migrates_nothing_twice(db_path: Path) -> None:
    connect(db_path).close()
    conn = connect(db_path)
    assert migrate(conn) == []
    assert schema_version(conn) == LATEST_VERSION
    conn.close()


@pytest.mark.parametrize(
    "table",
    ["users", "clients", "vehicles", "financings", "wishes", "leads", "proposals", "contacts",
     "reminders", "repair_orders", "campaigns", "complaints", "action_plan_items", "audit"],
)
def test_the_whole_data_model_is_created(conn: sqlite3.Connection, table: str) -> None:
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]


def test_reminders_are_unique_per_occurrence(conn: sqlite3.Connection) -> None:
    from tests.factories import add_client, add_reminder

    client = add_client(conn)
    add_reminder(conn, client)
    with pytest.raises(sqlite3.IntegrityError):
        add_reminder(conn, client)


def _refused(path: Path, expected: str) -> str:
    with pytest.raises(DatabaseError) as caught:
        connect(path)
    message = str(caught.value)
    assert expected in message
    assert "\n" not in message
    return message


def test_a_directory_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "est un dossier")


def test_a_text_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("ceci n'est pas une base\n" * 100)
    before = path.read_bytes()
    _refused(path, "n'est pas une base SQLite valide")
    assert path.read_bytes() == before


def test_a_corrupt_database_is_refused_and_kept(db_path: Path) -> None:
    connect(db_path).close()
    data = bytearray(db_path.read_bytes())
    data[0:100] = b"\x00" * 100  # the header is gone
    db_path.write_bytes(bytes(data))
    _refused(db_path, "n'est pas une base SQLite valide")
    assert db_path.read_bytes() == bytes(data)


def test_a_database_of_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    other.commit()
    other.close()
    _refused(path, "n'appartient pas à Relance")
    check = sqlite3.connect(path)
    assert [r[0] for r in check.execute("SELECT name FROM sqlite_master")] == ["invoices"]
    check.close()


def test_a_database_from_a_newer_relance_is_refused(db_path: Path) -> None:
    connect(db_path).close()
    raw = sqlite3.connect(db_path)
    raw.execute(f"PRAGMA user_version={LATEST_VERSION + 1}")
    raw.close()
    message = _refused(db_path, "version plus récente")
    assert str(LATEST_VERSION + 1) in message


def test_a_parent_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "fichier"
    blocker.write_text("x")
    _refused(blocker / "relance.db", "n'est pas un dossier")


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "relance.db"
    connect(path).close()
    assert path.exists()


def _older_base(path: Path, version: int = LATEST_VERSION - 1) -> None:
    """A Relance base at schema ``version`` (one migration behind), as that version left it."""
    from store.migrations import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None)
    for number, migration in enumerate(MIGRATIONS[:version], start=1):
        conn.execute("BEGIN")
        migration(conn)
        conn.execute(f"PRAGMA user_version={number}")
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute("COMMIT")
    conn.close()


def test_pending_migrations_counts_what_an_older_base_lacks(db_path: Path, tmp_path: Path) -> None:
    from store.db import pending_migrations

    _older_base(db_path)
    assert pending_migrations(db_path) == 1
    connect(db_path).close()
    assert pending_migrations(db_path) == 0
    assert pending_migrations(tmp_path / "none.db") == 0
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    assert pending_migrations(foreign) == 0


def test_the_command_says_it_updates_an_older_base_then_works(db_path: Path) -> None:
    from tests.cli import run_relance

    _older_base(db_path)
    first = run_relance("queue", "--db", str(db_path))
    assert first.returncode == 0, first.stderr
    assert "mise à jour" in first.stderr
    again = run_relance("queue", "--db", str(db_path))
    assert again.returncode == 0
    assert "mise à jour" not in again.stderr


def _financings_client(conn: sqlite3.Connection) -> str:
    found = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'financings_client'").fetchone()
    return "" if found is None else str(found[0])


def test_the_ongoing_contract_test_reads_the_index_alone(conn: sqlite3.Connection) -> None:
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT 1 FROM financings fi WHERE fi.client_id = 1"
                        " AND fi.status = 'active' AND fi.end_on >= '2026-11-23'").fetchall()
    assert "COVERING INDEX financings_client" in str(plan)


@pytest.mark.parametrize("aside", [False, True])
def test_migration_9_replaces_the_index_even_set_aside_by_an_import(db_path: Path, aside: bool) -> None:
    from store.deferred_indexes import defer
    from store.migrations import FINANCINGS_CLIENT

    _older_base(db_path, 8)
    conn = sqlite3.connect(db_path, isolation_level=None)
    assert _financings_client(conn) == "CREATE INDEX financings_client ON financings(client_id)"
    if aside:  # an import of financings killed while it had the table's indexes aside
        defer(conn, "financings")
        assert _financings_client(conn) == ""
    conn.close()
    migrated = connect(db_path)  # migrates, then builds what a killed import left aside
    try:
        assert schema_version(migrated) == LATEST_VERSION
        assert _financings_client(migrated) == FINANCINGS_CLIENT
        assert migrated.execute("SELECT count(*) FROM deferred_indexes").fetchone()[0] == 0
    finally:
        migrated.close()
